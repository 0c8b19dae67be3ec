"""Token features for the CRF tagger, and the gazetteer they consult.

Two feature sets:

* ``plain``: the reference CRF of issue 7 — word, lower-cased form, prefixes and suffixes of
  1–4 characters, shape, script, and the words at -2..+2.
* ``rich`` (shipped): ``plain`` plus a spelling-folded form (nukta, chandrabindu, class nasals, ZWJ), length,
  shape/script/suffixes of the neighbours, word bigrams, and gazetteer features: the
  B/I position of the token inside the longest known name starting or covering it, per type,
  for the token and its neighbours.

Per-word features are cached (a news article repeats most of its words), which is what makes
the tagger run at tens of thousands of tokens per second in pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Sequence

from ghatna.text.acronyms import acronym_key
from ghatna.text.tokenize import iter_token_spans, token_script
from ghatna.text.translit import nasals_as_anusvara

_NUKTA = "\u093c"
_FOLD = str.maketrans({_NUKTA: None, "\u0901": "\u0902", "\u200c": None, "\u200d": None, "\u0970": "."})
_SHAPE_MAP = [(re.compile(r"[A-Z]"), "A"), (re.compile(r"[a-z]"), "a"), (re.compile(r"\d"), "9"),
              (re.compile(r"[\u0900-\u0963\u0971-\u097F]"), "d")]


def fold(word: str) -> str:
    """Spelling-fold a Devanagari word: drop nukta and joiners, chandrabindu and a class nasal to anusvara.

    News spells कज़ाकिस्तान and कजाकिस्तान, पाण्डेय and पांडेय interchangeably; folding makes them
    one key. (The nasal fold was chosen by 3-fold cross-validation on the training split.)
    """
    return nasals_as_anusvara(unicodedata.normalize("NFC", word).translate(_FOLD).lower())


def _char_class(ch: str) -> str:
    """Shape symbol of one character (A, a, 9, d for Devanagari, else the character itself)."""
    for rx, sym in _SHAPE_MAP:
        if rx.match(ch):
            return sym
    return ch


_CHAR_CLASS: dict[str, str] = {}


def shape(word: str) -> str:
    """Collapsed character-class shape, e.g. ``Aa``, ``9``, ``d-d``, ``A.A.``."""
    out = []
    table = _CHAR_CLASS
    for ch in word:
        c = table.get(ch)
        if c is None:
            c = table[ch] = _char_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


class Gazetteer:
    """Known names (possibly several words) with their types, matched on folded tokens."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        """Build from ``(name, type)`` pairs; a name may carry several types."""
        self.names: dict[tuple[str, ...], frozenset[str]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}
        tmp: dict[tuple[str, ...], set[str]] = {}
        for name, etype in entries:
            key = self.key(name)
            if key:
                tmp.setdefault(key, set()).add(etype)
        by_first: dict[str, set[int]] = {}
        for key, types in tmp.items():
            self.names[key] = frozenset(types)
            by_first.setdefault(key[0], set()).add(len(key))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in by_first.items()}

    @staticmethod
    def key(text: str) -> tuple[str, ...]:
        """The folded token tuple a name or a span is matched by."""
        return tuple(fold(text[s:e]) for s, e in iter_token_spans(text, split_hyphens=True))

    def types_of(self, text: str) -> frozenset[str]:
        """Types of a whole surface string (empty if unknown)."""
        return self.names.get(self.key(text), frozenset())

    def __len__(self) -> int:
        return len(self.names)

    def match(self, folded: Sequence[str]) -> list[tuple[str, ...]]:
        """Per token, the gazetteer tags (``B-GPE``, ``I-ORG`` …) of the longest match covering it."""
        out: list[tuple[str, ...]] = [()] * len(folded)
        i, n = 0, len(folded)
        while i < n:
            lens = self.lengths.get(folded[i])
            hit = 0
            if lens:
                for ln in lens:
                    if i + ln <= n and (types := self.names.get(tuple(folded[i:i + ln]))):
                        hit = ln
                        out[i] = tuple("B-" + t for t in sorted(types))
                        for j in range(i + 1, i + ln):
                            out[j] = tuple("I-" + t for t in sorted(types))
                        break
            i += hit or 1
        return out


class Featurizer:
    """Turns a token sequence into CRF attribute lists (``plain`` or ``rich``)."""

    def __init__(self, kind: str = "rich", gazetteer: Gazetteer | None = None, memory: Gazetteer | None = None,
                 word_classes: dict[str, str] | None = None, clusters: dict[str, str] | None = None,
                 window: int = 2, acronyms: bool = False) -> None:
        """Choose the feature set; ``rich`` uses the gazetteer, entity memory and word classes given.

        ``memory`` holds entity names seen in training; ``word_classes`` maps a folded word to
        the entity type (or ``O``) it mostly carried in training, with a confidence bucket
        (``PER:9``). Training builds both per fold from the other folds (jackknifing), so the
        CRF learns how far to trust them on names it has not seen.

        ``window``: how many words either side contribute their lower-cased form (the plain set's 2).
        ``acronyms`` (rich): mark a Devanagari word that reads as spelled-out Latin letters (एनसीईआरटी).
        """
        if kind not in ("plain", "rich"):
            raise ValueError(f"unknown feature set {kind!r}")
        if window < 1:
            raise ValueError(f"the context window must hold a word either side, not {window}")
        self.kind = kind
        self.gazetteer = gazetteer if kind == "rich" else None
        self.memory = memory if kind == "rich" else None
        self.word_classes = word_classes if kind == "rich" else None
        self.clusters = {w: tuple(c.split("|")) for w, c in clusters.items()} if clusters and kind == "rich" else None
        self.offsets = tuple(range(-window, 0)) + tuple(range(1, window + 1))
        self.acronyms = acronyms and kind == "rich"
        self._own: dict[str, list[str]] = {}
        self._folded: dict[str, str] = {}
        self._ctx: dict[tuple[str, int], list[str]] = {}

    def _word(self, w: str) -> list[str]:
        """Features of a word on its own (cached)."""
        f = self._own.get(w)
        if f is None:
            f = self.word_features(w)
            if len(self._own) < 200_000:
                self._own[w] = f
        return f

    def word_features(self, w: str) -> list[str]:
        """Features of a word on its own (uncached; the per-word group of ``sequence``)."""
        return self._own_from(w, self._facts(w))

    def word_groups(self, w: str, offsets: Sequence[int]) -> list[list[str]]:
        """``word_features(w)``, then ``context_features(w, off)`` for each offset, computed together."""
        facts = self._facts(w)
        return [self._own_from(w, facts), *(self._context_from(w, off, facts) for off in offsets)]

    def _facts(self, w: str) -> tuple[str, str, str, str, str]:
        """What several features of a word derive from: lower case, shape, script, folded form, acronym."""
        rich = self.kind == "rich"
        acr = acronym_key(w) if self.acronyms and not w.isascii() else ""
        return w.lower(), shape(w), token_script(w), fold(w) if rich else "", acr

    def _own_from(self, w: str, facts: tuple[str, str, str, str, str]) -> list[str]:
        """The per-word features, from the word's facts."""
        low, sh, sc, fw, acr = facts
        f = ["b", "w=" + w, "l=" + low, "sh=" + sh, "sc=" + sc]
        f += [f"p{k}={w[:k]}" for k in range(1, 5) if len(w) >= k]
        f += [f"s{k}={w[-k:]}" for k in range(1, 5) if len(w) >= k]
        if self.kind == "rich":
            f.append("f=" + fw)
            if self.word_classes is not None:
                f.append("wc=" + self.word_classes.get(fw, "unk"))
            if self.clusters is not None:
                f += ["c=" + c for c in self.clusters.get(fw, ("unk",))]
            f.append("len=" + str(min(len(w), 8)))
            if acr:
                f.append("acr=" + str(min(len(acr), 4)))
        return f

    def _context(self, w: str, off: int) -> list[str]:
        """Features a neighbour at offset ``off`` contributes (cached)."""
        k = (w, off)
        f = self._ctx.get(k)
        if f is None:
            f = self.context_features(w, off)
            if len(self._ctx) < 400_000:
                self._ctx[k] = f
        return f

    def context_features(self, w: str, off: int) -> list[str]:
        """Features a neighbour at offset ``off`` contributes (uncached; the context group of ``sequence``)."""
        if self.kind == "rich" and abs(off) == 1:
            return self._context_from(w, off, self._facts(w))
        return [f"{off}:l={w.lower()}"]

    def _context_from(self, w: str, off: int, facts: tuple[str, str, str, str, str]) -> list[str]:
        """The features a neighbour at ``off`` contributes, from the word's facts."""
        low, sh, sc, fw, acr = facts
        f = [f"{off}:l={low}"]
        if self.kind == "rich" and abs(off) == 1:
            f += [f"{off}:sh={sh}", f"{off}:sc={sc}", f"{off}:s2={w[-2:]}", f"{off}:s3={w[-3:]}", f"{off}:f={fw}"]
            if self.word_classes is not None:
                f.append(f"{off}:wc=" + self.word_classes.get(fw, "unk"))
            if self.clusters is not None:
                f += [f"{off}:c=" + c for c in self.clusters.get(fw, ("unk",))[:2]]
            if acr:
                f.append(f"{off}:acr")
        return f

    def fold_all(self, words: Sequence[str]) -> list[str]:
        """``fold`` of each word, through a bounded cache."""
        cache = self._folded
        out = []
        for w in words:
            f = cache.get(w)
            if f is None:
                f = fold(w)
                if len(cache) < 200_000:
                    cache[w] = f
            out.append(f)
        return out

    def sequence(self, words: Sequence[str]) -> list[list[str]]:
        """Attribute lists for each token of one sentence."""
        n = len(words)
        folded = self.fold_all(words) if self.kind == "rich" else []
        gaz = self.gazetteer.match(folded) if self.gazetteer else None
        mem = self.memory.match(folded) if self.memory else None
        out = []
        for i, w in enumerate(words):
            f = list(self._word(w))
            for off in self.offsets:
                j = i + off
                if 0 <= j < n:
                    f += self._context(words[j], off)
                else:
                    f.append(f"{off}:BOS" if j < 0 else f"{off}:EOS")
            if self.kind == "rich":
                # bigrams of folded forms (already lower-cased and cached)
                if i > 0:
                    f.append(f"bg-={folded[i - 1]}|{folded[i]}")
                if i + 1 < n:
                    f.append(f"bg+={folded[i]}|{folded[i + 1]}")
                for key, tags in (("g", gaz), ("m", mem)):  # gazetteer, entity memory
                    if tags is not None:
                        f += [f"{key}={t}" for t in tags[i]]
                        if i > 0:
                            f += [f"{key}-1={t}" for t in tags[i - 1]]
                        if i + 1 < n:
                            f += [f"{key}+1={t}" for t in tags[i + 1]]
            out.append(f)
        return out


def word_classes_from(sequences: Iterable[tuple[Sequence[str], Sequence[str]]], min_count: int = 2) -> dict[str, str]:
    """Map folded words to their majority training type and a confidence bucket (``LOC:9``).

    The bucket is the majority share in tenths, floored to 5, 7 or 9, so the CRF sees a few
    coarse levels instead of one feature per ratio.
    """
    counts: dict[str, dict[str, int]] = {}
    for words, tags in sequences:
        for w, t in zip(words, tags):
            c = counts.setdefault(fold(w), {})
            label = t[2:] if t != "O" else "O"
            c[label] = c.get(label, 0) + 1
    out = {}
    for w, c in counts.items():
        total = sum(c.values())
        if total < min_count:
            continue
        label, top = max(c.items(), key=lambda kv: kv[1])
        share = top / total
        out[w] = f"{label}:{9 if share >= 0.9 else 7 if share >= 0.7 else 5}"
    return out
