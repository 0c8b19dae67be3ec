"""Absolute calendar dates in Hindi and English text ("9 नवंबर, 2023", "Oct 21, 2020", "2024-06-25").

Only dates that stand on their own are found here (header lines, captions); relative expressions
anchored to an article date belong to ``extract.dates``. Month names come from ``hi/months.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from ghatna.resources.loader import read_yaml
from ghatna.text.normalize import devanagari_key, spelling_alternation
from ghatna.types import DateValue


@dataclass(frozen=True, slots=True)
class FoundDate:
    """An absolute date found in text, with its span."""

    start: int
    end: int
    text: str
    date: DateValue


@functools.lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Folded month spelling -> month number."""
    table: dict[str, int] = {}
    for number, names in read_yaml("hi/months.yaml").items():
        for name in names:
            table[devanagari_key(str(name)).rstrip(".")] = int(number)
    return table


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Compiled date patterns, most specific first, with the order of their groups."""
    alternation = spelling_alternation(
        str(name) for spelled in read_yaml("hi/months.yaml").values() for name in spelled)
    month = rf"(?P<month>{alternation})(?![\w\u0900-\u097f])"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})(?!\d)"
    flags = re.IGNORECASE
    return [
        (re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"), "ymd"),
        (re.compile(rf"(?<!\d){day}\s*{month}[,\s]\s*{year}", flags), "dmy"),
        (re.compile(rf"{month}\s+{day},?\s+{year}", flags), "mdy"),
        (re.compile(r"(?<!\d)(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})(?!\d)"), "dmy"),
        (re.compile(rf"{month},?\s+{year}", flags), "my"),
    ]


def month_number(word: str) -> int | None:
    """Return the month number of a month name in any listed spelling, else None."""
    return _months().get(devanagari_key(word).rstrip("."))


def _build(groups: dict[str, str]) -> DateValue | None:
    """Validate the matched parts and build a DateValue of the right granularity."""
    year = int(groups["year"])
    raw_month = groups["month"]
    month = int(raw_month) if raw_month.isdigit() else month_number(raw_month)
    if month is None or not 1 <= month <= 12 or not 1000 <= year <= 2999:
        return None
    if groups.get("day"):
        try:
            value = dt.date(year, month, int(groups["day"]))
        except ValueError:
            return None
        return DateValue(value.isoformat(), "day", "stated")
    return DateValue(f"{year:04d}-{month:02d}", "month", "stated")


def find_absolute_dates(text: str) -> list[FoundDate]:
    """Return non-overlapping absolute dates in ``text``, left to right.

    Example:
        >>> [d.date.value for d in find_absolute_dates("Oct 21, 2020 और 2024-06-25")]
        ['2020-10-21', '2024-06-25']
    """
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for pattern, _order in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _build({k: v for k, v in m.groupdict().items() if v is not None})
            # an impossible date ("31 फरवरी") blocks the weaker patterns on the same text too
            taken.append((m.start(), m.end()))
            if value is None:
                continue
            found.append(FoundDate(m.start(), m.end(), m.group(), value))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str) -> DateValue | None:
    """Return the date when ``text`` is essentially one absolute date (a header field), else None."""
    dates = find_absolute_dates(text)
    if len(dates) != 1:
        return None
    rest = (text[: dates[0].start] + text[dates[0].end:]).strip(" ,.|-–:।")
    return dates[0].date if len(rest) <= 4 else None
