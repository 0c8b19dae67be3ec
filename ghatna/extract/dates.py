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

import re
from collections import Counter
from dataclasses import replace
from typing import Iterator

from ghatna.extract.date_lexicon import DateLexicon, fold, lexicon
from ghatna.extract.date_resolve import DateExpr, fmt_date, granularity_of, is_valid_date, make_anchor, resolve
from ghatna.extract.tense import clause_tense
from ghatna.types import DateRef, DateValue

_URL = re.compile(r"(?:https?://|www\.)\S+")
_WORD = re.compile(r"[^\s,.;:!?।॥()\"“”'‘’]+")
_PRIORITY = {name: i for i, name in enumerate((
    "day_range", "dmy", "mdy", "md_en", "iso", "numeric", "month_year", "rel_year_day", "rel_month_year",
    "rel_month",
    "rel_weekday", "rel_unit", "ago", "deictic", "weekday", "year_word", "decade", "decade_en",
    "year_dash", "year", "month_bare", "day_of_month"))}


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
    if len(after) > 1 and fold(after[0]) in lex.comparison_words and fold(after[1]) in lex.count_words:
        return True
    before = _WORD.findall(text[max(0, start - 30):start])
    return bool(before) and fold(before[-1]) in lex.count_prefixes


def _abs(m: re.Match[str], name: str, year: int | None, month: int | None, day: int | None) -> DateExpr | None:
    """An absolute or yearless expression, or None if the parts are not a date."""
    if not is_valid_date(year, month, day) or (year is not None and not 1000 <= year <= 2999):
        return None
    kind = "abs" if year is not None else "yearless"
    return DateExpr(m.start(), m.end(), kind, year, month, day, priority=_PRIORITY[name])


def _build(name: str, m: re.Match[str], text: str, lex: DateLexicon) -> DateExpr | None:
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
        return replace(first, to=DateExpr(m.start(), m.end(), "abs", first.year + 9))
    if name == "year_dash":
        return _year_dash(m, year, g["year2"])
    if name in ("rel_month_year", "rel_year_day") and mod is not None and month is not None:
        if not is_valid_date(None, month, day):
            return None
        return DateExpr(m.start(), m.end(), "mod_year_month", month=month, day=day, n=mod, priority=prio)
    if name == "rel_month" and mod is not None and month is not None:
        return DateExpr(m.start(), m.end(), "mod_month", month=month, n=mod, priority=prio)
    if name in ("rel_weekday", "weekday"):
        return DateExpr(m.start(), m.end(), "weekday", weekday=lex.weekdays[fold(g["weekday"])], n=mod or 0,
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
        return DateExpr(m.start(), m.end(), "shift", n=num[0] * direction,
                     unit=lex.units[fold(g["unit"])], approximate=num[1], priority=prio)
    if name == "deictic":
        days, future = lex.deictic[fold(g["deictic"])]
        return DateExpr(m.start(), m.end(), "deictic", n=days, future_n=future, priority=prio)
    if name == "day_of_month" and day is not None and 1 <= day <= 31:
        return DateExpr(m.start(), m.end(), "dom", day=day, priority=prio)
    return None


def _year_dash(m: re.Match[str], year: int | None, second: str) -> DateExpr | None:
    """"2019-2022" and "2023-24" are year ranges; "2024-06" is a month."""
    if year is None:
        return None
    prio = _PRIORITY["year_dash"]
    if len(second) == 2:
        short = int(second)
        if short == (year + 1) % 100 or short > year % 100:
            end = year // 100 * 100 + short
            end += 100 if end < year else 0
            return DateExpr(m.start(), m.end(), "abs", year, priority=prio, to=DateExpr(m.start(), m.end(), "abs", end))
        if 1 <= short <= 12:
            return DateExpr(m.start(), m.end(), "abs", year, short, priority=prio)
        return None
    end = int(second)
    if not year < end < year + 200:
        return None
    return DateExpr(m.start(), m.end(), "abs", year, priority=prio, to=DateExpr(m.start(), m.end(), "abs", end))


def _period(m: re.Match[str], lex: DateLexicon, step: int) -> DateExpr | None:
    """"पिछले सप्ताह", "इस वर्ष", "अगले महीने", "पिछले 10 वर्षों"."""
    unit = lex.units[fold(m.group("unit"))]
    prio = _PRIORITY["rel_unit"]
    if m.group("num") is None:
        if fold(m.group("unit")) in lex.plural_units and step:
            # "आने वाले वर्षों में", "पिछले दिनों": a vague stretch of about three units
            return DateExpr(m.start(), m.end(), "period", n=step, unit=unit, span_n=3, approximate=True, priority=prio)
        if unit == "day":
            return None  # "अगले दिन" counts from the story's day, not the article's
        return DateExpr(m.start(), m.end(), "period", n=step, unit=unit, priority=prio)
    num = _number(m.group("num"), lex)
    if num is None or step == 0:
        return None
    return DateExpr(m.start(), m.end(), "period", n=step, unit=unit, span_n=num[0], approximate=num[1], priority=prio)


def _matches(text: str, lex: DateLexicon) -> Iterator[tuple[str, re.Match[str]]]:
    """Every pattern's matches, as ``pattern.finditer(text)`` gives them, tried only where they can start."""
    starts: dict[int, list[int]] = {}  # per lead pattern: the positions it found
    for name, pattern in lex.patterns:
        lead = lex.leads.get(name)
        if lead is None:
            for m in pattern.finditer(text):
                yield name, m
            continue
        positions = starts.get(id(lead))
        if positions is None:
            positions = starts[id(lead)] = [m.start() for m in lead.finditer(text)]
        last = 0
        for pos in positions:
            if pos < last:
                continue  # finditer goes on after the end of a match, so do we
            m = pattern.match(text, pos)
            if m is not None:
                yield name, m
                last = m.end()


def _candidates(text: str, lex: DateLexicon) -> list[DateExpr]:
    """All valid matches of all patterns, overlapping."""
    urls = [(u.start(), u.end()) for u in _URL.finditer(text)]
    out = []
    for name, m in _matches(text, lex):
        if any(s < m.end() and m.start() < e for s, e in urls):
            continue
        expr = _build(name, m, text, lex)
        if expr is not None:
            out.append(expr)
    return out


def _select(cands: list[DateExpr]) -> list[DateExpr]:
    """Keep the longest non-overlapping expressions (ties go to the earlier pattern)."""
    chosen: list[DateExpr] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.priority, c.start)):
        if all(c.end <= k.start or k.end <= c.start for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _merge_ranges(text: str, exprs: list[DateExpr], lex: DateLexicon) -> list[DateExpr]:
    """Join "A से B", "A - B" into one range when A and B are calendar dates."""
    out: list[DateExpr] = []
    for e in exprs:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.to is None and e.to is None
            and prev.kind in ("abs", "yearless") and e.kind in ("abs", "yearless")
            and lex.range_gap.fullmatch(text[prev.end:e.start])
            and granularity_of(prev.month, prev.day) == granularity_of(e.month, e.day)
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


def _day_lists(text: str, exprs: list[DateExpr], lex: DateLexicon) -> list[DateExpr]:
    """Give "6" in "6 और 11 नवंबर" (and "4, 5 व 6 मई") the month and year of the day after it."""
    out: list[DateExpr] = []
    for e in reversed(exprs):
        head = e
        while head.kind in ("abs", "yearless") and head.day is not None and head.to is None:
            floor = max((x.end for x in exprs if x.end <= head.start), default=0)
            m = lex.list_day.search(text, floor, head.start)  # "$" in the pattern anchors at head.start
            if m is None:
                break
            day = int(m.group("day"))
            if day >= head.day or not is_valid_date(head.year, head.month, day):
                break
            head = DateExpr(m.start("day"), m.end("day"), head.kind, head.year, head.month, day, priority=e.priority)
            out.append(head)
        out.append(e)
    return sorted(out, key=lambda x: x.start)


def _key(e: DateExpr) -> tuple[int, int, int]:
    """Sort key of an absolute expression."""
    return (e.year or 0, e.month or 0, e.day or 0)


def load_resources() -> None:
    """Read the date words and compile the patterns now (the stage calls it when built, not on the first article)."""
    lexicon()


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
    return _resolved(text, _expressions(text), anchor)


def _expressions(text: str) -> list[DateExpr]:
    """The date expressions of ``text``, before any anchor (they depend on the text alone)."""
    lex = lexicon()
    return _day_lists(text, _merge_ranges(text, _select(_candidates(text, lex)), lex), lex)


def _resolved(text: str, exprs: list[DateExpr], anchor: DateValue | None) -> list[DateRef]:
    """DateRefs of the expressions resolved against ``anchor``."""
    lex = lexicon()
    a = make_anchor(anchor)
    out = []
    for e in exprs:
        r = resolve(e, text, a, lex)
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


def _is_deadline(text: str, end: int) -> bool:
    """True when the word after a date makes it a deadline ("2030 तक"), not a reported day."""
    after = _WORD.findall(text[end:end + 20])
    return bool(after) and fold(after[0]) in lexicon().deadline_words


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
        if d.kind == "stated" and d.value and not _is_deadline(text, d.end)
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
        return DateValue(fmt_date(year), "year", "inferred")
    ordered = sorted(days)
    if ordered[-1][0] - ordered[0][0] > 6:
        # dates on both sides of a new year ("30 दिसंबर", "2 जनवरी"): the early months are the later ones
        ordered = sorted((m + 12 if m <= 6 else m, d) for m, d in ordered)
    month = (ordered[-1][0] - 1) % 12 + 1
    return DateValue(fmt_date(year, month), "month", "inferred")


def article_dates(text: str, published: DateValue | None) -> tuple[DateValue | None, list[DateRef]]:
    """Return the article date and every date of the text resolved against it.

    The stated publication date is used when there is one; otherwise the date is inferred from the
    text (``infer_article_date``, kind "inferred") and the dates are resolved against that.

    Args:
        text: the article text.
        published: ``Article.published`` (None when the page stated no date).

    Returns:
        ``(article date or None, dates)``.

    Example:
        >>> anchor, dates = article_dates("पिछले वर्ष नवंबर में दौरा हुआ। 21 मई को बैठक हुई। 9 नवंबर, 2023", None)
        >>> anchor.value, [d.value for d in dates]
        ('2024-05', ['2023-11', '2024-05-21', '2023-11-09'])
    """
    exprs = _expressions(text)  # found once, resolved against the inferred date afterwards
    if published is not None:
        return published, _resolved(text, exprs, published)
    inferred = infer_article_date(text, _resolved(text, exprs, None))
    return inferred, _resolved(text, exprs, inferred)
