"""One event per happening across articles: reports of the same event merged into a canonical event.

Event data that counts reports instead of events inflates what is heavily covered: one phone call
told by three outlets is one CONSULT with three sources. Two reports are the same happening when

* they have the same PLOVER category and the same status (occurred / future / hypothetical / negated);
* their participants fit: for meetings, agreements and cooperation (no fixed direction) one side's
  set of participants contains the other's; for directed acts the actors contain each other, and so
  do the recipients unless one report names none;
* their dates may be the same day: ranges that overlap, or, when either date is relative or
  inferred from the publication date, at most ``day_slack`` days apart (an article published the
  morning after tells "यहाँ मंगलवार को" of the same meeting); an undated report joins only an
  event of its own story;
* modes and places agree where both reports give one.

Reports are taken in date order, the fullest first within a day, and each joins the best fitting
canonical event (same story first, then exact date, then participant overlap) or starts one. The
canonical event takes the most precise date, the fullest participant lists, the place and mode
most reports give; every report keeps its own evidence. The id is derived from the earliest
report, so re-running over more articles keeps the ids of events already seen.

Example:
    >>> from ghatna.types import DateValue
    >>> r = [ReportedEvent("a1", 0, {"event_type": "CONSULT", "mode": "phone", "actor": ["Q1"], "recipient": ["Q2"],
    ...                             "date": {"value": "2024-06-25", "granularity": "day"}}),
    ...      ReportedEvent("a2", 3, {"event_type": "CONSULT", "actor": ["Q2"], "recipient": ["Q1"],
    ...                             "date": {"value": "2024-06-25", "granularity": "day"}})]
    >>> [(e.event_type, e.mode, len(e.reports)) for e in merge_reports(r)]
    [('CONSULT', 'phone', 2)]
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ghatna.cluster.daterange import DayRange, day_range, days_apart
from ghatna.types import CanonicalEvent, DateValue, EventReport, Span

#: categories whose participants have no fixed direction (a meeting has no "from" and "to" side)
UNDIRECTED = frozenset({"CONSULT", "AGREE", "COOPERATE"})
_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True, slots=True)
class ReportedEvent:
    """An event as one article reported it: its ``ghatna.article/1`` object (or an ``Event``).

    ``seq``: its position in the article's events; ``story_id``/``publisher``/``published``: of
    the article. Only ``event_type``, ``status``, ``mode``, ``actor``, ``recipient``, ``date``,
    ``location``, ``context``, ``quad_code``, ``confidence``, ``trigger`` and ``evidence`` are read.
    """

    article_id: str
    seq: int
    event: Mapping[str, Any]
    story_id: str | None = None
    publisher: str | None = None
    published: str | None = None

    @classmethod
    def of(cls, article_id: str, seq: int, event: Any, **article: Any) -> "ReportedEvent":
        """Wrap an ``Event`` record (or anything with ``to_dict``) or a dict."""
        data = event.to_dict() if hasattr(event, "to_dict") else dict(event)
        return cls(article_id, seq, data, **article)


@dataclass(frozen=True, slots=True)
class HappeningParams:
    """How reports are matched: ``day_slack`` days allowed between relative or inferred dates."""

    day_slack: int = 1


def _ids(value: Any) -> tuple[str, ...]:
    """Return entity ids from a list of ids (or of entity objects with an ``id``)."""
    out = []
    for v in value or ():
        v = v.get("id") or v.get("identifier_id") if isinstance(v, Mapping) else v
        if v:
            out.append(str(v))
    return tuple(dict.fromkeys(out))


def _date(value: Any) -> DateValue | None:
    """Return the DateValue of a JSON date object (or a DateValue)."""
    if value is None or isinstance(value, DateValue):
        return value
    return DateValue.from_dict(value) if value.get("value") else None


def _span(value: Any) -> Span | None:
    """Return the Span of a JSON span object (or a Span)."""
    if value is None or isinstance(value, Span):
        return value
    return Span.from_dict(value)


@dataclass
class _Report:
    """A report read into the fields matching needs."""

    src: ReportedEvent
    event_type: str
    status: str
    mode: str | None
    actor: frozenset[str]
    recipient: frozenset[str]
    date: DateValue | None
    days: DayRange | None
    location: str | None
    confidence: float

    @property
    def loose(self) -> bool:
        """True when the date is relative or inferred, so it may be a day off."""
        return self.date is not None and self.date.kind in ("relative", "inferred")


def _read(r: ReportedEvent) -> _Report | None:
    """Read a report; None for one without a category or participants (nothing to match on)."""
    e = r.event
    event_type = str(e.get("event_type") or "")
    actor, recipient = frozenset(_ids(e.get("actor"))), frozenset(_ids(e.get("recipient")))
    if not event_type or not (actor or recipient):
        return None
    mode = e.get("mode")
    if isinstance(mode, (list, tuple)):
        mode = ",".join(mode) or None
    date = _date(e.get("date"))
    return _Report(r, event_type, str(e.get("status") or "occurred"), mode or None, actor, recipient, date,
                   day_range(date.value) if date else None, e.get("location") or None,
                   float(e.get("confidence") or 0.0))


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when one set holds the other (an empty set fits anything)."""
    return a <= b or b <= a


@dataclass
class _Canon:
    """A canonical event being built from its reports."""

    first: _Report
    reports: list[_Report] = field(default_factory=list)
    actor: frozenset[str] = frozenset()
    recipient: frozenset[str] = frozenset()
    days: DayRange | None = None
    loose: bool = False

    def add(self, r: _Report) -> None:
        """Take a report: participant lists grow to the fuller one, the date to the more precise."""
        self.reports.append(r)
        self.actor = self.actor if len(self.actor) >= len(r.actor) else r.actor
        self.recipient = self.recipient if len(self.recipient) >= len(r.recipient) else r.recipient
        if r.days is not None and (self.days is None or r.days[1] - r.days[0] < self.days[1] - self.days[0]):
            self.days, self.loose = r.days, r.loose

    def stories(self) -> set[str]:
        """Stories of the reports."""
        return {r.src.story_id for r in self.reports if r.src.story_id}

    def fits(self, r: _Report, slack: int) -> bool:
        """True when ``r`` may tell this happening."""
        f = self.first
        if r.event_type != f.event_type or r.status != f.status:
            return False
        if r.days is None or self.days is None:
            if not (r.src.story_id and r.src.story_id in self.stories()):
                return False
        else:
            gap = days_apart(r.days, self.days)
            if gap > (slack if (r.loose or self.loose) else 0):
                return False
        modes = {x.mode for x in self.reports if x.mode}
        if r.mode and modes and r.mode not in modes:
            return False
        places = {x.location for x in self.reports if x.location}
        if r.location and places and r.location not in places:
            return False
        if r.event_type in UNDIRECTED:
            mine, theirs = self.actor | self.recipient, r.actor | r.recipient
            return bool(mine & theirs) and _nested(mine, theirs)
        if not (self.actor & r.actor) and not (self.recipient & r.recipient):
            return False
        return _nested(self.actor, r.actor) and _nested(self.recipient, r.recipient)

    def score(self, r: _Report) -> tuple[int, int, float]:
        """Rank fitting canonicals: same story, same day range, then participant overlap."""
        mine, theirs = self.actor | self.recipient, r.actor | r.recipient
        return (int(bool(r.src.story_id and r.src.story_id in self.stories())),
                int(r.days is not None and r.days == self.days),
                len(mine & theirs) / max(1, len(mine | theirs)))


def _majority(values: Iterable[Any]) -> Any:
    """Return the most common non-empty value (ties: the one seen first), None if none."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _ordered(ids: frozenset[str], reports: Sequence[_Report], role: str) -> tuple[str, ...]:
    """Return ids in the order the reports list them."""
    seen: list[str] = []
    for r in reports:
        for i in _ids(r.src.event.get(role)):
            if i in ids and i not in seen:
                seen.append(i)
    return tuple(seen)


def _finish(c: _Canon) -> CanonicalEvent:
    """Return the canonical event record with its reports in publication order."""
    reps = sorted(c.reports, key=lambda r: (r.src.published or "~", r.src.article_id, r.src.seq))
    first = reps[0].src
    dates = [r.date for r in reps if r.date is not None]
    best = max((_RANK.get(d.granularity, 0) for d in dates), default=0)
    date = _majority(d for d in dates if _RANK.get(d.granularity, 0) == best)
    evs = [r.src.event for r in reps]
    context = tuple(dict.fromkeys(x for e in evs for x in (e.get("context") or ())))
    conf = 1.0
    for r in reps:
        conf *= 1.0 - min(0.99, max(0.0, r.confidence))
    reports = tuple(EventReport(r.src.article_id, r.src.seq, _span(r.src.event.get("evidence")),
                                _span(r.src.event.get("trigger")), r.date, r.confidence,
                                r.src.publisher, r.src.published) for r in reps)
    return CanonicalEvent(
        id="ce_" + hashlib.sha1(f"{first.article_id}:{first.seq}".encode("utf-8")).hexdigest()[:16],
        event_type=c.first.event_type, reports=reports, mode=_majority(r.mode for r in reps),
        context=context, actor=_ordered(c.actor, reps, "actor"), recipient=_ordered(c.recipient, reps, "recipient"),
        date=date, location=_majority(r.location for r in reps), status=c.first.status,
        quad_code=_majority(e.get("quad_code") for e in evs), confidence=round(min(0.99, 1.0 - conf), 4),
        story_id=_majority(r.src.story_id for r in reps))


def merge_reports(reports: Iterable[ReportedEvent], params: HappeningParams = HappeningParams()) -> list[CanonicalEvent]:
    """Merge the events of many articles into one canonical event per happening.

    Args:
        reports: every event of every article (with its article's story, publisher and date).
        params: the day slack for relative or inferred dates.

    Returns:
        Canonical events (single-report ones included), ordered by date then id. Reports with no
        category or no participants are left out.
    """
    read = [r for r in (_read(x) for x in reports) if r is not None]
    # dated reports by day, the fullest and most precise first within a day; undated ones last
    read.sort(key=lambda r: (r.days is None, r.days[0] if r.days else 0,
                             -len(r.actor | r.recipient), -_RANK.get(r.date.granularity if r.date else "", 0),
                             -r.confidence, r.src.article_id, r.src.seq))
    canons: list[_Canon] = []
    index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    reach = params.day_slack + 1
    for r in read:
        cands: set[int] = set()
        for pid in r.actor | r.recipient:
            posting = index.get((r.event_type, r.status, pid))
            if not posting:
                continue
            if r.days is not None:  # canonicals that ended more than the slack before can no longer fit
                live = [i for i in posting if canons[i].days is None or canons[i].days[1] + reach >= r.days[0]]
                if len(live) != len(posting):
                    index[(r.event_type, r.status, pid)] = posting = live
            cands.update(posting)
        fitting = [i for i in sorted(cands) if canons[i].fits(r, params.day_slack)]
        if fitting:
            target = max(fitting, key=lambda i: (canons[i].score(r), -i))
        else:
            target = len(canons)
            canons.append(_Canon(r))
        canons[target].add(r)
        for pid in r.actor | r.recipient:
            posting = index[(r.event_type, r.status, pid)]
            if target not in posting[-4:]:
                posting.append(target)
    out = [_finish(c) for c in canons]
    out.sort(key=lambda e: (e.date.value if e.date else "~", e.id))
    return out


def canonical_of_reports(events: Iterable[CanonicalEvent]) -> dict[tuple[str, int], str]:
    """Return ``(article id, seq)`` -> canonical event id."""
    return {(r.article_id, r.seq): e.id for e in events for r in e.reports}
