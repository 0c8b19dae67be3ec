"""One event per happening: merge the candidate events of an article that tell the same thing.

News retells: a phone call is announced in the lead, quoted from a post and summed up again by the
ministry. Two candidates are the same happening when they have the same category and status,
dates that may be the same (one a prefix of the other, or one unknown), compatible modes, and
participants that fit: for meetings (no fixed direction) one side's participants contain the
other's; for directed acts the actors contain each other and so do the recipients (or one side
names none). The clearest telling (highest confidence, then first) gives the evidence; the rest
become ``retold``. This is the within-article step; cross-article de-duplication is the cluster
layer's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ghatna.types import DateValue, Event, Span

_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass
class Candidate:
    """An event read from one trigger, before merging."""

    trig: Any
    args: Any
    event_type: str
    mode: str | None
    actors: list[str]
    recipients: list[str]
    location: str | None
    status: str
    date: DateValue | None
    own_date: bool
    confidence: float
    evidence: Span
    trigger: Span
    actor_text: list[Span] = field(default_factory=list)
    recipient_text: list[Span] = field(default_factory=list)
    symmetric: bool = False
    how: str = ""
    paragraph: int = 0


def _dates_fit(a: DateValue | None, b: DateValue | None) -> bool:
    """Dates that may be the same happening."""
    return a is None or b is None or a.value.startswith(b.value) or b.value.startswith(a.value)


def _nested(a: list[str], b: list[str]) -> bool:
    """One list's members all belong to the other's."""
    sa, sb = set(a), set(b)
    return sa <= sb or sb <= sa


def same_happening(a: Candidate, b: Candidate) -> bool:
    """True when two candidates tell one event."""
    # a date a telling takes from the article (it names none) does not tell the happenings apart
    dates_fit = not a.own_date or not b.own_date or _dates_fit(a.date, b.date)
    if a.event_type != b.event_type or a.status != b.status or not dates_fit:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if a.symmetric or b.symmetric:
        pa, pb = set(a.actors + a.recipients), set(b.actors + b.recipients)
        return bool(pa and pb) and (pa <= pb or pb <= pa)
    if not (a.actors and b.actors and _nested(a.actors, b.actors)):
        return False
    return not a.recipients or not b.recipients or _nested(a.recipients, b.recipients)


def _best_date(group: list[Candidate]) -> DateValue | None:
    """The most precise date the tellings give, dates of their own before the article's."""
    dated = [c for c in group if c.date is not None]
    if not dated:
        return None
    best = max(dated, key=lambda c: (c.own_date, _RANK.get(c.date.granularity, 0) if c.date else 0))
    return best.date


def _context(rep: Candidate, date: DateValue | None, article_date: DateValue | None) -> tuple[str, ...]:
    """PLOVER auxiliary modes, recorded in ``context`` as the manual asks."""
    out = {"future": ("future",), "hypothetical": ("hypothetical",), "negated": ("negation",)}.get(rep.status, ())
    if date is not None and article_date is not None and rep.status == "occurred":
        try:
            if int(date.value[:4]) <= int(article_date.value[:4]) - 2:
                out += ("historical",)
        except ValueError:
            pass
    return out


def merge_candidates(cands: list[Candidate], quads: dict[str, int], article_date: DateValue | None) -> list[Event]:
    """Group candidates by happening and build one Event per group, in text order."""
    groups: list[list[Candidate]] = []
    for c in sorted(cands, key=lambda c: c.trigger.start):
        for g in groups:
            if any(same_happening(c, o) for o in g):
                g.append(c)
                break
        else:
            groups.append([c])
    out = []
    for g in groups:
        # the telling that names the most participants, then the surest, then the first
        rep = max(g, key=lambda c: (len(set(c.actors + c.recipients)), c.confidence,
                                    -c.trigger.start))
        date = _best_date(g)
        mode = rep.mode or next((c.mode for c in g if c.mode), None)
        location = rep.location or next((c.location for c in g if c.location), None)
        retold = []
        for c in sorted(g, key=lambda c: c.trigger.start):
            if c is not rep and c.evidence != rep.evidence and c.evidence not in retold:
                retold.append(c.evidence)
        out.append(Event(
            event_type=rep.event_type, mode=mode, context=_context(rep, date, article_date),
            actor=tuple(rep.actors), recipient=tuple(rep.recipients), date=date, location=location,
            status=rep.status, trigger=rep.trigger, evidence=rep.evidence,
            confidence=round(min(0.98, rep.confidence + 0.03 * (len(g) - 1)), 2),
            quad_code=quads.get(rep.event_type), actor_text=tuple(rep.actor_text),
            recipient_text=tuple(rep.recipient_text), retold=tuple(retold),
        ))
    out.sort(key=lambda e: (e.evidence.start if e.evidence else 0, e.trigger.start if e.trigger else 0))
    return out

