"""Amounts of money with Indian and Western number words and currency symbols."""

from __future__ import annotations

import pytest

from ghatna.extract.money import find_amounts


@pytest.mark.parametrize("text,expected", [
    ("द्विपक्षीय व्यापार 27 अरब डॉलर के रिकॉर्ड स्तर पर पहुंचा", [("27 अरब डॉलर", 27e9, "USD")]),
    ("1.5 लाख करोड़ रुपये का बजट", [("1.5 लाख करोड़ रुपये", 1.5e12, "INR")]),
    ("10 करोड़ रुपए की सहायता", [("10 करोड़ रुपए", 1e8, "INR")]),
    ("4 अरब अमेरिकी डॉलर का ऋण", [("4 अरब अमेरिकी डॉलर", 4e9, "USD")]),
    ("$10 billion deal", [("$10 billion", 1e10, "USD")]),
    ("₹500 करोड़ की मदद", [("₹500 करोड़", 5e9, "INR")]),
    ("50 हज़ार यूरो", [("50 हज़ार यूरो", 5e4, "EUR")]),
    ("1,50,000 रुपये", [("1,50,000 रुपये", 1.5e5, "INR")]),
    ("2 खरब येन", [("2 खरब येन", 2e11, "JPY")]),
    ("2024 में 10 लोग मारे गए", []),
    ("27 अरब लोगों", []),
])
def test_find_amounts(text, expected) -> None:
    got = [(a.text, a.value, a.unit) for a in find_amounts(text)]
    assert [(t, pytest.approx(v), u) for t, v, u in expected] == got
    for a in find_amounts(text):
        assert text[a.start:a.end] == a.text
