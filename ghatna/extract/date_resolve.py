"""Calendar resolution of parsed date expressions against an anchor (the article date).

Internal to ``extract.dates``, which parses text into ``DateExpr`` values; this module turns them
into values with the standard library's calendar. Policies (how a yearless date takes its year)
come from ``hi/relative_dates.yaml`` through the lexicon.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from ghatna.extract.date_lexicon import DateLexicon
from ghatna.extract.tense import clause_tense
from ghatna.types import DateValue

_DUR = {"day": "D", "week": "W", "month": "M", "year": "Y"}


@dataclass(frozen=True, slots=True)
class DateExpr:
    """What a matched expression says, before an anchor is applied."""

    start: int
    end: int
    kind: str  # abs | yearless | deictic | weekday | shift | period | mod_month | mod_year_month | dom
    year: int | None = None
    month: int | None = None
    day: int | None = None
    n: int = 0  # signed step or count
    unit: str = ""
    weekday: int = 0
    future_n: int | None = None
    span_n: int | None = None
    approximate: bool = False
    to: "DateExpr | None" = None
    priority: int = 0


@dataclass(frozen=True, slots=True)
class Anchor:
    """The article date as a day range with its granularity."""

    first: dt.date
    last: dt.date
    granularity: str
    value: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolution: the DateRef fields that depend on the anchor."""

    value: str | None
    granularity: str
    kind: str = "relative"
    range_end: str | None = None
    approximate: bool = False
    pattern: str = ""
    shift: str = ""


def fmt_date(year: int, month: int | None = None, day: int | None = None) -> str:
    """Format YYYY, YYYY-MM or YYYY-MM-DD."""
    out = f"{year:04d}"
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


def granularity_of(month: int | None, day: int | None) -> str:
    """Granularity of a date with these parts present."""
    return "year" if month is None else "month" if day is None else "day"


def is_valid_date(year: int | None, month: int | None, day: int | None) -> bool:
    """True when the parts form a real date (a yearless 29 February is allowed)."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    if month is None:
        return False
    limit = calendar.monthrange(year if year is not None else 2024, month)[1]
    return 1 <= day <= limit


def make_anchor(value: DateValue | None) -> Anchor | None:
    """Turn the article date into a day range."""
    if value is None or not value.value:
        return None
    try:
        parts = [int(p) for p in value.value.split("-")]
        if not 1000 <= parts[0] <= 2999:
            return None  # outside the years news is about; date arithmetic near 1 or 9999 would overflow
        if len(parts) == 3:
            d = dt.date(*parts)
            return Anchor(d, d, "day", value.value)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return Anchor(dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last), "month", value.value)
        return Anchor(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year", value.value)
    except (ValueError, TypeError):
        return None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """Move a (year, month) by n months."""
    total = year * 12 + month - 1 + n
    return total // 12, total % 12 + 1


def _duration(n: int, unit: str) -> str:
    """Signed ISO 8601 duration: -P1Y, P0Y, P2D."""
    return f"{'-' if n < 0 else ''}P{abs(n)}{_DUR[unit]}"


def _coarse(anchor: Anchor, pattern: str, shift: str = "") -> Resolution:
    """The anchor itself, marked approximate: the expression is finer than the anchor."""
    return Resolution(anchor.value, anchor.granularity, approximate=True, pattern=pattern, shift=shift)


def _yearless_year(month: int, day: int | None, anchor: Anchor, tense: str | None, lex: DateLexicon) -> int:
    """The year a date written without one most likely has (see ``policy`` in relative_dates.yaml)."""
    year = anchor.first.year
    first = dt.date(year, month, day or 1) if is_valid_date(year, month, day) else dt.date(year, month, 1)
    last = first if day else dt.date(year, month, calendar.monthrange(year, month)[1])
    grace = dt.timedelta(days=lex.past_grace_days)
    if tense == "future":
        return year + 1 if last < anchor.first - grace else year
    if tense == "past":
        return year - 1 if first > anchor.last + grace else year
    return year - 1 if first > anchor.last + dt.timedelta(days=lex.future_window_days) else year


def _resolve_yearless(e: DateExpr, anchor: Anchor | None, tense: str | None, lex: DateLexicon) -> Resolution:
    """"21 मई", "नवंबर में", "20-22 मई": the anchor supplies the year."""
    assert e.month is not None
    pattern = "XXXX" + _pattern_tail(e.month, e.day)
    if anchor is None:
        return Resolution(None, granularity_of(e.month, e.day), pattern=pattern)
    year = _yearless_year(e.month, e.day, anchor, tense, lex)
    if not is_valid_date(year, e.month, e.day):
        return Resolution(None, granularity_of(e.month, e.day), pattern=pattern)
    end = None
    if e.to is not None and e.to.month is not None:
        end_year = year if e.to.month >= e.month else year + 1
        end = fmt_date(end_year, e.to.month, e.to.day) if is_valid_date(end_year, e.to.month, e.to.day) else None
    return Resolution(fmt_date(year, e.month, e.day), granularity_of(e.month, e.day), range_end=end, pattern=pattern)


def _pattern_tail(month: int | None, day: int | None) -> str:
    """"-MM" or "-MM-DD" for a TIMEX pattern."""
    return "" if month is None else f"-{month:02d}" + ("" if day is None else f"-{day:02d}")


def _resolve_weekday(e: DateExpr, anchor: Anchor | None, tense: str | None) -> Resolution:
    """"मंगलवार (को)": the latest such day on or before the article date (after it in the future tense)."""
    pattern = f"XXXX-WXX-{e.weekday}"
    if anchor is None:
        return Resolution(None, "day", pattern=pattern)
    if anchor.granularity != "day":
        return _coarse(anchor, pattern)
    a = anchor.first
    back = (a.isoweekday() - e.weekday) % 7
    ahead = (e.weekday - a.isoweekday()) % 7
    if e.n < 0:
        d = a - dt.timedelta(days=back or 7)
    elif e.n > 0:
        d = a + dt.timedelta(days=ahead or 7)
    elif tense == "future":
        d = a + dt.timedelta(days=ahead)
    else:
        d = a - dt.timedelta(days=back)
    return Resolution(d.isoformat(), "day", pattern=pattern)


def _resolve_shift(e: DateExpr, anchor: Anchor | None, tense: str | None) -> Resolution:
    """"कल", "दो दिन पहले", "कुछ दिन पहले", "तीन साल बाद": a distance from the article date."""
    n = e.future_n if (e.kind == "deictic" and tense == "future" and e.future_n is not None) else e.n
    unit = "day" if e.kind == "deictic" else e.unit
    pattern = {"day": "XXXX-XX-XX", "week": "XXXX-XX-XX", "month": "XXXX-XX", "year": "XXXX"}[unit]
    shift = _duration(n, unit)
    if anchor is None:
        return Resolution(None, "month" if e.approximate and unit in ("day", "week") else _unit_granularity(unit),
                    approximate=e.approximate, pattern=pattern, shift=shift)
    a = anchor.first
    if unit in ("day", "week"):
        if anchor.granularity != "day":
            return _coarse(anchor, pattern, shift)
        d = a + dt.timedelta(days=n * (7 if unit == "week" else 1))
        if e.approximate:
            return Resolution(fmt_date(d.year, d.month), "month", approximate=True, pattern=pattern, shift=shift)
        return Resolution(d.isoformat(), "day", pattern=pattern, shift=shift)
    if unit == "month":
        if anchor.granularity == "year":
            return _coarse(anchor, pattern, shift)
        y, m = _add_months(a.year, a.month, n)
        return Resolution(fmt_date(y, m), "month", approximate=e.approximate, pattern=pattern, shift=shift)
    return Resolution(fmt_date(a.year + n), "year", approximate=e.approximate, pattern=pattern, shift=shift)


def _unit_granularity(unit: str) -> str:
    """Granularity of a calendar unit (a week is given as days)."""
    return {"day": "day", "week": "day", "month": "month", "year": "year"}[unit]


def _resolve_period(e: DateExpr, anchor: Anchor | None) -> Resolution:
    """"पिछले सप्ताह" (a Monday-Sunday range), "इस वर्ष", "अगले महीने", "पिछले 10 वर्षों"."""
    unit = e.unit
    pattern = {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "day": "XXXX-XX-XX"}[unit]
    shift = _duration(-(e.span_n or 0) if e.span_n and e.n < 0 else (e.span_n or e.n), unit)
    if anchor is None:
        return Resolution(None, _unit_granularity(unit), approximate=e.approximate, pattern=pattern, shift=shift)
    a = anchor.first
    if e.span_n is not None:
        far = _resolve_shift(replace(e, kind="shift", n=e.n * e.span_n), anchor, None)
        if e.approximate and unit in ("day", "week"):
            return replace(far, pattern=pattern, shift=shift)  # "पिछले दिनों": recently, no sharper than a month
        here = Resolution(anchor.value, anchor.granularity)
        if unit in ("day", "week") and anchor.granularity == "day":
            here = Resolution(a.isoformat(), "day")
        elif unit == "month" and anchor.granularity != "year":
            here = Resolution(fmt_date(a.year, a.month), "month")
        elif unit == "year":
            here = Resolution(fmt_date(a.year), "year")
        lo, hi = (far, here) if e.n < 0 else (here, far)
        return Resolution(lo.value, lo.granularity, range_end=hi.value, approximate=e.approximate or far.approximate,
                    pattern=pattern, shift=shift)
    if unit == "week":
        if anchor.granularity != "day":
            return _coarse(anchor, pattern, shift)
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=e.n)
        return Resolution(monday.isoformat(), "day", range_end=(monday + dt.timedelta(days=6)).isoformat(),
                    pattern=pattern, shift=shift)
    return _resolve_shift(replace(e, kind="shift"), anchor, None)


def _resolve_months(e: DateExpr, anchor: Anchor | None) -> Resolution:
    """"पिछले वर्ष (2 सितंबर|नवंबर)", "इस वर्ष जुलाई" (year moved), "पिछले नवंबर" (the latest November before)."""
    assert e.month is not None
    pattern = "XXXX" + _pattern_tail(e.month, e.day)
    shift = _duration(e.n, "year") if e.kind == "mod_year_month" else ""
    gran = granularity_of(e.month, e.day)
    if anchor is None:
        return Resolution(None, gran, pattern=pattern, shift=shift)
    a = anchor.first
    if e.kind == "mod_year_month":
        if not is_valid_date(a.year + e.n, e.month, e.day):
            return Resolution(None, gran, pattern=pattern, shift=shift)
        return Resolution(fmt_date(a.year + e.n, e.month, e.day), gran, pattern=pattern, shift=shift)
    if anchor.granularity == "year" and e.n:
        return Resolution(fmt_date(a.year + e.n, e.month), "month", approximate=True, pattern=pattern)
    year = a.year
    if e.n < 0 and e.month >= a.month:
        year -= 1
    elif e.n > 0 and e.month <= a.month:
        year += 1
    return Resolution(fmt_date(year, e.month), "month", pattern=pattern)


def _resolve_dom(e: DateExpr, anchor: Anchor | None, tense: str | None) -> Resolution:
    """"15 तारीख को": a day of the article's month (the month before when that lies ahead in a past clause)."""
    assert e.day is not None
    pattern = f"XXXX-XX-{e.day:02d}"
    if anchor is None or anchor.granularity == "year":
        return Resolution(None, "day", pattern=pattern) if anchor is None else _coarse(anchor, pattern)
    y, m = anchor.first.year, anchor.first.month
    if anchor.granularity == "day":
        if tense != "future" and e.day > anchor.first.day:
            y, m = _add_months(y, m, -1)
        elif tense == "future" and e.day < anchor.first.day:
            y, m = _add_months(y, m, 1)
    if not is_valid_date(y, m, e.day):
        return Resolution(None, "day", pattern=pattern)
    return Resolution(fmt_date(y, m, e.day), "day", pattern=pattern)


def resolve(e: DateExpr, text: str, anchor: Anchor | None, lex: DateLexicon) -> Resolution:
    """Apply the anchor (and the clause tense, where a reading depends on it)."""
    if e.kind == "abs":
        assert e.year is not None
        value = fmt_date(e.year, e.month, e.day)
        end = None if e.to is None or e.to.year is None else fmt_date(e.to.year, e.to.month, e.to.day)
        return Resolution(value, granularity_of(e.month, e.day), "stated", end, pattern=value)
    tense = clause_tense(text, e.end) if e.kind in ("yearless", "deictic", "weekday", "dom") else None
    if e.kind == "yearless":
        return _resolve_yearless(e, anchor, tense, lex)
    if e.kind == "weekday":
        return _resolve_weekday(e, anchor, tense)
    if e.kind in ("deictic", "shift"):
        return _resolve_shift(e, anchor, tense)
    if e.kind == "period":
        return _resolve_period(e, anchor)
    if e.kind in ("mod_month", "mod_year_month"):
        return _resolve_months(e, anchor)
    return _resolve_dom(e, anchor, tense)
