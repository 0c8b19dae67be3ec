"""Span repairs and document-level passes applied after the NER model.

Word lists come from ``ghatna/resources/hi/ner_rules.yaml`` through the caller. Each pass takes and returns sorted, non-overlapping ``Found`` spans ``(start, end, type,
confidence, how)`` over one text. Why each exists:

* ``split_at_brackets``: the CRF sometimes runs a name into a parenthesised abbreviation
  (``शंघाई सहयोग संगठन (एससीओ``); a name never contains an unbalanced bracket or a quote.
* ``trim_event_heads``: corpora tag ``एससीओ शिखर सम्मेलन`` as one name, but the organisation
  is what ghatna links and events are built elsewhere; the trailing event noun is cut off
  when what is left is a known or already-found organisation.
* ``add_parenthesised_acronyms``: ``NAME (ABBR)`` introduces ABBR as the same entity.
* ``add_latin_orgs``: a Hindi model knows little of Latin names; ``India News Network`` is an
  organisation by its head noun.
* ``add_place_before_place``: ``CITY, COUNTRY`` — a gazetteer place right before a found place.
* ``add_known_names``: curated names (seed list, countries, organisations) found by exact
  token match where the model found nothing.
* ``propagate``: one sense per discourse — a string tagged once in a document is tagged at its
  other occurrences, and a person's last name alone is that person (news style).
* ``propagate_variants``: the same for a person's full name written another way in the same
  article (कासीम-जोमार्ट तोकायेव in the headline, कासिम-जोमार्ट टोकाएव in the body): the words
  agree on their loose sound key (``text.translit.phonetic_key``).
* ``propagate_word_variants``: a one-word name spelled another way (कजाखस्तान, कजाखिस्तान): same
  consonant skeleton, sound keys one edit apart, long names only. With the convolutional expert the
  model is surer but also more conservative on a spelling it has not seen; this keeps the article's
  own evidence in charge.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Sequence

from rapidfuzz.distance import Levenshtein

from ghatna.text.tokenize import iter_token_spans
from ghatna.text.translit import word_spans

Found = tuple[int, int, str, float, str]

_OPEN = "([{\"'“‘«"
_CLOSE = ")]}\"'”’»"
_BRACKETS = frozenset(_OPEN + _CLOSE)


def split_at_brackets(text: str, found: Sequence[Found]) -> list[Found]:
    """Cut spans at brackets and quotes; keep the word pieces on each side."""
    out: list[Found] = []
    for s, e, t, c, how in found:
        piece = text[s:e]
        if piece and piece.isprintable() and _BRACKETS.isdisjoint(piece) and not piece[0].isspace() \
                and not piece[-1].isspace():
            # the usual case, kept whole without tokenising: every character is printable, so the
            # first starts a token and the last ends one, and no token can be a bracket or quote
            out.append((s, e, t, c, how))
            continue
        piece_start = None
        last_end = s
        for a, b in iter_token_spans(text[s:e]):
            tok = text[s + a:s + b]
            if tok in _OPEN or tok in _CLOSE or all(ch in _OPEN + _CLOSE for ch in tok):
                if piece_start is not None:
                    out.append((piece_start, last_end, t, c, how))
                piece_start = None
                continue
            if piece_start is None:
                piece_start = s + a
            last_end = s + b
        if piece_start is not None:
            out.append((piece_start, last_end, t, c, how))
    return out


def trim_event_heads(text: str, found: Sequence[Found], is_org: Callable[[str], bool],
                     event_heads: Sequence[str]) -> list[Found]:
    """Drop a trailing event noun (``event_heads``, longest first) from an ORG span when the rest is an organisation."""
    out: list[Found] = []
    for s, e, t, c, how in found:
        if t == "ORG":
            surface = text[s:e]
            for head in event_heads:
                if surface.endswith(" " + head):
                    rest = surface[: -len(head) - 1].rstrip()
                    if rest and is_org(rest):
                        e = s + len(rest)
                    break
        out.append((s, e, t, c, how))
    return out


def add_parenthesised_acronyms(text: str, found: Sequence[Found]) -> list[Found]:
    """Tag ``ABBR`` in ``NAME (ABBR)`` with NAME's type when ABBR is one untagged word."""
    taken = Occupancy(found)
    extra: list[Found] = []
    for s, e, t, c, _ in found:
        if t not in ("ORG", "PER", "LOC"):
            continue
        j = e
        while j < len(text) and text[j] == " ":
            j += 1
        if j >= len(text) or text[j] != "(":
            continue
        close = text.find(")", j + 1, j + 40)
        if close < 0:
            continue
        inner = list(iter_token_spans(text[j + 1:close]))
        if len(inner) == 1:
            a, b = j + 1 + inner[0][0], j + 1 + inner[0][1]
            if taken.free(a, b) and b - a >= 2:
                extra.append((a, b, t, c, "acronym"))
                taken.add(a, b)
    return sorted([*found, *extra])


def add_known_names(text: str, found: Sequence[Found], names: Sequence[tuple[int, int, frozenset[str]]],
                    spans: Sequence[tuple[int, int]]) -> list[Found]:
    """Add exact matches of curated names where nothing was found.

    ``names`` are the longest curated names over the text's tokens ``spans``, left to right, as
    ``(first token, token count, types)`` (``nerscore.match_names``); a name of one type is
    added where it is free and stands alone.
    """
    taken = Occupancy(found)
    extra: list[Found] = []
    for i, ln, types in names:
        s, e = spans[i][0], spans[i + ln - 1][1]
        # a curated name must stand alone, not be the first half of a hyphenated or longer word
        if len(types) == 1 and taken.free(s, e) and not _glued(text, s, e):
            (etype,) = types
            extra.append((s, e, etype, 0.9, "gazetteer"))
            taken.add(s, e)
    return sorted([*found, *extra])


def add_latin_orgs(text: str, found: Sequence[Found], heads: frozenset[str]) -> list[Found]:
    """Tag runs of two or more capitalised Latin words ending in an organisation head noun (``heads``)."""
    taken = Occupancy(found)
    extra: list[Found] = []
    for m in re.finditer(r"[A-Z][A-Za-z&.'-]*(?:[ ]+(?:of[ ]+|the[ ]+|and[ ]+|&[ ]+)?[A-Z][A-Za-z&.'-]*)+", text):
        words = m.group().split()
        if words[-1] in heads and taken.free(m.start(), m.end()) and not _glued(text, m.start(), m.end()):
            extra.append((m.start(), m.end(), "ORG", 0.8, "rule"))
            taken.add(m.start(), m.end())
    return sorted([*found, *extra])


def add_place_before_place(text: str, found: Sequence[Found], is_place: Callable[[str], bool]) -> list[Found]:
    """Tag a known place name written as ``CITY, COUNTRY`` before a found place (``समरकंद, उज्बेकिस्तान``)."""
    taken = Occupancy(found)
    extra: list[Found] = []
    for s, _, t, c, _ in found:
        if t not in ("LOC", "GPE"):
            continue
        j = s
        while j > 0 and text[j - 1] == " ":
            j -= 1
        if j == 0 or text[j - 1] != ",":
            continue
        prev = [sp for sp in iter_token_spans(text[max(0, j - 1 - 60):j - 1])]
        base = max(0, j - 1 - 60)
        # try the longest run of up to three words ending right before the comma
        for k in (3, 2, 1):
            if len(prev) >= k and prev[-1][1] + base == j - 1:
                a, b = base + prev[-k][0], base + prev[-1][1]
                if is_place(text[a:b]) and taken.free(a, b) and not _glued(text, a, b):
                    extra.append((a, b, "LOC", round(c * 0.9, 4), "gazetteer"))
                    taken.add(a, b)
                    break
    return sorted([*found, *extra])


def propagate(text: str, found: Sequence[Found], min_len: int = 2) -> list[Found]:
    """Tag other occurrences of found PER/ORG/LOC strings, and lone last names of persons."""
    surfaces: dict[str, tuple[str, float]] = {}
    for s, e, t, c, _ in found:
        if t in ("PER", "ORG", "LOC") and e - s >= min_len:
            surfaces.setdefault(text[s:e], (t, c))
            if t == "PER" and " " in text[s:e]:
                last = text[s:e].rsplit(" ", 1)[1]
                if len(last) >= 3:
                    surfaces.setdefault(last, (t, c))
    if not surfaces:
        return list(found)
    taken = Occupancy(found)
    extra: list[Found] = []
    for surface, (t, c) in sorted(surfaces.items(), key=lambda kv: -len(kv[0])):
        pos = text.find(surface)
        while pos >= 0:
            end = pos + len(surface)
            if taken.free(pos, end) and not _glued(text, pos, end):
                extra.append((pos, end, t, round(c * 0.9, 4), "rule"))
                taken.add(pos, end)
            pos = text.find(surface, end)
    return sorted([*found, *extra])


def propagate_variants(text: str, found: Sequence[Found], key: Callable[[str], str],
                       min_words: int = 2, min_key: int = 6) -> list[Found]:
    """Tag other spellings of found multi-word person names, word by word equal under ``key``.

    Only names of at least ``min_words`` words whose keys hold ``min_key`` letters count: two
    or more rare words sounding alike in a row is a name's variant, one short word is not.
    Words are ``text.translit.word_spans`` words; a variant's words are separated only by spaces
    or hyphens, as the name's are.
    """
    words, starts, ends = word_spans(text)
    names: dict[str, list[tuple[tuple[str, ...], str, float]]] = {}
    for s, e, t, c, _ in found:
        if t != "PER":
            continue
        i = bisect.bisect_left(starts, s)
        j = bisect.bisect_left(starts, e)
        keys = tuple(key(w) for w in words[i:j])
        if len(keys) >= min_words and sum(map(len, keys)) >= min_key and all(keys):
            names.setdefault(keys[0], []).append((keys, t, c))
    if not names:
        return list(found)
    taken = Occupancy(found)
    extra: list[Found] = []
    n = len(words)
    for i in range(n):
        cands = names.get(key(words[i]))
        if not cands:
            continue
        for keys, t, c in sorted(cands, key=lambda cand: -len(cand[0])):  # the longest name first
            j = i + len(keys)
            if j > n or tuple(key(w) for w in words[i + 1:j]) != keys[1:]:
                continue
            a, b = starts[i], ends[j - 1]
            if (all(text[ends[k]:starts[k + 1]] in (" ", "-") for k in range(i, j - 1))
                    and taken.free(a, b) and not _glued(text, a, b)):
                extra.append((a, b, t, round(c * 0.9, 4), "rule"))
                taken.add(a, b)
                break
    return sorted([*found, *extra])


def propagate_word_variants(text: str, found: Sequence[Found], key: Callable[[str], str],
                            skeleton: Callable[[str], str], max_edits: int = 1,
                            min_consonants: int = 5) -> list[Found]:
    """Tag another spelling of a one-word name found in the article (कजाखस्तान, then कजाखिस्तान).

    A word counts when its consonant ``skeleton`` equals the name's and its sound ``key`` is at most
    ``max_edits`` edits from the name's; only names whose skeleton holds ``min_consonants``
    consonants count, so a short word that happens to sound like a short name is left alone.
    Multi-word names are ``propagate_variants``'s; identical spellings are ``propagate``'s.
    """
    words, starts, ends = word_spans(text)
    names: dict[str, list[tuple[str, str, str, float]]] = {}
    for s, e, t, c, _ in found:
        if t not in ("PER", "LOC", "GPE", "ORG"):
            continue
        i = bisect.bisect_left(starts, s)
        if i < len(words) and starts[i] == s and ends[i] == e and len(sk := skeleton(words[i])) >= min_consonants:
            names.setdefault(sk, []).append((words[i], key(words[i]), t, c))
    if not names:
        return list(found)
    taken = Occupancy(found)
    extra: list[Found] = []
    for i, w in enumerate(words):
        cands = names.get(skeleton(w))
        a, b = starts[i], ends[i]
        if not cands or not taken.free(a, b) or _glued(text, a, b):
            continue
        k = key(w)
        for name, name_key, t, c in cands:
            if w != name and Levenshtein.distance(k, name_key) <= max_edits:  # the same spelling is propagate's
                extra.append((a, b, t, round(c * 0.9, 4), "rule"))
                taken.add(a, b)
                break
    return sorted([*found, *extra])


def _glued(text: str, s: int, e: int) -> bool:
    """True when ``[s, e)`` is not on word boundaries (a letter, mark or hyphen touches it)."""
    def wordish(ch: str) -> bool:
        return ch.isalnum() or "\u0900" <= ch <= "\u0963" or ch in "-\u2010\u2011\u200c\u200d" or "\u0966" <= ch <= "\u097f"
    return (s > 0 and wordish(text[s - 1])) or (e < len(text) and wordish(text[e]))


class Occupancy:
    """Sorted, non-overlapping occupied intervals, for cheap overlap tests."""

    def __init__(self, found: Sequence[Found]) -> None:
        """Occupy the spans of ``found``."""
        pairs = sorted((f[0], f[1]) for f in found)
        self.starts: list[int] = [s for s, _ in pairs]
        self.ends: list[int] = [e for _, e in pairs]
        if len(set(self.starts)) < len(self.starts):  # equal starts: insert one by one, as add() does
            self.starts, self.ends = [], []
            for s, e in pairs:
                self.add(s, e)

    def free(self, s: int, e: int) -> bool:
        """True when ``[s, e)`` overlaps no occupied interval."""
        i = bisect.bisect_left(self.starts, e)
        return i == 0 or self.ends[i - 1] <= s

    def add(self, s: int, e: int) -> None:
        """Occupy ``[s, e)``."""
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)
