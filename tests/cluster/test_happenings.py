"""One event per happening: reports from several articles merge, other happenings stay apart, evidence is kept."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

from ghatna.cluster import happenings
from ghatna.cluster.happenings import HappeningParams, ReportedEvent, canonical_of_reports, merge_reports
from ghatna.crossdoc import run_crossdoc
from ghatna.types import DateValue, Event, Span

MODI, PUTIN, XI, RUSSIA = "Q1058", "Q7747", "Q15031", "Q159"


def _event(event_type: str = "CONSULT", actor: tuple[str, ...] = (MODI,), recipient: tuple[str, ...] = (PUTIN,),
           date: str | None = "2024-06-25", kind: str = "stated", **kw: Any) -> dict[str, Any]:
    """Return an event object in the ghatna.article/1 shape."""
    gran = {10: "day", 7: "month", 4: "year"}[len(date)] if date else None
    return {"event_type": event_type, "actor": list(actor), "recipient": list(recipient),
            "date": {"value": date, "granularity": gran, "kind": kind} if date else None,
            "status": kw.pop("status", "occurred"), "confidence": kw.pop("confidence", 0.8), **kw}


def _report(article: str, event: dict[str, Any], seq: int = 0, story: str | None = None,
            published: str | None = None) -> ReportedEvent:
    """Return a report of ``event`` by ``article``."""
    return ReportedEvent(article, seq, event, story, f"pub-{article}", published)


def test_happenings_one_call_reported_by_three_articles_is_one_event_with_three_sources() -> None:
    reports = [
        _report("a1", _event(mode="phone", evidence={"start": 0, "end": 30, "text": "मोदी ने पुतिन से फोन पर बात की।"},
                             trigger={"start": 20, "end": 29, "text": "फोन पर बात"}), published="2024-06-25"),
        _report("a2", _event(actor=(PUTIN,), recipient=(MODI,), kind="relative",
                             evidence={"start": 40, "end": 80, "text": "पुतिन ने मोदी से टेलीफोन पर वार्ता की।"}),
                seq=2, published="2024-06-26"),
        _report("a3", _event(date="2024-06-26", kind="inferred", confidence=0.6,
                             evidence={"start": 5, "end": 50, "text": "पुतिन और मोदी के बीच टेलीफोन पर बातचीत हुई।"}),
                seq=1, published="2024-06-26"),
    ]
    (event,) = merge_reports(reports)
    assert [(r.article_id, r.seq) for r in event.reports] == [("a1", 0), ("a2", 2), ("a3", 1)]
    assert [r.evidence.text[:5] for r in event.reports] == ["मोदी ", "पुतिन", "पुतिन"]
    assert event.date == DateValue("2024-06-25", "day", "stated")
    assert event.mode == "phone" and set(event.actor) | set(event.recipient) == {MODI, PUTIN}
    assert event.confidence > 0.95  # three independent reports
    assert [r.publisher for r in event.reports] == ["pub-a1", "pub-a2", "pub-a3"]
    assert canonical_of_reports([event]) == {("a1", 0): event.id, ("a2", 2): event.id, ("a3", 1): event.id}


def test_happenings_team_articles_call_is_one_event_with_three_sources(corpus) -> None:
    result = run_crossdoc(corpus.inputs)
    calls = [e for e in result.events if e.event_type == "CONSULT" and {MODI, PUTIN} <= set(e.actor) | set(e.recipient)
             and e.date and e.date.value == "2024-06-25"]
    assert len(calls) == 1
    assert sorted(corpus.name(r.article_id) for r in calls[0].reports) == ["call_a", "call_b", "call_c"]
    for r in calls[0].reports:  # each report keeps its own evidence, a span of its own article
        text = next(i.text for i in corpus.inputs if i.id == r.article_id)
        assert r.evidence is not None and text[r.evidence.start:r.evidence.end] == r.evidence.text


@pytest.mark.parametrize("other, why", [
    (_event(date="2024-07-09"), "another day"),
    (_event(recipient=(XI,)), "another recipient"),
    (_event("AGREE"), "another category"),
    (_event(status="future"), "another status"),
    (_event(mode="visit"), "another mode"),
    (_event(location="Q649"), "another place"),
])
def test_happenings_different_happenings_stay_apart(other: dict[str, Any], why: str) -> None:
    base = _event(mode="phone", location="Q987")
    assert len(merge_reports([_report("a1", base), _report("a2", other)])) == 2, why


def test_happenings_relative_dates_may_be_a_day_off_but_stated_ones_not() -> None:
    loose = [_report("a1", _event()), _report("a2", _event(date="2024-06-26", kind="inferred"))]
    assert len(merge_reports(loose)) == 1
    assert len(merge_reports(loose, HappeningParams(day_slack=0))) == 2
    strict = [_report("a1", _event()), _report("a2", _event(date="2024-06-26"))]
    assert len(merge_reports(strict)) == 2


def test_happenings_month_date_meets_day_date_and_takes_it() -> None:
    (event,) = merge_reports([_report("a1", _event(date="2024-06")), _report("a2", _event())])
    assert event.date is not None and event.date.value == "2024-06-25"


def test_happenings_undated_report_joins_only_within_its_story() -> None:
    dated, undated = _event(), _event(date=None)
    assert len(merge_reports([_report("a1", dated, story="s1"), _report("a2", undated, story="s1")])) == 1
    assert len(merge_reports([_report("a1", dated, story="s1"), _report("a2", undated, story="s2")])) == 2


def test_happenings_partial_participants_join_the_fuller_event() -> None:
    full = _event(actor=(MODI, XI), recipient=(PUTIN,))
    partial = _event(actor=(MODI,), recipient=())
    (event,) = merge_reports([_report("a1", partial), _report("a2", full)])
    assert set(event.actor) == {MODI, XI} and event.recipient == (PUTIN,)


def test_happenings_directed_acts_keep_direction() -> None:
    accuse = _event("ACCUSE", actor=(MODI,), recipient=(RUSSIA,))
    reverse = _event("ACCUSE", actor=(RUSSIA,), recipient=(MODI,))
    assert len(merge_reports([_report("a1", accuse), _report("a2", reverse)])) == 2
    meeting = _event("CONSULT", actor=(RUSSIA,), recipient=(MODI,))
    assert len(merge_reports([_report("a1", _event(recipient=(RUSSIA,))), _report("a2", meeting)])) == 1


def test_happenings_events_without_participants_are_left_out() -> None:
    assert merge_reports([_report("a1", _event(actor=(), recipient=()))]) == []


def test_happenings_accept_event_records_and_ids_are_stable() -> None:
    rec = Event("CONSULT", actor=(MODI,), recipient=(PUTIN,), date=DateValue("2024-06-25", "day"),
                evidence=Span(0, 4, "मोदी"))
    one = merge_reports([ReportedEvent.of("a1", 0, rec), _report("a2", _event())])
    two = merge_reports([_report("a2", _event()), ReportedEvent.of("a1", 0, rec)])
    assert len(one) == 1 and one[0].id == two[0].id
    assert one[0].reports[0].evidence == Span(0, 4, "मोदी")


def test_happenings_record_round_trips() -> None:
    (event,) = merge_reports([_report("a1", _event(context=["economic"])), _report("a2", _event())])
    assert type(event).from_dict(event.to_dict()) == event


@pytest.mark.parametrize("module", [happenings])
def test_happenings_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
