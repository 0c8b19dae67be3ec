"""Absolute dates in header lines and captions."""

from __future__ import annotations

import pytest

from ghatna.text.calendar import find_absolute_dates, month_number, parse_date


@pytest.mark.parametrize(
    "text, value, granularity",
    [
        ("2024-06-25", "2024-06-25", "day"),
        ("Oct 21, 2020", "2020-10-21", "day"),
        ("October 21, 2020", "2020-10-21", "day"),
        ("21 October 2020", "2020-10-21", "day"),
        ("9 नवंबर, 2023", "2023-11-09", "day"),
        ("9 नवम्बर 2023", "2023-11-09", "day"),
        ("22 फ़रवरी, 1992", "1992-02-22", "day"),
        ("22 फरवरी, 1992", "1992-02-22", "day"),
        ("१२ मार्च २०२४", "2024-03-12", "day"),
        ("21/05/2024", "2024-05-21", "day"),
        ("दिसंबर 2004", "2004-12", "month"),
        ("जुलाई, 2023", "2023-07", "month"),
        ("3rd Sept 2019", "2019-09-03", "day"),
    ],
)
def test_parse_date_reads_header_dates(text: str, value: str, granularity: str) -> None:
    date = parse_date(text)
    assert date is not None and (date.value, date.granularity, date.kind) == (value, granularity, "stated")


@pytest.mark.parametrize("text", ["31 फरवरी 2024", "2024-13-01", "भारत और रूस", "मई में बैठक हुई", "12345"])
def test_parse_date_refuses_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_absolute_dates_reports_offsets() -> None:
    text = "अस्ताना में, 9 नवंबर, 2023। और दिसंबर 2004 में"
    found = find_absolute_dates(text)
    assert [(text[d.start:d.end], d.date.value) for d in found] == [("9 नवंबर, 2023", "2023-11-09"),
                                                                    ("दिसंबर 2004", "2004-12")]


@pytest.mark.parametrize("word, number", [("जनवरी", 1), ("फ़रवरी", 2), ("सितम्बर", 9), ("Sept.", 9), ("अक्तूबर", 10)])
def test_month_number_accepts_spellings(word: str, number: int) -> None:
    assert month_number(word) == number
