"""Date words and the regular expressions built from them, for ``extract.dates``.

Every word comes from a data file: month names from ``hi/months.yaml``, weekday names from
``hi/weekdays.yaml``, relative words, units, number words, range joiners, year cues and the
year-resolution policy from ``hi/relative_dates.yaml``. Lookups are keyed by
``text.normalize.devanagari_key`` (nukta, chandrabindu and case folded), and the patterns match
each word as written or folded, so the text itself is never changed and offsets stay exact.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable

from ghatna.resources.loader import read_yaml
from ghatna.text.normalize import devanagari_key, spelling_alternation

# Word boundaries that see Devanagari vowel signs as part of a word (Python's \b does not).
_B = r"(?<![\w\u0900-\u0963\u0966-\u097F])"
_E = r"(?![\w\u0900-\u0963\u0966-\u097F])"
_ORD = r"(?:st|nd|rd|th)?"


def fold(word: str) -> str:
    """Return the lookup key of a word: folded, lowercased, without a final full stop."""
    return devanagari_key(word).rstrip(".")


def _table(data: dict[Any, Iterable[Any]]) -> dict[str, int]:
    """Invert ``number -> spellings`` into ``folded spelling -> number``."""
    return {fold(str(name)): int(number) for number, names in data.items() for name in names}


def _keys(mapping: dict[str, Any]) -> dict[str, Any]:
    """Fold the keys of a data mapping."""
    return {fold(str(k)): v for k, v in mapping.items()}


@dataclass(frozen=True, slots=True)
class DateLexicon:
    """Folded word tables and compiled patterns (named, in priority order)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    deictic: dict[str, tuple[int, int | None]]
    modifiers: dict[str, int]
    units: dict[str, str]
    numbers: dict[str, tuple[int, bool]]
    directions: dict[str, int]
    count_words: frozenset[str]
    count_prefixes: frozenset[str]
    plural_units: frozenset[str]
    other_anchors: frozenset[str]
    comparison_words: frozenset[str]
    deadline_words: frozenset[str]
    future_window_days: int
    past_grace_days: int
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    range_gap: re.Pattern[str]
    list_day: re.Pattern[str]
    leads: dict[str, re.Pattern[str]]  # pattern name -> where its matches can start (see _leads)


def _alt(words: Iterable[Any]) -> str:
    """A non-capturing alternation of words as written and folded, longest first."""
    return "(?:" + spelling_alternation(str(w) for w in words) + ")"


_DIGIT_LEAD = ("day_range", "dmy", "iso", "numeric", "decade", "decade_en", "year_dash", "year", "day_of_month")
_MONTH_LEAD = ("mdy", "md_en", "month_year", "month_bare")
_MOD_LEAD = ("rel_year_day", "rel_month_year", "rel_month", "rel_weekday", "rel_unit")


def _leads(data: dict[str, Any], month_names: list[str]) -> dict[str, re.Pattern[str]]:
    """Patterns that find every position where a group of date patterns can begin.

    Running 22 patterns over a whole article made each one try every position; most patterns
    can only begin at a digit that follows no digit (their first part is a day or a year, after
    a lookbehind that excludes digits), at a month name or at a modifier word. One lead scan per
    group finds those positions (a lookahead, so overlapping ones too) and the patterns are tried
    there only, which finds the same matches as scanning the text with each.
    """
    digit = re.compile(r"\d(?<!\d\d)")  # a digit with none before it; a leading class lets re skip to digits
    month = re.compile(rf"{_B}(?={_alt(month_names)})", re.IGNORECASE)
    mod = re.compile(rf"{_B}(?={_alt(data['modifiers'])})", re.IGNORECASE)
    return {**dict.fromkeys(_DIGIT_LEAD, digit), **dict.fromkeys(_MONTH_LEAD, month), **dict.fromkeys(_MOD_LEAD, mod)}


def _compile(data: dict[str, Any], month_names: list[str], weekday_names: list[str]) -> tuple[
        tuple[tuple[str, re.Pattern[str]], ...], re.Pattern[str], re.Pattern[str]]:
    """Build the named patterns from the word lists."""
    latin_months = [m for m in month_names if m.isascii()]
    deva_months = [m for m in month_names if not m.isascii()]
    month = rf"(?P<month>{_alt(month_names)}){_E}\.?"
    en_month = rf"(?P<month>{_alt(latin_months)}){_E}\.?"
    deva_month = rf"(?P<month>{_alt(deva_months)}){_E}"
    weekday = rf"(?P<weekday>{_alt(weekday_names)}){_E}"
    mod = rf"(?P<mod>{_alt(data['modifiers'])})"
    year_units = [u for u, kind in data["units"].items() if kind == "year"]
    unit = rf"(?P<unit>{_alt(data['units'])}){_E}"
    number = rf"(?P<num>\d{{1,3}}|{_alt(list(data['numbers']) + list(data['approximate_numbers']))})"
    day = rf"(?P<day>\d{{1,2}}){_ORD}"
    year = r"(?P<year>\d{4})(?!\d)"
    joiner = rf"(?:\s*[-–—]\s*|\s+{_alt(data['range_joiners'])}\s+)"
    genitive = _alt(data["genitives"])
    specs = [
        ("day_range", rf"{_B}{day}{joiner}(?P<day2>\d{{1,2}}){_ORD}\s*{month}(?:\s*,?\s*{year})?"),
        ("dmy", rf"{_B}{day}\s*(?:of\s+)?{month}(?:\s*,?\s*{year})?"),
        ("mdy", rf"{_B}{month}\s*{day}(?:\s*,\s*|\s+){year}"),
        ("md_en", rf"{_B}{en_month}\s*{day}{_E}"),
        ("iso", r"(?<![\d.])(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d.])"),
        ("numeric", r"(?<![\d.])(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d.])"),
        ("month_year", rf"{_B}{month}\s*,?\s*{year}"),
        ("rel_year_day", rf"{_B}{mod}\s+(?P<unit>{_alt(year_units)})\s+(?:{genitive}\s+)?{day}\s*{month}"),
        ("rel_month_year", rf"{_B}{mod}\s+(?P<unit>{_alt(year_units)})\s+(?:{genitive}\s+)?{month}"),
        ("rel_month", rf"{_B}{mod}\s+{month}"),
        ("rel_weekday", rf"{_B}{mod}\s+{weekday}"),
        ("rel_unit", rf"{_B}{mod}\s+(?:{number}\s+)?{unit}"),
        ("ago", rf"{_B}{number}\s+{unit}\s+(?P<dir>{_alt(data['directions'])}){_E}"),
        ("deictic", rf"{_B}(?P<deictic>{_alt(data['deictic_days'])}){_E}"),
        ("weekday", rf"{_B}{weekday}"),
        ("year_word", rf"{_B}(?P<yword>{_alt(data['year_words'])})\s+{year}{_E}(?!\s*[-–]\s*\d)"),
        ("decade", rf"{_B}(?P<year>\d{{4}})\s+{genitive}\s+{_alt(data['decade_words'])}{_E}"),
        ("decade_en", r"(?<![\w.])(?P<year>\d{3}0)'?s(?!\w)"),
        ("year_dash", rf"{_B}(?P<year>\d{{4}})\s*[-–]\s*(?P<year2>\d{{4}}|\d{{2}})(?![\d.\-/])"),
        ("year", rf"(?<![\w\u0900-\u0963\u0966-\u097F.,:/-]){year}(?![.,:/]\d){_E}"),
        ("month_bare", rf"{_B}{deva_month}(?=\s+{_alt(data['month_postpositions'])}{_E})"),
        ("day_of_month", rf"{_B}{day}\s+{_alt(data['day_of_month_words'])}{_E}"),
    ]
    compiled = tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in specs)
    gap = re.compile(rf"\s*(?:[-–—]|{_alt(data['range_joiners'])})\s*", re.IGNORECASE)
    list_day = re.compile(rf"{_B}(?P<day>\d{{1,2}}){_ORD}\s*(?:{_alt(data['list_joiners'])})\s*$", re.IGNORECASE)
    return compiled, gap, list_day


@functools.lru_cache(maxsize=1)
def lexicon() -> DateLexicon:
    """Load the date data files and compile the patterns (once per process)."""
    months = read_yaml("hi/months.yaml")
    weekdays = read_yaml("hi/weekdays.yaml")
    data = read_yaml("hi/relative_dates.yaml")
    month_names = [str(n) for names in months.values() for n in names]
    weekday_names = [str(n) for names in weekdays.values() for n in names]
    patterns, gap, list_day = _compile(data, month_names, weekday_names)
    numbers = {fold(str(k)): (int(v), False) for k, v in data["numbers"].items()}
    numbers.update({fold(str(k)): (int(v), True) for k, v in data["approximate_numbers"].items()})
    policy = data["policy"]
    return DateLexicon(
        months=_table(months),
        weekdays=_table(weekdays),
        deictic={fold(str(k)): (int(v["days"]), v.get("future")) for k, v in data["deictic_days"].items()},
        modifiers={k: int(v) for k, v in _keys(data["modifiers"]).items()},
        units={k: str(v) for k, v in _keys(data["units"]).items()},
        numbers=numbers,
        directions={k: int(v) for k, v in _keys(data["directions"]).items()},
        count_words=frozenset(fold(str(w)) for w in data["count_words"]),
        count_prefixes=frozenset(fold(str(w)) for w in data["count_prefixes"]),
        plural_units=frozenset(fold(str(w)) for w in data["plural_units"]),
        other_anchors=frozenset(fold(str(w)) for w in data["other_anchors"]),
        comparison_words=frozenset(fold(str(w)) for w in data["comparison_words"]),
        deadline_words=frozenset(fold(str(w)) for w in data["deadline_words"]),
        future_window_days=int(policy["future_window_days"]),
        past_grace_days=int(policy["past_grace_days"]),
        patterns=patterns,
        range_gap=gap,
        list_day=list_day,
        leads=_leads(data, month_names),
    )
