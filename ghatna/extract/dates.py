"""Absolute and relative dates in Hindi and English news text, resolved against the article date.

``find_dates`` finds "21 मई", "9 नवंबर, 2023", "दिसंबर 2004", "2017 में", "Oct 21, 2020",
"2024-06-25", "21/05/2024", ranges ("जुलाई 2023 से जुलाई 2024", "20-22 मई", "2023-24"), and
expressions relative to the article date ("मंगलवार", "कल", "पिछले वर्ष नवंबर", "इस वर्ष
जुलाई", "अगले महीने", "कुछ दिन पहले", "पिछले सप्ताह"). ``infer_article_date`` dates an article
that states no date from its own evidence.

Why a hand parser and not dateparser: dateparser resolves one string it is given, but here the
work is *finding* expressions in running text with exact offsets, choosing readings by the tense
of the clause (कल), and keeping yearless dates open until an anchor is known; its Hindi data also
lacks the relative phrases news uses (पिछले वर्ष नवंबर, कुछ दिन पहले), and importing it costs
about a second. The words live in data files (see ``extract.date_lexicon``), as dateparser keeps
its own, and the calendar arithmetic is the standard library's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

from ghatna.extract.date_lexicon import DateLexicon, fold, lexicon
from ghatna.extract.tense import clause_tense
from ghatna.types import DateRef, DateValue

_URL = re.compile(r"(?:https?://|www\.)\S+")
_WORD = re.compile(r"[^\s,.;:!?।॥()\"“”'‘’]+")
_DUR = {"day": "D", "week": "W", "month": "M", "year": "Y"}
_PRIORITY = {name: i for i, name in enumerate((
    "day_range", "dmy", "mdy", "md_en", "iso", "numeric", "month_year", "rel_year_day", "rel_month_year",
    "rel_month",
    "rel_weekday", "rel_unit", "ago", "deictic", "weekday", "year_word", "decade", "decade_en",
    "year_dash", "year", "month_bare", "day_of_month"))}


@dataclass(frozen=True, slots=True)
class _Expr:
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
    to: "_Expr | None" = None
    priority: int = 0


@dataclass(frozen=True, slots=True)
class _Anchor:
    """The article date as a day range with its granularity."""

    first: dt.date
    last: dt.date
    granularity: str
    value: str


@dataclass(frozen=True, slots=True)
class _Res:
    """A resolution: the DateRef fields that depend on the anchor."""

    value: str | None
    granularity: str
    kind: str = "relative"
    range_end: str | None = None
    approximate: bool = False
    pattern: str = ""
    shift: str = ""


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str:
    """Format YYYY, YYYY-MM or YYYY-MM-DD."""
    out = f"{year:04d}"
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


def _gran(month: int | None, day: int | None) -> str:
    """Granularity of a date with these parts present."""
    return "year" if month is None else "month" if day is None else "day"


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    """True when the parts form a real date (a yearless 29 February is allowed)."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    if month is None:
        return False
    limit = calendar.monthrange(year if year is not None else 2024, month)[1]
    return 1 <= day <= limit


def _number(word: str, lex: DateLexicon) -> tuple[int, bool] | None:
    """Value of a number written in digits or words, and whether it is approximate."""
    if word.isdigit():
        return int(word), False
    return lex.numbers.get(fold(word))


def _is_count(text: str, start: int, end: int, lex: DateLexicon) -> bool:
    """True when a four-digit number counts things ("2000 से अधिक वर्षों", "लगभग 1500")."""
    if start > 0 and text[start - 1] in "₹$":
        return True
    after = _WORD.findall(text[end:end + 40])
    if text[end:end + 1] in ("%",) or (after and fold(after[0]) in lex.count_words):
        return True
    if len(after) > 1 and fold(after[0]) == "से" and fold(after[1]) in lex.count_words:
        return True
    before = _WORD.findall(text[max(0, start - 30):start])
    return bool(before) and fold(before[-1]) in lex.count_prefixes


def _abs(m: re.Match[str], name: str, year: int | None, month: int | None, day: int | None) -> _Expr | None:
    """An absolute or yearless expression, or None if the parts are not a date."""
    if not _valid(year, month, day) or (year is not None and not 1000 <= year <= 2999):
        return None
    kind = "abs" if year is not None else "yearless"
    return _Expr(m.start(), m.end(), kind, year, month, day, priority=_PRIORITY[name])


def _build(name: str, m: re.Match[str], text: str, lex: DateLexicon) -> _Expr | None:
    """Turn one pattern match into an expression, or None when it is not a date after all."""
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") and len(g["year"]) == 4 else None
    month = lex.months.get(fold(g["month"])) if g.get("month") and not g["month"].isdigit() else (
        int(g["month"]) if g.get("month") else None)
    day = int(g["day"]) if g.get("day") else None
    prio = _PRIORITY[name]
    mod = lex.modifiers.get(fold(g["mod"])) if g.get("mod") else None
    if name == "day_range":
        first, last = _abs(m, name, year, month, day), _abs(m, name, year, month, int(g["day2"]))
        if first is None or last is None or int(g["day2"]) <= (day or 0):
            return None
        return replace(first, to=last)
    if name in ("dmy", "mdy", "md_en", "iso", "month_year", "month_bare"):
        return _abs(m, name, year, month, day)
    if name == "numeric":
        raw_year = g["year"]
        year = int(raw_year) if len(raw_year) == 4 else (2000 + int(raw_year) if int(raw_year) < 70 else 1900 + int(raw_year))
        if month is not None and month > 12 and day is not None and day <= 12:
            day, month = month, day  # month/day/year, as US pages write it
        return _abs(m, name, year, month, day)
    if name in ("year", "year_word"):
        if name == "year" and (not 1600 <= (year or 0) <= 2100 or _is_count(text, m.start(), m.end(), lex)):
            return None
        return _abs(m, name, year, None, None)
    if name in ("decade", "decade_en"):
        first = _abs(m, name, year, None, None)
        if first is None or first.year is None or first.year % 10:
            return None
        return replace(first, to=_Expr(m.start(), m.end(), "abs", first.year + 9))
    if name == "year_dash":
        return _year_dash(m, year, g["year2"])
    if name in ("rel_month_year", "rel_year_day") and mod is not None and month is not None:
        if not _valid(None, month, day):
            return None
        return _Expr(m.start(), m.end(), "mod_year_month", month=month, day=day, n=mod, priority=prio)
    if name == "rel_month" and mod is not None and month is not None:
        return _Expr(m.start(), m.end(), "mod_month", month=month, n=mod, priority=prio)
    if name in ("rel_weekday", "weekday"):
        return _Expr(m.start(), m.end(), "weekday", weekday=lex.weekdays[fold(g["weekday"])], n=mod or 0,
                     priority=prio)
    if name == "rel_unit" and mod is not None:
        return _period(m, lex, mod)
    if name == "ago":
        num = _number(g["num"], lex)
        direction = lex.directions[fold(g["dir"])]
        before = _WORD.findall(text[max(0, m.start() - 20):m.start()])
        if num is None or (before and fold(before[-1]) in lex.other_anchors):
            return None  # "इससे एक दिन पहले": a day before another event, not before the article
        if direction > 0 and clause_tense(text, m.end()) != "future":
            return None  # "27 साल बाद सत्ता में वापसी": years after a past event, not after the article
        return _Expr(m.start(), m.end(), "shift", n=num[0] * direction,
                     unit=lex.units[fold(g["unit"])], approximate=num[1], priority=prio)
    if name == "deictic":
        days, future = lex.deictic[fold(g["deictic"])]
        return _Expr(m.start(), m.end(), "deictic", n=days, future_n=future, priority=prio)
    if name == "day_of_month" and day is not None and 1 <= day <= 31:
        return _Expr(m.start(), m.end(), "dom", day=day, priority=prio)
    return None


def _year_dash(m: re.Match[str], year: int | None, second: str) -> _Expr | None:
    """"2019-2022" and "2023-24" are year ranges; "2024-06" is a month."""
    if year is None:
        return None
    prio = _PRIORITY["year_dash"]
    if len(second) == 2:
        short = int(second)
        if short == (year + 1) % 100 or short > year % 100:
            end = year // 100 * 100 + short
            end += 100 if end < year else 0
            return _Expr(m.start(), m.end(), "abs", year, priority=prio, to=_Expr(m.start(), m.end(), "abs", end))
        if 1 <= short <= 12:
            return _Expr(m.start(), m.end(), "abs", year, short, priority=prio)
        return None
    end = int(second)
    if not year < end < year + 200:
        return None
    return _Expr(m.start(), m.end(), "abs", year, priority=prio, to=_Expr(m.start(), m.end(), "abs", end))


def _period(m: re.Match[str], lex: DateLexicon, step: int) -> _Expr | None:
    """"पिछले सप्ताह", "इस वर्ष", "अगले महीने", "पिछले 10 वर्षों"."""
    unit = lex.units[fold(m.group("unit"))]
    prio = _PRIORITY["rel_unit"]
    if m.group("num") is None:
        if fold(m.group("unit")) in lex.plural_units and step:
            # "आने वाले वर्षों में", "पिछले दिनों": a vague stretch of about three units
            return _Expr(m.start(), m.end(), "period", n=step, unit=unit, span_n=3, approximate=True, priority=prio)
        if unit == "day":
            return None  # "अगले दिन" counts from the story's day, not the article's
        return _Expr(m.start(), m.end(), "period", n=step, unit=unit, priority=prio)
    num = _number(m.group("num"), lex)
    if num is None or step == 0:
        return None
    return _Expr(m.start(), m.end(), "period", n=step, unit=unit, span_n=num[0], approximate=num[1], priority=prio)


def _candidates(text: str, lex: DateLexicon) -> list[_Expr]:
    """All valid matches of all patterns, overlapping."""
    urls = [(u.start(), u.end()) for u in _URL.finditer(text)]
    out = []
    for name, pattern in lex.patterns:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in urls):
                continue
            expr = _build(name, m, text, lex)
            if expr is not None:
                out.append(expr)
    return out


def _select(cands: list[_Expr]) -> list[_Expr]:
    """Keep the longest non-overlapping expressions (ties go to the earlier pattern)."""
    chosen: list[_Expr] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.priority, c.start)):
        if all(c.end <= k.start or k.end <= c.start for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _merge_ranges(text: str, exprs: list[_Expr], lex: DateLexicon) -> list[_Expr]:
    """Join "A से B", "A - B" into one range when A and B are calendar dates."""
    out: list[_Expr] = []
    for e in exprs:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.to is None and e.to is None
            and prev.kind in ("abs", "yearless") and e.kind in ("abs", "yearless")
            and lex.range_gap.fullmatch(text[prev.end:e.start])
            and _gran(prev.month, prev.day) == _gran(e.month, e.day)
        ):
            if prev.year is None and e.year is not None and prev.month is not None and e.month is not None:
                prev = replace(prev, kind="abs", year=e.year if prev.month <= e.month else e.year - 1)
            if prev.kind == "abs" and e.kind == "abs" and _key(prev) >= _key(e):
                out.append(e)
                continue
            out[-1] = replace(prev, end=e.end, to=e)
            continue
        out.append(e)
    return out


def _key(e: _Expr) -> tuple[int, int, int]:
    """Sort key of an absolute expression."""
    return (e.year or 0, e.month or 0, e.day or 0)


def _anchor(value: DateValue | None) -> _Anchor | None:
    """Turn the article date into a day range."""
    if value is None or not value.value:
        return None
    try:
        parts = [int(p) for p in value.value.split("-")]
        if not 1000 <= parts[0] <= 2999:
            return None  # outside the years news is about; date arithmetic near 1 or 9999 would overflow
        if len(parts) == 3:
            d = dt.date(*parts)
            return _Anchor(d, d, "day", value.value)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return _Anchor(dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last), "month", value.value)
        return _Anchor(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year", value.value)
    except (ValueError, TypeError):
        return None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """Move a (year, month) by n months."""
    total = year * 12 + month - 1 + n
    return total // 12, total % 12 + 1


def _duration(n: int, unit: str) -> str:
    """Signed ISO 8601 duration: -P1Y, P0Y, P2D."""
    return f"{'-' if n < 0 else ''}P{abs(n)}{_DUR[unit]}"


def _coarse(anchor: _Anchor, pattern: str, shift: str = "") -> _Res:
    """The anchor itself, marked approximate: the expression is finer than the anchor."""
    return _Res(anchor.value, anchor.granularity, approximate=True, pattern=pattern, shift=shift)


def _yearless_year(month: int, day: int | None, anchor: _Anchor, tense: str | None, lex: DateLexicon) -> int:
    """The year a date written without one most likely has (see ``policy`` in relative_dates.yaml)."""
    year = anchor.first.year
    first = dt.date(year, month, day or 1) if _valid(year, month, day) else dt.date(year, month, 1)
    last = first if day else dt.date(year, month, calendar.monthrange(year, month)[1])
    grace = dt.timedelta(days=lex.past_grace_days)
    if tense == "future":
        return year + 1 if last < anchor.first - grace else year
    if tense == "past":
        return year - 1 if first > anchor.last + grace else year
    return year - 1 if first > anchor.last + dt.timedelta(days=lex.future_window_days) else year


def _resolve_yearless(e: _Expr, anchor: _Anchor | None, tense: str | None, lex: DateLexicon) -> _Res:
    """"21 मई", "नवंबर में", "20-22 मई": the anchor supplies the year."""
    assert e.month is not None
    pattern = "XXXX" + _pattern_tail(e.month, e.day)
    if anchor is None:
        return _Res(None, _gran(e.month, e.day), pattern=pattern)
    year = _yearless_year(e.month, e.day, anchor, tense, lex)
    if not _valid(year, e.month, e.day):
        return _Res(None, _gran(e.month, e.day), pattern=pattern)
    end = None
    if e.to is not None and e.to.month is not None:
        end_year = year if e.to.month >= e.month else year + 1
        end = _fmt(end_year, e.to.month, e.to.day) if _valid(end_year, e.to.month, e.to.day) else None
    return _Res(_fmt(year, e.month, e.day), _gran(e.month, e.day), range_end=end, pattern=pattern)


def _pattern_tail(month: int | None, day: int | None) -> str:
    """"-MM" or "-MM-DD" for a TIMEX pattern."""
    return "" if month is None else f"-{month:02d}" + ("" if day is None else f"-{day:02d}")


def _resolve_weekday(e: _Expr, anchor: _Anchor | None, tense: str | None) -> _Res:
    """"मंगलवार (को)": the latest such day on or before the article date (after it in the future tense)."""
    pattern = f"XXXX-WXX-{e.weekday}"
    if anchor is None:
        return _Res(None, "day", pattern=pattern)
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
    return _Res(d.isoformat(), "day", pattern=pattern)


def _resolve_shift(e: _Expr, anchor: _Anchor | None, tense: str | None) -> _Res:
    """"कल", "दो दिन पहले", "कुछ दिन पहले", "तीन साल बाद": a distance from the article date."""
    n = e.future_n if (e.kind == "deictic" and tense == "future" and e.future_n is not None) else e.n
    unit = "day" if e.kind == "deictic" else e.unit
    pattern = {"day": "XXXX-XX-XX", "week": "XXXX-XX-XX", "month": "XXXX-XX", "year": "XXXX"}[unit]
    shift = _duration(n, unit)
    if anchor is None:
        return _Res(None, "month" if e.approximate and unit in ("day", "week") else _unit_gran(unit),
                    approximate=e.approximate, pattern=pattern, shift=shift)
    a = anchor.first
    if unit in ("day", "week"):
        if anchor.granularity != "day":
            return _coarse(anchor, pattern, shift)
        d = a + dt.timedelta(days=n * (7 if unit == "week" else 1))
        if e.approximate:
            return _Res(_fmt(d.year, d.month), "month", approximate=True, pattern=pattern, shift=shift)
        return _Res(d.isoformat(), "day", pattern=pattern, shift=shift)
    if unit == "month":
        if anchor.granularity == "year":
            return _coarse(anchor, pattern, shift)
        y, m = _add_months(a.year, a.month, n)
        return _Res(_fmt(y, m), "month", approximate=e.approximate, pattern=pattern, shift=shift)
    return _Res(_fmt(a.year + n), "year", approximate=e.approximate, pattern=pattern, shift=shift)


def _unit_gran(unit: str) -> str:
    """Granularity of a calendar unit (a week is given as days)."""
    return {"day": "day", "week": "day", "month": "month", "year": "year"}[unit]


def _resolve_period(e: _Expr, anchor: _Anchor | None) -> _Res:
    """"पिछले सप्ताह" (a Monday-Sunday range), "इस वर्ष", "अगले महीने", "पिछले 10 वर्षों"."""
    unit = e.unit
    pattern = {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "day": "XXXX-XX-XX"}[unit]
    shift = _duration(-(e.span_n or 0) if e.span_n and e.n < 0 else (e.span_n or e.n), unit)
    if anchor is None:
        return _Res(None, _unit_gran(unit), approximate=e.approximate, pattern=pattern, shift=shift)
    a = anchor.first
    if e.span_n is not None:
        far = _resolve_shift(replace(e, kind="shift", n=e.n * e.span_n), anchor, None)
        if e.approximate and unit in ("day", "week"):
            return replace(far, pattern=pattern, shift=shift)  # "पिछले दिनों": recently, no sharper than a month
        here = _Res(anchor.value, anchor.granularity)
        if unit in ("day", "week") and anchor.granularity == "day":
            here = _Res(a.isoformat(), "day")
        elif unit == "month" and anchor.granularity != "year":
            here = _Res(_fmt(a.year, a.month), "month")
        elif unit == "year":
            here = _Res(_fmt(a.year), "year")
        lo, hi = (far, here) if e.n < 0 else (here, far)
        return _Res(lo.value, lo.granularity, range_end=hi.value, approximate=e.approximate or far.approximate,
                    pattern=pattern, shift=shift)
    if unit == "week":
        if anchor.granularity != "day":
            return _coarse(anchor, pattern, shift)
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=e.n)
        return _Res(monday.isoformat(), "day", range_end=(monday + dt.timedelta(days=6)).isoformat(),
                    pattern=pattern, shift=shift)
    return _resolve_shift(replace(e, kind="shift"), anchor, None)


def _resolve_months(e: _Expr, anchor: _Anchor | None) -> _Res:
    """"पिछले वर्ष (2 सितंबर|नवंबर)", "इस वर्ष जुलाई" (year moved), "पिछले नवंबर" (the latest November before)."""
    assert e.month is not None
    pattern = "XXXX" + _pattern_tail(e.month, e.day)
    shift = _duration(e.n, "year") if e.kind == "mod_year_month" else ""
    gran = _gran(e.month, e.day)
    if anchor is None:
        return _Res(None, gran, pattern=pattern, shift=shift)
    a = anchor.first
    if e.kind == "mod_year_month":
        if not _valid(a.year + e.n, e.month, e.day):
            return _Res(None, gran, pattern=pattern, shift=shift)
        return _Res(_fmt(a.year + e.n, e.month, e.day), gran, pattern=pattern, shift=shift)
    if anchor.granularity == "year" and e.n:
        return _Res(_fmt(a.year + e.n, e.month), "month", approximate=True, pattern=pattern)
    year = a.year
    if e.n < 0 and e.month >= a.month:
        year -= 1
    elif e.n > 0 and e.month <= a.month:
        year += 1
    return _Res(_fmt(year, e.month), "month", pattern=pattern)


def _resolve_dom(e: _Expr, anchor: _Anchor | None, tense: str | None) -> _Res:
    """"15 तारीख को": a day of the article's month (the month before when that lies ahead in a past clause)."""
    assert e.day is not None
    pattern = f"XXXX-XX-{e.day:02d}"
    if anchor is None or anchor.granularity == "year":
        return _Res(None, "day", pattern=pattern) if anchor is None else _coarse(anchor, pattern)
    y, m = anchor.first.year, anchor.first.month
    if anchor.granularity == "day":
        if tense != "future" and e.day > anchor.first.day:
            y, m = _add_months(y, m, -1)
        elif tense == "future" and e.day < anchor.first.day:
            y, m = _add_months(y, m, 1)
    if not _valid(y, m, e.day):
        return _Res(None, "day", pattern=pattern)
    return _Res(_fmt(y, m, e.day), "day", pattern=pattern)


def _resolve(e: _Expr, text: str, anchor: _Anchor | None, lex: DateLexicon) -> _Res:
    """Apply the anchor (and the clause tense, where a reading depends on it)."""
    if e.kind == "abs":
        assert e.year is not None
        value = _fmt(e.year, e.month, e.day)
        end = None if e.to is None or e.to.year is None else _fmt(e.to.year, e.to.month, e.to.day)
        return _Res(value, _gran(e.month, e.day), "stated", end, pattern=value)
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


def find_dates(text: str, anchor: DateValue | None = None) -> list[DateRef]:
    """Find the date expressions in ``text`` and resolve them against ``anchor`` (the article date).

    Args:
        text: any string (normally ``Article.text``).
        anchor: the publication date; relative expressions stay unresolved (``value`` None) without it.

    Returns:
        Non-overlapping DateRefs in text order, ``text[d.start:d.end] == d.text``.

    Example:
        >>> [(d.text, d.value) for d in find_dates("मंगलवार को 21 मई की बैठक", DateValue("2024-06-25", "day"))]
        [('मंगलवार', '2024-06-25'), ('21 मई', '2024-05-21')]
    """
    lex = lexicon()
    exprs = _merge_ranges(text, _select(_candidates(text, lex)), lex)
    a = _anchor(anchor)
    out = []
    for e in exprs:
        r = _resolve(e, text, a, lex)
        out.append(DateRef(e.start, e.end, text[e.start:e.end], r.value, r.granularity, r.kind,
                           r.range_end, r.approximate, r.pattern, r.shift))
    return out


def _year_votes(dates: list[DateRef]) -> Counter[int]:
    """Article years implied by relative cues tied to stated dates ("पिछले वर्ष नवंबर" + "9 नवंबर, 2023")."""
    stated = [d for d in dates if d.kind == "stated" and d.value]
    votes: Counter[int] = Counter()
    for d in dates:
        m = re.fullmatch(r"(-?)P(\d+)Y", d.shift)
        fixed = re.fullmatch(r"XXXX-(\d\d)(?:-(\d\d))?", d.pattern)
        if m is None or fixed is None:
            continue
        years = int(m.group(2)) * (-1 if m.group(1) else 1)
        for s in stated:
            parts = s.value.split("-") if s.value else []
            if len(parts) >= 2 and parts[1] == fixed.group(1) and (fixed.group(2) is None or parts[2:3] == [fixed.group(2)]):
                votes[int(parts[0]) - years] += 1
    return votes


def infer_article_date(text: str, dates: list[DateRef]) -> DateValue | None:
    """Date an article that states none, from its own date expressions; ``kind`` is "inferred".

    The year comes from relative cues tied to stated dates ("पिछले वर्ष नवंबर" with "9 नवंबर,
    2023" gives 2024), else from the latest stated date. The month is the latest of the dates
    written without a year ("21 मई", which news uses for the days it reports on) and of the stated
    day or month dates in that year. Deadlines ("2030 तक"), range ends and dates in future-tense
    clauses are not evidence of when the article was written. Without a month only the year is given.

    Example:
        >>> t = "पिछले वर्ष नवंबर में यात्रा हुई। 21 मई को बैठक हुई। फोटो: 9 नवंबर, 2023"
        >>> infer_article_date(t, find_dates(t))
        DateValue(value='2024-05', granularity='month', kind='inferred')
    """
    stated = [
        d for d in dates
        if d.kind == "stated" and d.value and not text[d.end:d.end + 6].lstrip().startswith("तक")
        and clause_tense(text, d.end) != "future"
    ]
    votes = _year_votes(dates)
    if votes:
        year = max(votes, key=lambda y: (votes[y], y))
    elif stated:
        year = max(int(d.value[:4]) for d in stated if d.value)
    else:
        return None
    days = []
    for d in dates:
        m = re.fullmatch(r"XXXX-(\d\d)-(\d\d)", d.pattern)
        if m is not None and not d.shift and clause_tense(text, d.end) != "future":
            days.append((int(m.group(1)), int(m.group(2))))
    days += [(int(d.value[5:7]), int(d.value[8:10] or 0)) for d in stated
             if d.value and d.value[:4] == f"{year:04d}" and len(d.value) >= 7]
    if not days:
        return DateValue(_fmt(year), "year", "inferred")
    ordered = sorted(days)
    if ordered[-1][0] - ordered[0][0] > 6:
        # dates on both sides of a new year ("30 दिसंबर", "2 जनवरी"): the early months are the later ones
        ordered = sorted((m + 12 if m <= 6 else m, d) for m, d in ordered)
    month = (ordered[-1][0] - 1) % 12 + 1
    return DateValue(_fmt(year, month), "month", "inferred")
