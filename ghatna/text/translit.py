"""Devanagari <-> Latin romanisation for matching names across scripts (not for display).

Three functions, from strict to loose:

* ``ortho_key`` folds Devanagari spelling variation that Hindi news shows for one name (nukta,
  vowel length, ए/ऐ/ये, anusvara/chandrabindu and nasal half-letters, halant, an inserted
  इ before -स्तान, hyphens and spaces); Latin is case- and accent-folded.
* ``romanize`` writes Devanagari in plain ASCII with Hindi schwa deletion, so that
  ``romanize("टोकायेव") == "tokaayev"``; Latin passes through lowercased.
* ``phonetic_key`` folds both scripts into one loose sound key (aspiration, retroflex vs dental,
  z/j, w/v, vowel length, glides), so that Tokayev, टोकायेव, तोकायेव and टोकाएव meet.

``skeleton_key`` (consonants only) is for blocking candidates before fuzzy scoring.

Example:
    >>> phonetic_key("कासिम-जोमार्ट टोकायेव") == phonetic_key("Kassym-Jomart Tokayev")
    True
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from ghatna.resources.loader import read_tsv

_TABLE = "kb/translit.tsv"
_NUKTA = "\u093c"
_VIRAMA = "\u094d"
_ANUSVARA = "\u0902"
_INHERENT = "a"

# Anything that is neither a letter nor a digit separates words in a key (hyphens, dots, ॰).
_SEPARATORS = re.compile(r"[^\w\u0900-\u0963\u0966-\u097f]+")
_DEVA = re.compile(r"[\u0900-\u097f]")


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str]]:
    """Return ``deva -> (latin, kind)`` from the packaged romanisation table."""
    return {row["deva"]: (row["latin"], row["kind"]) for row in read_tsv(_TABLE)}


# --- orthographic key -------------------------------------------------------------------------

# Why each fold: Hindi news spells one foreign name with long or short vowels (कासिम/कासीम),
# with ऐ for ए, with candra vowels of English loans (डॉलर/डालर), and with or without nukta.
_ORTHO_CHARS = str.maketrans({
    "\u0940": "\u093f", "\u0942": "\u0941", "\u0948": "\u0947", "\u094c": "\u094b",  # ी ू ै ौ
    "\u0945": "\u0947", "\u0946": "\u0947", "\u0949": "\u093e", "\u094a": "\u094b",  # ॅ ॆ ॉ ॊ
    "\u0908": "\u0907", "\u090a": "\u0909", "\u0910": "\u090f", "\u0914": "\u0913",  # ई ऊ ऐ औ
    "\u090d": "\u090f", "\u090e": "\u090f", "\u0911": "\u0906", "\u0912": "\u0913",  # ऍ ऎ ऑ ऒ
    "\u0904": "\u0905", "\u0901": "\u0902", "\u0900": "\u0902",  # ऄ ँ ऀ
    "\u093c": None, "\u200c": None, "\u200d": None, "\u0970": ".",  # nukta ZWNJ ZWJ ॰
})
# A nasal consonant + halant before another consonant is written as anusvara just as often
# (नरेन्द्र / नरेंद्र, हिन्दी / हिंदी); strictly only before a consonant of its own class.
_NASAL_HALF = re.compile("[\u0919\u091e\u0923\u0928\u092e]\u094d(?=[\u0915-\u0939])")
_NASAL_OWN_CLASS = re.compile("ङ्(?=[क-घ])|ञ्(?=[च-झ])|ण्(?=[ट-ढ])|न्(?=[त-ध])|म्(?=[प-भ])")
# After a vowel, ये and ए are interchangeable spellings of the glide (टोकायेव / टोकाएव).
_YE = re.compile("(?<=[\u093e-\u094c\u0905-\u0914])\u092f\u0947")
# The -istan ending is written with and without the inserted इ (कजाखस्तान / कजाखिस्तान).
_ISTAN = re.compile("\u093f\u0938\u094d\u0924\u093e\u0928(?=\\s|$)")


def _strip_accents(text: str) -> str:
    """Remove Latin diacritics (Tokáyev -> Tokayev) but keep Devanagari intact."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and not "\u0900" <= ch <= "\u097f":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@functools.lru_cache(maxsize=65536)  # words repeat across articles; keys are pure functions
def ortho_key(text: str) -> str:
    """Return the orthographic matching key: spelling variants of one Hindi name collapse.

    Example:
        >>> ortho_key("कासीम-जोमार्ट") == ortho_key("कासिम जोमार्ट")
        True
    """
    s = unicodedata.normalize("NFD", text).translate(_ORTHO_CHARS)
    s = _strip_accents(unicodedata.normalize("NFC", s)).casefold()
    s = s.replace(".", "")  # U.S. / यू॰एस॰ are written with and without dots
    s = " ".join(w for w in _SEPARATORS.split(s) if w)
    s = nasals_as_anusvara(s, own_class_only=False)
    s = _YE.sub("\u090f", s)
    s = _ISTAN.sub("\u0938\u094d\u0924\u093e\u0928", s)
    return " ".join(s.replace(_VIRAMA, "").split())


def nasals_as_anusvara(text: str, own_class_only: bool = True) -> str:
    """Write a half nasal before a consonant as anusvara: पाण्डेय -> पांडेय, हिन्दी -> हिंदी.

    ``own_class_only`` (the orthographic rule, used by the NER features) folds only a nasal before
    a consonant of its own class, so अन्य keeps its न्; the looser form (any following consonant)
    is what ``ortho_key`` uses for matching names.

    Example:
        >>> nasals_as_anusvara("सम्बन्ध अन्य"), nasals_as_anusvara("अन्य", own_class_only=False)
        ('संबंध अन्य', 'अंय')
    """
    return (_NASAL_OWN_CLASS if own_class_only else _NASAL_HALF).sub(_ANUSVARA, text)


# --- romanisation ------------------------------------------------------------------------------


def _syllables(word: str) -> list[list[str]]:
    """Split a Devanagari word into ``[consonant, vowel, coda]`` units (vowel None = inherent)."""
    table = _table()
    units: list[list[str]] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        latin, kind = table.get(ch, ("", "other"))
        if kind == "consonant":
            if i + 1 < n and word[i + 1] == _NUKTA:
                latin = table.get(ch + _NUKTA, (latin, ""))[0]
                i += 1
            vowel: str | None = None
            if i + 1 < n:
                nxt = word[i + 1]
                nlatin, nkind = table.get(nxt, ("", "other"))
                if nkind == "sign":
                    vowel, i = nlatin, i + 1
                elif nkind == "virama":
                    vowel, i = "", i + 1
            units.append([latin, vowel, ""])  # type: ignore[list-item]
        elif kind == "vowel":
            units.append(["", latin, ""])
        elif kind in ("nasal", "visarga") and units:
            units[-1][2] += latin
        elif kind == "digit" or ch.isascii() and ch.isalnum():
            units.append([latin or ch.lower(), "", ""])
        i += 1
    return units


def _romanize_word(word: str) -> str:
    """Romanise one Devanagari word with Hindi schwa deletion (scanned right to left)."""
    units = _syllables(word)
    if not units:
        return ""
    vowels = [u[1] for u in units]
    last = len(units) - 1
    # Word-final inherent a is silent, except in one-letter words and after a cluster ending in
    # r, y or v, which cannot close a Hindi syllable (मित्र mitra, नरेंद्र narendra; but जोमार्ट
    # jomart). Ref.: M. Ohala (1983), "Aspects of Hindi Phonology".
    if vowels[last] is None and units[last][0]:
        after_cluster = last >= 1 and vowels[last - 1] == "" and units[last - 1][0]
        open_cluster = after_cluster and units[last][0] in ("r", "y", "v")
        if last > 0 and not open_cluster and not units[last][2]:
            vowels[last] = ""
    # Medial schwa in V C a C V is silent (कमल kamal, अमरीका amriika); right to left so that a
    # deletion blocks the one before it.
    for k in range(last - 1, 0, -1):
        if vowels[k] is not None or units[k][2] or not units[k][0]:
            continue
        prev_vowel = vowels[k - 1]
        nxt = vowels[k + 1]
        if prev_vowel != "" and nxt not in ("",) and units[k + 1][0]:
            vowels[k] = ""
    out = []
    for k, ((cons, _, coda), vowel) in enumerate(zip(units, vowels)):
        # anusvara is pronounced m before a labial (ट्रंप tramp, संबंध sambandh)
        if coda == "n" and k < last and units[k + 1][0][:1] in ("p", "b", "m", "f"):
            coda = "m"
        out.append(cons + (_INHERENT if vowel is None else vowel) + coda)
    return "".join(out)


def romanize(text: str) -> str:
    """Return a plain-ASCII lowercase romanisation (Latin input is lowercased, accents removed).

    Example:
        >>> romanize("कासिम-जोमार्ट टोकायेव")
        'kaasim jomaart tokaayev'
    """
    # dots inside abbreviations are dropped, not split on (U.S. = US, यू॰एस॰ = यूएस)
    plain = unicodedata.normalize("NFC", text).replace(".", "").replace("\u0970", "")
    words = [w for w in _SEPARATORS.split(plain) if w]
    out = []
    for w in words:
        if _DEVA.search(w):
            out.append(_romanize_word(w))
        else:
            out.append(_strip_accents(w).casefold())
    return " ".join(w for w in out if w)


# --- phonetic key ------------------------------------------------------------------------------

# Ordered folds on romanised text. Why: Hindi renders foreign sounds with either aspirated or
# plain stops and with dental or retroflex letters (टोकायेव / तोकायेव); Latin spellings use
# digraphs (kh, zh, sh) and letters Hindi lacks (q, x, w, z). The placeholders keep ch apart
# from c, which English uses for k and s.
_PHONETIC_FOLDS: tuple[tuple[str, str], ...] = (
    ("tch", "\x01"), ("chh", "\x01"), ("ch", "\x01"),
    ("sch", "s"), ("sh", "s"), ("zh", "j"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"),
    ("ph", "f"), ("bh", "b"), ("jh", "j"), ("rh", "r"), ("ck", "k"), ("q", "k"), ("x", "ks"),
    ("w", "v"), ("z", "j"), ("dj", "j"), ("dzh", "j"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
# Word-initial x is s in pinyin and Portuguese (Xi Jinping, Xanana), never ks.
_INITIAL_X = re.compile(r"^x")
_VOWELS = "aeiou"
_GLIDE_BETWEEN = re.compile(r"(?<=[aeiou])y(?=[aeiou])")
_Y_AS_VOWEL = re.compile(r"y(?![aeiou])")
# a letter repeated collapses to one; written as "drop a letter the same letter follows", which
# needs no replacement template (re expands templates in Python, once per match)
_DOUBLE = re.compile(r"(.)(?=\1)")
_DIPHTHONGS = (("ai", "e"), ("ei", "e"), ("au", "o"), ("ou", "u"), ("ie", "i"))
_NON_ALNUM = re.compile(r"[^a-z0-9 ]")


@functools.lru_cache(maxsize=65536)
def _phonetic_word(word: str) -> str:
    """Fold one romanised word into the loose sound key."""
    w = _INITIAL_X.sub("s", word)
    for a, b in _PHONETIC_FOLDS:
        w = w.replace(a, b)
    w = _SOFT_C.sub("s", w).replace("c", "k").replace("\x01", "c")
    w = _GLIDE_BETWEEN.sub("", w)
    w = _Y_AS_VOWEL.sub("i", w)
    w = _DOUBLE.sub("", w)
    for a, b in _DIPHTHONGS:
        w = w.replace(a, b)
    # a non-initial h left after the digraph folds is written inconsistently (Shah / शा, Allah)
    w = w[:1] + w[1:].replace("h", "")
    return _DOUBLE.sub("", w)


@functools.lru_cache(maxsize=65536)
def phonetic_key(text: str) -> str:
    """Return the loose cross-script sound key of a name (words joined by single spaces).

    Example:
        >>> phonetic_key("तोकायेव") == phonetic_key("टोकाएव") == phonetic_key("Tokayev")
        True
    """
    words = _NON_ALNUM.sub(" ", romanize(text)).split()
    return " ".join(_phonetic_word(w) for w in words)


@functools.lru_cache(maxsize=65536)
def skeleton_key(text: str) -> str:
    """Return the consonant skeleton of the phonetic key (no vowels, no spaces), for blocking."""
    key = phonetic_key(text).replace(" ", "")
    stripped = "".join(c for c in key if c not in _VOWELS)
    return stripped or key


# --- words --------------------------------------------------------------------------------------

# A word for matching names: a run of letters, digits and Devanagari signs (the dandas split).
_WORD_RUNS = re.compile(r"([\w\u0900-\u0963\u0966-\u097f]+)")


@functools.lru_cache(maxsize=8)  # the gazetteer and the linker read the same article's words in a row
def word_spans(text: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """Return the words of ``text`` with their start and end offsets (``text[start:end] == word``).

    Example:
        >>> word_spans("रूस-कज़ाख़िस्तान, डॉ. शर्मा")
        (('रूस', 'कज़ाख़िस्तान', 'डॉ', 'शर्मा'), (0, 4, 18, 22), (3, 16, 20, 27))
    """
    # one split and a running sum of lengths, all in C: cheaper than a match object per word
    parts = _WORD_RUNS.split(text)  # gap, word, gap, word, …, gap
    offsets = tuple(itertools.accumulate(map(len, parts), initial=0))
    return tuple(parts[1::2]), offsets[1:-1:2], offsets[2::2]


def is_devanagari(text: str) -> bool:
    """Return True when ``text`` contains a Devanagari letter."""
    return bool(_DEVA.search(text))
