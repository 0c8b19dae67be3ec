"""The matching rules ``ghatna eval samples`` applies (extract.sampleeval)."""

from __future__ import annotations

from ghatna.extract.sampleeval import Names, compare_article, compare_events, compare_facts, score_by_type

DOC = {
    "article": {"text": "", "published": {"value": "2024-06-25", "kind": "stated"}, "language": "hi"},
    "entities": [
        {"id": "Q1058", "qid": "Q1058", "type": "PERSON", "name_en": "Narendra Modi", "mentions": [{"start": 0, "end": 4, "text": "मोदी"}]},
        {"id": "T", "qid": None, "type": "PERSON", "name_en": "Kassym-Jomart Tokayev", "mentions": []},
        {"id": "Q232", "qid": "Q232", "type": "GPE", "name_en": "Kazakhstan", "mentions": []},
        {"id": "Q668", "qid": "Q668", "type": "GPE", "name_en": "India", "mentions": []},
        {"id": "nil:org:1", "qid": None, "type": "ORG", "name_en": "Yureshiyan", "mentions": [{"start": 0, "end": 3, "text": "ईआरआई"}]},
    ],
}


def _ev(t, actor, recipient, date="2024-06-25", status="occurred", evidence="x", retold=()):
    return {"event_type": t, "actor": actor, "recipient": recipient, "status": status,
            "date": {"value": date, "granularity": "day", "kind": "stated"} if date else None,
            "evidence": {"text": evidence}, "retold": [{"text": r} for r in retold], "trigger": {"text": "t"}}


def test_both_listed_as_actors_when_the_note_allows() -> None:
    names = Names(DOC)
    exp = [{"event_type": "CONSULT", "actor": "Narendra Modi", "recipient": "Kassym-Jomart Tokayev",
            "note": "no host: both may be listed as actors"}]
    assert compare_events(exp, [_ev("CONSULT", ["Q1058", "T"], [])], names).ok
    strict = [dict(exp[0], note="")]
    assert not compare_events(strict, [_ev("CONSULT", ["Q1058", "T"], [])], names).ok


def test_agree_accepts_future_consult_and_a_more_precise_date() -> None:
    names = Names(DOC)
    exp = [{"event_type": "AGREE", "actor": "Kazakhstan", "recipient": None, "date": "2024-07", "status": "future"}]
    assert compare_events(exp, [_ev("CONSULT", ["Q232"], [], "2024-07-15", "future")], names).ok
    assert not compare_events(exp, [_ev("CONSULT", ["Q232"], [], "2024-07-15", "occurred")], names).ok


def test_evidence_may_be_found_in_a_retelling_and_optional_items_are_never_missed() -> None:
    names = Names(DOC)
    exp = [{"event_type": "SUPPORT", "actor": "India", "recipient": "Kazakhstan", "evidence_contains": "पूर्ण समर्थन"},
           {"event_type": "CONSULT", "actor": "India", "recipient": None, "optional": True}]
    sec = compare_events(exp, [_ev("SUPPORT", ["Q668"], ["Q232"], retold=["… पूर्ण समर्थन …"]),
                               _ev("ASSAULT", ["Q668"], [])], names)
    assert [i.status for i in sec.items] == ["matched", "optional-missed", "extra"]
    assert sec.ok and sec.precision == 0.5 and sec.recall == 1.0
    assert score_by_type([sec])["SUPPORT"]["tp"] == 1 and score_by_type([sec])["ASSAULT"]["fp"] == 1


def test_symmetric_facts_match_in_either_order_and_values_within_one_percent() -> None:
    names = Names(DOC)
    exp = [{"subject": "Kazakhstan", "predicate": "trade_volume_with", "object": "India", "value": 27e9, "unit": "USD"}]
    fact = {"subject": "Q668", "predicate": "trade_volume_with", "object": "Q232", "value": 27.1e9, "unit": "USD",
            "valid_from": None, "valid_to": None}
    assert compare_facts(exp, [fact], names).ok
    assert not compare_facts(exp, [dict(fact, value=30e9)], names).ok


def test_nil_entities_are_found_by_their_mentions() -> None:
    expected = {"entities": [{"name_en": "Eurasian Research Institute", "type": "ORG", "mentions": ["ईआरआई"]}]}
    report = compare_article(DOC, expected)
    assert report.sections["entities"].items[0].status == "matched"
