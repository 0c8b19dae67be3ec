"""Amounts of money in Hindi and English news text: "27 अरब डॉलर" -> 27e9 USD.

A number (digits, with Indian or Western grouping and a decimal point) followed by scale words
(हज़ार, लाख, करोड़, अरब, billion …, which multiply: "लाख करोड़" is 10^12) and a currency word, or
a currency symbol before the number ("$10 billion", "₹500 करोड़"). The words live in
``hi/money.yaml``.

Example:
    >>> [(a.text, a.value, a.unit) for a in find_amounts("व्यापार 27 अरब डॉलर तक पहुंचा")]
    [('27 अरब डॉलर', 27000000000.0, 'USD')]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ghatna.resources.loader import read_yaml
from ghatna.text.normalize import devanagari_key
from ghatna.text.tokenize import tokenize


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount of money: its span, value in units of the currency, ISO 4217 code."""

    start: int
    end: int
    text: str
    value: float
    unit: str


@functools.lru_cache(maxsize=1)
def _words() -> tuple[dict[str, float], dict[tuple[str, ...], str]]:
    """Folded scale words and currency word sequences."""
    data = read_yaml("hi/money.yaml")
    scales = {devanagari_key(str(k)): float(v) for k, v in data["scales"].items()}
    currencies = {tuple(devanagari_key(str(k)).split()): str(v) for k, v in data["currencies"].items()}
    return scales, currencies


def _number(text: str) -> float | None:
    """Value of a number token: 27, 1,50,000, 2.5."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _currency_at(keys: list[str], i: int, currencies: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
    """The currency named at word ``i`` (longest name first): (code, word count)."""
    for n in (2, 1):
        code = currencies.get(tuple(keys[i:i + n]))
        if code is not None and i + n <= len(keys):
            return code, n
    return None


def find_amounts(text: str) -> list[Amount]:
    """Find amounts of money with a currency; bare numbers are not amounts."""
    scales, currencies = _words()
    tokens = tokenize(text)
    keys = [devanagari_key(t.text) for t in tokens]
    out: list[Amount] = []
    i = 0
    while i < len(tokens):
        prefix = currencies.get((keys[i],)) if tokens[i].script in ("Punct", "Other") else None
        j = i + 1 if prefix else i
        if j >= len(tokens) or tokens[j].script != "Digit":
            i += 1
            continue
        value = _number(tokens[j].text)
        if value is None:
            i += 1
            continue
        k = j + 1
        while k < len(tokens) and keys[k] in scales:
            value *= scales[keys[k]]
            k += 1
        unit = prefix
        if unit is None:
            hit = _currency_at(keys, k, currencies)
            if hit is None:
                i = j + 1
                continue
            unit, size = hit
            k += size
        start, end = tokens[i].start, tokens[k - 1].end
        out.append(Amount(start, end, text[start:end], value, unit))
        i = k
    return out
