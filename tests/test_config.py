"""Settings: precedence, validation with the key named, and documentation of every key."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghatna.config import Settings, describe_settings, load_settings
from ghatna.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_precedence_defaults_file_env_overrides(tmp_path: Path) -> None:
    toml = tmp_path / "g.toml"
    toml.write_text('[store]\nurl = "file.db"\nbatch_size = 7\n[ingest]\nmax_bytes = 10\n', encoding="utf-8")
    s = load_settings(toml, env={"GHATNA_STORE__URL": "env.db", "GHATNA_INGEST__MAX_BYTES": "20"},
                      overrides={"ingest.max_bytes": 30})
    assert (s.store.url, s.store.batch_size, s.ingest.max_bytes) == ("env.db", 7, 30)


def test_defaults_without_file_or_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}) == Settings()


@pytest.mark.parametrize(
    "overrides, key",
    [({"store.nope": 1}, "store.nope"), ({"nope.url": 1}, "nope.url"),
     ({"ingest.max_bytes": "many"}, "ingest.max_bytes"), ({"ingest.legacy_fonts": "guess"}, "ingest.legacy_fonts"),
     ({"ingest.max_bytes": -1}, "ingest.max_bytes")],
)
def test_bad_settings_name_the_key(overrides: dict, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env={}, overrides=overrides)
    assert key in str(err.value) and err.value.code in ("E600", "E601")


def test_bad_toml_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[store\nurl=", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(bad, env={})


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for key, _default, help_text in describe_settings():
        assert f"`{key}`" in doc, f"{key} missing from docs/settings.md"
        assert help_text, f"{key} has no help text"
