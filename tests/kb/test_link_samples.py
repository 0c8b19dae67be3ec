"""Both shared samples: every expected mention / role mention / demonym resolves to its entity.

The gazetteer finds the names the KB knows; names only an NER model would find (a byline, a
publisher, "X") are given as model mentions at the offsets where the expected strings occur, which is
how NER output plugs into ``link_mentions``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghatna.kb.linker import LinkResult, link_mentions
from ghatna.types import Mention

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
DATES = {"000_cb69fbd326acacde": "2024-05", "002_5b730da54bd7f90e": "2024-06-25"}
KEYS = ("mentions", "role_mentions", "demonyms")

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not available")


def _load(name: str) -> tuple[str, dict]:
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    return text, json.loads((SAMPLES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def _model_mentions(text: str, expected: dict, gazetteer_found: list[Mention]) -> list[Mention]:
    """Mentions an NER model would add: expected names the gazetteer does not cover."""
    labels = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC"}
    out = []
    for ent in expected["entities"]:
        for s in ent.get("mentions", []):
            pos = text.find(s)
            while pos >= 0:
                # overlaps with gazetteer mentions are the linker's to resolve (longer span wins)
                if not any(m.start == pos and m.end == pos + len(s) for m in gazetteer_found + out):
                    out.append(Mention(pos, pos + len(s), s, labels[ent["type"]], 0.9, "model"))
                pos = text.find(s, pos + 1)
    return out


def _link(name: str, kb, gazetteer, with_model: bool) -> tuple[LinkResult, dict, str]:
    text, expected = _load(name)
    found = gazetteer.find(text)
    if with_model:
        found += _model_mentions(text, expected, found)
    return link_mentions(text, found, DATES[name], kb), expected, text


def _ids_of(result: LinkResult, s: str) -> set[str]:
    return {m.entity_id for m in result.mentions if m.text == s and m.entity_id}


@pytest.mark.parametrize("name", sorted(DATES))
@pytest.mark.parametrize("with_model", [False, True], ids=["gazetteer", "gazetteer+model"])
def test_samples_every_expected_string_resolves_to_its_entity(name, with_model, kb, gazetteer) -> None:
    result, expected, text = _link(name, kb, gazetteer, with_model)
    resolved: dict[str, str] = {}
    missing = []
    for ent in expected["entities"]:
        if not with_model and not any(_ids_of(result, s) and next(iter(_ids_of(result, s))) in kb
                                      for s in ent.get("mentions", [])):
            continue  # without a model only KB-known entities can be found
        strings = [s for k in KEYS for s in ent.get(k, [])]
        ids = [(_ids_of(result, s), s) for s in strings]
        for got, s in ids:
            if not got:
                missing.append((ent["name_en"], s))
        found = set().union(*(g for g, _ in ids)) if ids else set()
        assert len(found) <= 1, f"{ent['name_en']} split over {found}"
        if not found:
            continue
        eid = found.pop()
        resolved[ent["name_en"]] = eid
        if ent.get("qid"):
            assert kb.entity(eid).qid == ent["qid"], ent["name_en"]
        if eid in kb and not ent.get("optional"):
            assert kb.entity(eid).name_en == ent["name_en"] or ent["name_en"] in {
                "Kassym-Jomart Tokayev"}, (eid, ent["name_en"])
        for s in ent.get("compound_mentions", []):
            start = text.find(s)
            assert any(m.entity_id == eid and start <= m.start and m.end <= start + len(s)
                       for m in result.mentions), (ent["name_en"], s)
    optional = {e["name_en"] for e in expected["entities"] if e.get("optional")}
    assert not [m for m in missing if m[0] not in optional], missing
    # nothing else merged: distinct expected entities stay distinct entities
    assert len(set(resolved.values())) == len(resolved), resolved


@pytest.mark.parametrize("name", sorted(DATES))
def test_samples_nothing_else_merged_into_expected_entities(name, kb, gazetteer) -> None:
    result, expected, _ = _link(name, kb, gazetteer, True)
    strings = {e["name_en"]: {s for k in KEYS + ("compound_mentions",) for s in e.get(k, [])}
               for e in expected["entities"]}
    owner = {}
    for ent in expected["entities"]:
        ids = set().union(*(_ids_of(result, s) for s in strings[ent["name_en"]]))
        if ids:
            owner[ids.pop()] = ent["name_en"]
    for m in result.mentions:
        if m.entity_id in owner:
            mine = owner[m.entity_id]
            for other, texts in strings.items():
                if other != mine:
                    assert m.text not in texts or m.how == "role", (m.text, "of", other, "linked to", mine)
            # any extra text linked to the entity is a role phrase naming it (रूसी राष्ट्रपति …)
            assert m.text in strings[mine] or m.how == "role", (m.text, mine)


def test_samples_role_mentions_depend_on_the_date(kb, gazetteer) -> None:
    text = "रूसी संघ के राष्ट्रपति ने कहा। पाकिस्तान के प्रधानमंत्री ने कहा।"
    found = gazetteer.find(text)
    in_2024 = link_mentions(text, found, "2024-05", kb)
    in_2016 = link_mentions(text, found, "2016-03-01", kb)
    assert in_2024.entity_of("रूसी संघ के राष्ट्रपति") == ["Q7747"]
    assert in_2024.entity_of("पाकिस्तान के प्रधानमंत्री") == ["ghatna:shehbaz-sharif"]
    assert in_2016.entity_of("पाकिस्तान के प्रधानमंत्री") == ["ghatna:nawaz-sharif"]


def test_samples_entities_block_has_output_shape(kb, gazetteer) -> None:
    result, _, text = _link("002_5b730da54bd7f90e", kb, gazetteer, False)
    block = result.entities_json()
    assert block and set(block[0]) == {"id", "qid", "type", "name_en", "name_hi", "mentions"}
    for ent in block:
        for m in ent["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
            assert m["how"] in {"model", "gazetteer", "rule", "acronym", "role", "coreference", "demonym"}
