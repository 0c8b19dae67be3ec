"""Hindi typed in a legacy font encoding (KrutiDev 010): detection and conversion to Unicode.

Before Unicode fonts were common, Hindi was typed with fonts that draw Devanagari glyphs on ASCII
and cp1252 code points: the bytes say ``Hkkjr esa`` while the screen showed "भारत में". Scraped
pages and office documents still carry such text. Detection looks at word and character
statistics; conversion maps glyph codes to Unicode (``resources/fonts/krutidev.tsv``) and then
puts the two glyphs that are typed out of logical order back in place.
"""

from __future__ import annotations

import collections
import functools
import re

from ghatna.resources.loader import read_tsv

#: the font family name detect_legacy_font reports
KRUTIDEV = "KrutiDev"
#: below this conversion_quality the converted text is not trusted (callers reject with E105)
MIN_CONVERSION_QUALITY = 0.9

# Placeholders from the Unicode private use area for the two glyphs typed out of logical order;
# they are resolved by the reordering rules below and never survive conversion.
_PRE_I = "\ue001"  # KrutiDev "f": the i-matra, drawn left of its consonant and typed before it
_REPH = "\ue002"  # KrutiDev "Z": the reph (र्), drawn above the end of its syllable and typed after it
_OUT_OF_ORDER = {"f": _PRE_I, "Z": _REPH}

# Devanagari classes (Unicode block chart U+0900-U+097F).
_CONS = "[\u0915-\u0939\u0958-\u095f]"  # क..ह and the precomposed nukta letters क़..य़
_NUKTA = "\u093c"
_VIRAMA = "\u094d"
_MATRA = "[\u093e-\u094c\u0955-\u0957\u0962\u0963]"  # dependent vowel signs ा..ौ, ॅ, ॉ, vocalic l/ll
_MODIFIER = "[\u0900-\u0903]"  # candrabindu, anusvara, visarga
_INDEP = "[\u0904-\u0914\u0960\u0961\u0972-\u0977]"  # independent vowels
# A consonant cluster: any half consonants (consonant [+ nukta] + virama) and one full consonant.
_CLUSTER = f"(?:{_CONS}{_NUKTA}?{_VIRAMA})*{_CONS}{_NUKTA}?"

# Rule 1 (pre-base i): in KrutiDev the i-matra "f" is typed before the whole cluster it follows
# in speech ("fLFkfr" = ि स् थ ि त = स्थिति), so it moves to after that cluster.
_PRE_I_RULE = re.compile(f"{_PRE_I}({_CLUSTER})")
# Rule 2 (reph): "Z" is typed after the syllable that carries it, after its vowel signs and often
# after the anusvara ("ikVhZ" = पा ट ी र् = पार्टी, "dk;ksZa" = कार्यों), so र् moves to before
# that syllable's cluster. Rule 1 runs first so the i-matra is already inside the syllable.
_REPH_RULE = re.compile(f"({_CLUSTER}{_MATRA}*{_MODIFIER}?){_REPH}")

# Rule 3 (ra-phala after a vowel sign): typists often put the subscript ra ("z", "ª") after the
# vowel sign it is drawn under ("Vsªu" for ट्रेन); a vowel sign before a virama is never valid
# Unicode, so the two swap.
_RA_PHALA_RULE = re.compile(f"({_MATRA}+)\u094d\u0930")

_ESCAPE = re.compile(r"^(?:U\+[0-9A-Fa-f]{4,6})+$")


def _unescape(cell: str) -> str:
    """Decode ``U+XXXX`` sequences used in the table for characters that cannot start a line."""
    if not _ESCAPE.match(cell):
        return cell
    return "".join(chr(int(code, 16)) for code in cell.split("U+") if code)


@functools.lru_cache(maxsize=None)
def _mapping() -> tuple[dict[str, str], re.Pattern[str]]:
    """Load the glyph table and compile one alternation that tries longer sequences first."""
    table = {_unescape(row["legacy"]): row["unicode"] for row in read_tsv("fonts/krutidev.tsv")}
    table.update(_OUT_OF_ORDER)
    # longest-first: at each position the regex tries alternatives in order, so "vks" before "v"
    keys = sorted(table, key=lambda k: (-len(k), k))
    return table, re.compile("|".join(re.escape(k) for k in keys))


@functools.lru_cache(maxsize=None)
def _function_words() -> frozenset[str]:
    """KrutiDev spellings of frequent Hindi words (the detector's evidence)."""
    return frozenset(_unescape(row["legacy"]) for row in read_tsv("fonts/krutidev_words.tsv"))


@functools.lru_cache(maxsize=None)
def _typical_bigrams() -> frozenset[str]:
    """The 30 most frequent character bigrams of the KrutiDev word list ("ks", "kj", "gS", "Hk"...).

    They make up about a third of the bigrams of KrutiDev prose and about 3-6% of English.
    """
    counts = collections.Counter(
        word[i:i + 2] for word in _function_words() for i in range(len(word) - 1))
    return frozenset(bigram for bigram, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30])


def convert_krutidev(text: str) -> str:
    """Convert KrutiDev 010 text to Unicode Devanagari.

    Characters that are not KrutiDev glyph codes (newlines, spaces, digits, "!") pass through.

    Example:
        >>> convert_krutidev("Hkkjr dh fLFkfr")
        'भारत की स्थिति'
    """
    table, pattern = _mapping()
    out = pattern.sub(lambda m: table[m.group()], text)
    out = _PRE_I_RULE.sub(lambda m: m.group(1) + "\u093f", out)
    out = _RA_PHALA_RULE.sub(lambda m: "\u094d\u0930" + m.group(1), out)
    out = _REPH_RULE.sub(lambda m: "\u0930\u094d" + m.group(1), out)
    # a glyph with nothing to attach to (typing error, or not KrutiDev at all) stays where it was
    return out.replace(_PRE_I, "\u093f").replace(_REPH, "\u0930\u094d")


# Tokens are whitespace-separated; KrutiDev's danda "A", comma "]" and full stop "-" and ASCII
# quotes, brackets and full stops are peeled off the ends. "," ";" "[" are letters in KrutiDev
# (ए, य, ख्) and stay.
_EDGE = "A]-!?\"()*^."
_LATIN = re.compile("[A-Za-z]")
_DEVANAGARI = re.compile("[\u0900-\u097f]")
# English words frequent in any news prose; they never occur as KrutiDev words ("the" would be
# "जीम", not a Hindi word), so their presence argues against the legacy font.
_ENGLISH = frozenset(
    "the of and to in is was for on that with as by at from it be are this an has have had said "
    "will not or his her they their which were been who after but its also more than".split()
)


def legacy_font_evidence(text: str) -> dict[str, float]:
    """Return the statistics detect_legacy_font decides on (for logs, tests and tuning).

    Keys: ``tokens``; ``hits`` and ``distinct`` (KrutiDev function words found); ``word_share``
    (hits per token); ``english_share`` (English function words per token); ``k_share`` (share
    of "k" among Latin letters: "k" is the aa-matra, the most frequent KrutiDev glyph, while
    English prose has about 1% k); ``bigram_share`` (in-word character bigrams that are among
    the most frequent KrutiDev bigrams); ``devanagari_share`` (Unicode Devanagari among letters).
    """
    sample = text[:20000]  # statistics settle long before this; keeps detection cheap on 20 MB input
    latin = len(_LATIN.findall(sample))
    deva = len(_DEVANAGARI.findall(sample))
    tokens = [t.strip(_EDGE) for t in sample.split()]
    tokens = [t for t in tokens if t]
    words = _function_words()
    hits = [t for t in tokens if t in words]
    n = max(len(tokens), 1)
    typical = _typical_bigrams()
    bigrams = [t[i:i + 2] for t in tokens for i in range(len(t) - 1)]
    return {
        "tokens": float(len(tokens)),
        "hits": float(len(hits)),
        "distinct": float(len(set(hits))),
        "word_share": len(hits) / n,
        "english_share": sum(t.lower() in _ENGLISH for t in tokens) / n,
        "k_share": sample.count("k") / max(latin, 1),
        "bigram_share": sum(b in typical for b in bigrams) / max(len(bigrams), 1),
        "devanagari_share": deva / max(deva + latin, 1),
    }


def detect_legacy_font(text: str) -> str | None:
    """Name the legacy font encoding ``text`` is typed in ("KrutiDev"), or None for ordinary text.

    Fires only when the text is mostly Latin letters, frequent Hindi function words in their
    KrutiDev spelling (``ds`` के, ``esa`` में, ``gS`` है, ``vkSj`` और) make up a good share of the
    tokens, the aa-matra glyph "k" and typical KrutiDev character bigrams are far more frequent
    than in English, and English function words are nearly absent. URLs, code and English prose
    fail at least two of these tests (see ``legacy_font_evidence``).

    Example:
        >>> detect_legacy_font("Hkkjr ds iz/kkuea=h us dgk fd ;g le; ,drk dk gSA")
        'KrutiDev'
        >>> detect_legacy_font("The minister said that the talks will go on.") is None
        True
    """
    head = text[:500]
    if len(_DEVANAGARI.findall(head)) > 0.2 * len(head):
        return None  # already Unicode Hindi, the common case: skip the statistics
    ev = legacy_font_evidence(text)
    if ev["devanagari_share"] > 0.2 or ev["tokens"] < 3:
        return None
    need = 2 if ev["tokens"] < 12 else 3
    if (
        ev["distinct"] >= need
        and ev["word_share"] >= 0.15
        and ev["k_share"] >= 0.04
        and ev["bigram_share"] >= 0.15
        and ev["english_share"] < 0.05
    ):
        return KRUTIDEV
    return None


_SYLLABLE = f"(?:{_INDEP}|{_CLUSTER}(?:{_MATRA}|{_VIRAMA}[\u200c\u200d]?)?){_MODIFIER}?"
_WELL_FORMED = re.compile(f"(?:{_SYLLABLE})+")
# runs of Devanagari letters/marks (danda and digits excluded) and runs of Latin letters
_RUNS = re.compile("[\u0900-\u0963\u0971-\u097f]+|[A-Za-z]+")


def conversion_quality(converted: str) -> float:
    """Share (0..1) of letters in ``converted`` that sit in well-formed Devanagari words.

    A correct conversion yields words made of syllables (vowel, or consonant cluster + optional
    vowel sign, + optional anusvara); a wrong one leaves vowel signs with no consonant, signs
    after a virama, or Latin letters. Callers reject below ``MIN_CONVERSION_QUALITY`` (E105).

    Example:
        >>> conversion_quality("भारत में चुनाव")
        1.0
        >>> conversion_quality("ाेिभ ं") < 0.5
        True
    """
    good = total = 0
    for run in _RUNS.findall(converted):
        total += len(run)
        if _WELL_FORMED.fullmatch(run):
            good += len(run)
    return good / total if total else 0.0
