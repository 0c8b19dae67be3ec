"""Dates as precise as known (YYYY, YYYY-MM, YYYY-MM-DD) as ranges of days, for time windows.

Example:
    >>> lo, hi = day_range("2024-02")
    >>> hi - lo
    28
    >>> days_apart(day_range("2024-07-04"), day_range("2024-07"))
    0
"""

from __future__ import annotations

import calendar
from datetime import date

#: a day range: first and last day as proleptic Gregorian ordinals
DayRange = tuple[int, int]


def day_range(value: str | None) -> DayRange | None:
    """Return the days a date value covers, or None when it is missing or malformed."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
        day = date(year, month, int(parts[2][:2])).toordinal()
        return day, day
    except (ValueError, IndexError):
        return None


def days_apart(a: DayRange, b: DayRange) -> int:
    """Return the gap in days between two ranges (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


def widen(a: DayRange, b: DayRange) -> DayRange:
    """Return the smallest range covering both."""
    return min(a[0], b[0]), max(a[1], b[1])


def to_iso(ordinal: int) -> str:
    """Return the YYYY-MM-DD text of a day ordinal."""
    return date.fromordinal(ordinal).isoformat()
