"""Events on the team's Hindi case corpus (tests/extract/data/events_*.yaml): every case, and the
per-category scores with pinned floors.

186 development cases (the event rules were tuned on them) and 48 held-out cases (written before
the tuning and never used for it) cover all 16 PLOVER categories with future, negated and
hypothetical events, role-named actors ("रूसी संघ के राष्ट्रपति"), pronouns and quotations. A case
passes when its expected events are exactly the output events (category, actors, recipients, date
where given, status). Cases that fail for a known reason are strict xfails: fixing one fails the
test, so that its mark is removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ghatna.extract.event_lexicon import PLOVER_TYPES
from ghatna.extract.sampleeval import Names, compare_events, score_by_type

DATA = Path(__file__).parent / "data"
HELDOUT = "events_heldout.yaml"

# Known failures, with why. Development: places the KB gazetteer does not find (गाज़ा, राफ़ा) and
# a recipient named only through a noun phrase ("सूडान से भागे शरणार्थियों"). Held-out: listed as
# measured when the set was written; they were not used to tune the rules.
KNOWN = {
    "aid-05-humanitarian": "गाज़ा is not found by the gazetteer (KB alias spelling)",
    "aid-06-asylum": "the recipient is the country refugees fled from (a noun-phrase reading)",
    "assault-06-hypothetical": "राफ़ा is not in the KB",
    "retreat-04-access": "गाज़ा is not found by the gazetteer (KB alias spelling)",
}


def _cases(heldout: bool) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path in sorted(DATA.glob("events_*.yaml")):
        if (path.name == HELDOUT) != heldout:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append((path.name, str(case.get("date", data["date"])), case))
    return out


DEV = _cases(heldout=False)
HELD = _cases(heldout=True)


def _section(extract_doc: Any, date: str, case: dict[str, Any]):
    doc = extract_doc(case["text"], date, case["id"])
    expected = [dict(e, event_type=e["type"]) for e in case["events"]]
    return compare_events(expected, doc["events"], Names(doc))


def _params(cases: list[tuple[str, str, dict[str, Any]]], known: dict[str, str]) -> list[Any]:
    return [pytest.param(date, case, id=case["id"],
                         marks=[pytest.mark.xfail(reason=known[case["id"]], strict=True)] if case["id"] in known else [])
            for _, date, case in cases]


@pytest.mark.parametrize("date,case", _params(DEV, KNOWN))
def test_events_development_case(extract_doc, date, case) -> None:
    section = _section(extract_doc, date, case)
    wrong = [f"{i.status}: {i.label} {i.detail}" for i in section.items if i.status in ("missed", "extra")]
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def heldout_sections(extract_doc):
    return {case["id"]: _section(extract_doc, date, case) for _, date, case in HELD}


@pytest.fixture(scope="module")
def development_sections(extract_doc):
    return {case["id"]: _section(extract_doc, date, case) for _, date, case in DEV}


def test_events_development_scores_stay_above_floor(development_sections) -> None:
    scores = score_by_type(development_sections.values())
    assert scores["all"]["precision"] >= 0.97 and scores["all"]["recall"] >= 0.95, scores["all"]


def test_events_heldout_scores_stay_above_floor(heldout_sections) -> None:
    # measured 0.878 / 0.783 (docs/benchmarks.md, "Events"); floors pinned just below
    scores = score_by_type(heldout_sections.values())
    assert scores["all"]["precision"] >= 0.85 and scores["all"]["recall"] >= 0.75, scores["all"]


def test_events_corpus_covers_every_category_status_and_role_names() -> None:
    cases = DEV + HELD
    assert len(cases) >= 150
    counts = {t: 0 for t in PLOVER_TYPES}
    statuses = {"future": 0, "negated": 0, "hypothetical": 0}
    for _, _, case in cases:
        for e in case["events"]:
            counts[e["type"]] += 1
            if e.get("status") in statuses:
                statuses[e["status"]] += 1
    assert min(counts.values()) >= 5, counts
    assert min(statuses.values()) >= 10, statuses
    roles = [c for _, _, c in cases if any(w in c["text"] for w in ("के राष्ट्रपति", "के प्रधानमंत्री", "अमेरिकी राष्ट्रपति",
                                                                  "रूसी राष्ट्रपति", "विदेश मंत्री ने"))]
    assert len(roles) >= 10
