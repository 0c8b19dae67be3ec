"""Explicit settings: a frozen tree with defaults and help text.

Precedence: defaults < ``ghatna.toml`` (or the file given) < ``GHATNA_<SECTION>__<KEY>`` environment
variables < explicit overrides (CLI flags). Settings are passed to whoever needs them; nothing reads
a global.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from ghatna.errors import ConfigError


def _opt(default: Any, help: str) -> Any:  # noqa: A002 - mirrors argparse naming
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """How raw records become articles."""

    max_bytes: int = _opt(20_000_000, "Largest record accepted, in bytes; larger ones are rejected (E104).")
    legacy_fonts: str = _opt("convert", "Hindi in legacy font encodings: 'convert' to Unicode or 'reject'.")
    min_chars: int = _opt(20, "Fewest letters a clean text must keep to become an article.")
    encoding_fallback: str = _opt("replace", "Invalid UTF-8 bytes: 'replace' (with a warning) or 'reject'.")


@dataclass(frozen=True, slots=True)
class TextSettings:
    """Text primitives."""

    max_sentence_chars: int = _opt(2000, "Sentences longer than this are split at the nearest space.")


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Annotators."""

    ner_model: str = _opt("", "Path of an NER model directory; empty means the model shipped in the package.")
    min_confidence: float = _opt(0.0, "Mentions and events below this confidence are dropped.")


@dataclass(frozen=True, slots=True)
class KbSettings:
    """Knowledge base and linking."""

    path: str = _opt("", "Path of a compiled KB; empty means the KB shipped in the package.")
    user_files: tuple[str, ...] = _opt((), "Extra YAML/CSV entity files merged into the KB.")


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """Where articles and extractions are kept."""

    url: str = _opt("ghatna.db", "SQLite file path (default) or postgresql:// URL.")
    batch_size: int = _opt(200, "Articles written per transaction during ingestion.")


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """REST API and web UI."""

    host: str = _opt("127.0.0.1", "Address the server listens on.")
    port: int = _opt(8000, "Port the server listens on.")
    token: str = _opt("", "Bearer token required for write endpoints; empty disables writes.")
    max_page_size: int = _opt(500, "Largest page a list endpoint returns.")
    max_body_bytes: int = _opt(10_000_000, "Largest request body accepted (POST /api/articles), in bytes.")


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """Batch runs."""

    engine: str = _opt("local", "'local' (multiprocessing) or 'ray'.")
    workers: int = _opt(0, "Worker processes; 0 means one per CPU core.")


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings, one section per layer."""

    ingest: IngestSettings = field(default_factory=IngestSettings)
    text: TextSettings = field(default_factory=TextSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    kb: KbSettings = field(default_factory=KbSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    batch: BatchSettings = field(default_factory=BatchSettings)


_CHOICES = {
    ("ingest", "legacy_fonts"): ("convert", "reject"),
    ("ingest", "encoding_fallback"): ("replace", "reject"),
    ("batch", "engine"): ("local", "ray"),
}


def describe_settings() -> list[tuple[str, Any, str]]:
    """Return ``(dotted key, default, help)`` for every setting (used by docs and tests)."""
    out = []
    for sec in fields(Settings):
        for f in fields(sec.default_factory()):  # type: ignore[misc]
            out.append((f"{sec.name}.{f.name}", f.default, f.metadata.get("help", "")))
    return out


def _coerce(section: str, key: str, raw: Any, current: Any) -> Any:
    """Convert a value from TOML/env to the type of the default, or raise ConfigError."""
    try:
        if isinstance(current, bool):
            value: Any = raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
        elif isinstance(current, int):
            value = int(raw)
        elif isinstance(current, float):
            value = float(raw)
        elif isinstance(current, tuple):
            value = tuple(raw) if isinstance(raw, (list, tuple)) else tuple(
                p for p in str(raw).split(",") if p)
        else:
            value = str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError("E601", key=f"{section}.{key}", value=raw, detail=str(exc)) from exc
    choices = _CHOICES.get((section, key))
    if choices and value not in choices:
        raise ConfigError("E601", key=f"{section}.{key}", value=raw, detail=f"choose one of {choices}")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        raise ConfigError("E601", key=f"{section}.{key}", value=raw, detail="must not be negative")
    return value


def apply_overrides(settings: Settings, overrides: Mapping[str, Any]) -> Settings:
    """Return settings with dotted-key overrides applied (``{"store.url": "x.db"}``)."""
    sections = {f.name: getattr(settings, f.name) for f in fields(settings)}
    for dotted, raw in overrides.items():
        section, _, key = dotted.partition(".")
        if section not in sections or key not in {f.name for f in fields(sections[section])}:
            raise ConfigError("E600", key=dotted)
        current = getattr(sections[section], key)
        sections[section] = replace(sections[section], **{key: _coerce(section, key, raw, current)})
    return Settings(**sections)


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, Mapping):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def load_settings(
    path: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Load settings: defaults < TOML file < ``GHATNA_SECTION__KEY`` env < overrides.

    Args:
        path: a TOML file; when None, ``./ghatna.toml`` is read if it exists.
        env: environment mapping (defaults to ``os.environ``).
        overrides: dotted keys set explicitly, e.g. from CLI flags.

    Raises:
        ConfigError: a key is unknown or a value invalid (the message names the key).
    """
    settings = Settings()
    file = Path(path) if path is not None else Path("ghatna.toml")
    if path is not None or file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError("E601", key=str(file), value="", detail=str(exc)) from exc
        settings = apply_overrides(settings, _flatten(data))
    env = os.environ if env is None else env
    from_env = {
        k[len("GHATNA_"):].lower().replace("__", "."): v
        for k, v in env.items()
        if k.startswith("GHATNA_") and "__" in k
    }
    settings = apply_overrides(settings, from_env)
    return apply_overrides(settings, overrides or {})
