"""The compiled KB: it loads, agrees with a rebuild from the sources, and users' files extend it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ghatna.errors import InputError
from ghatna.kb.compile import parse_role, read_seed, read_user_file
from ghatna.kb.knowledge import KnowledgeBase, alias_row, read_compiled, role_valid
from ghatna.resources.loader import read_bytes
from ghatna.types import Role

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT.parent / "shared" / "data" / "kb-sources"


def test_compile_shipped_kb_is_compact_and_complete(kb: KnowledgeBase) -> None:
    assert len(read_bytes("kb/compiled/kb.json.gz")) < 2_000_000
    assert len(kb) > 5000 and len(kb.aliases) > 10000
    licences = " ".join(x["license"] for x in kb.meta["licenses"])
    assert "CC-BY-SA-4.0" in licences and "CC-BY-4.0" in licences
    for qid in ("Q232", "Q159", "Q485207", "Q1520", "Q47423", "Q7747", "Q1058"):
        assert qid in kb


def test_compile_keys_in_shipped_kb_match_current_key_functions(kb: KnowledgeBase) -> None:
    for row in kb.aliases[::97]:
        assert alias_row(row.entity, row.text, row.kind, row.source) == row, "stale keys: run 'make kb'"


@pytest.mark.slow
@pytest.mark.skipif(not SOURCES.is_dir() or importlib.util.find_spec("babel") is None
                    or importlib.util.find_spec("pycountry") is None, reason="KB sources or build extra missing")
def test_compile_rebuild_equals_shipped_artefact() -> None:
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "scripts" / "build_kb.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    rebuilt = mod.serialise(mod.build(SOURCES))
    assert read_compiled(rebuilt).to_compiled() == read_compiled(read_bytes("kb/compiled/kb.json.gz")).to_compiled(), \
        "the shipped KB is stale: run 'make kb'"


def test_compile_seed_people_have_valid_roles() -> None:
    seed = read_seed()
    for group, people in seed["people"].items():
        for p in people:
            assert p["en"] and p["hi"], p
            for r in p.get("roles", ()):
                role = parse_role(r, group, {})
                assert role.start, (p["id"], r)
                assert role.end is None or role.end >= role.start, (p["id"], r)


def test_compile_roles_at_partial_dates() -> None:
    r = Role("president", "Q232", "2019-03-20", None)
    assert role_valid(r, "2019-03") and role_valid(r, "2024") and not role_valid(r, "2019-02")
    assert role_valid(Role("x", "y", "2014", "2016-07-13"), "2016-07")


def test_compile_user_yaml_and_csv_extend_the_kb(tmp_path: Path, kb: KnowledgeBase) -> None:
    y = tmp_path / "mine.yaml"
    y.write_text("- {name_en: Minh Duc, name_hi: मिन्ह डुक, type: PERSON, aliases: [Minh Đức]}\n"
                 "- {qid: Q232, name_en: Kazakhstan, aliases: [कज़ाख़िस्तान गणतंत्र]}\n", encoding="utf-8")
    c = tmp_path / "orgs.csv"
    c.write_text("name_en,name_hi,type,aliases\nEurasian Research Institute,यूरेशियन रिसर्च इंस्टीट्यूट,ORG,ERI|ईआरआई\n",
                 encoding="utf-8")
    ext = kb.extend(read_user_file(y) + read_user_file(c))
    assert ext.search("मिन्ह डुक")[0][0].id == "user:minh-duc"
    assert ext.search("Minh Duc")[0][0].id == "user:minh-duc"
    assert ext.search("ईआरआई")[0][0].name_en == "Eurasian Research Institute"
    assert ext.search("कज़ाख़िस्तान गणतंत्र")[0][0].id == "Q232"
    assert len(ext) == len(kb) + 2


def test_compile_user_file_errors_are_coded(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("just a string", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_user_file(bad)
    assert err.value.code == "E401"
    with pytest.raises(InputError):
        read_user_file(tmp_path / "missing.yaml")
