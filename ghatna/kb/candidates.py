"""Blocking: the few KB entities a surface form could mean, each with a match score.

Exact hits on the precomputed keys come first (orthographic 1.0, acronym 0.95, phonetic 0.9);
only when none hits are blocked candidates (same consonant skeleton, or sharing a rare word)
scored with rapidfuzz, so fuzzy matching never scans the whole alias table. A one-word name is
not fuzzily matched to an alias whose phonetic key is three or more letters longer or shorter:
spelling variants swap letters, an extra syllable makes another name (करीमबेकोव is not Karimov).

Example:
    >>> from ghatna.kb.knowledge import load_kb
    >>> kb = load_kb()
    >>> kb.entities[find_candidates(kb, "कजाखिस्तान")[0].entity].name_en
    'Kazakhstan'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ghatna.kb.keys import NameKeys, name_keys

if TYPE_CHECKING:
    from ghatna.kb.knowledge import KnowledgeBase

SCORE_ORTHO = 1.0
SCORE_ACRONYM = 0.95
SCORE_PHON = 0.9
FUZZY_FLOOR = 82.0  # rapidfuzz ratio (0-100) below which a blocked candidate is dropped
FUZZY_WEIGHT = 0.85
FUZZY_MAX_LENGTH_GAP = 2  # letters of phonetic key a one-word name may have more or fewer than its fuzzy alias
_MAX_BLOCK = 400  # a block larger than this is too common a word to be evidence
MEMO_SIZE = 20_000  # lookups remembered per KB (a few MB); the memo is emptied when it is full


@dataclass(frozen=True, slots=True)
class Candidate:
    """One entity a mention may mean: its index, the alias that matched, score and how."""

    entity: int
    alias: int
    score: float
    how: str  # ortho | acronym | phon | fuzzy


def _keep(best: dict[int, Candidate], cand: Candidate) -> None:
    """Keep the best candidate per entity."""
    old = best.get(cand.entity)
    if old is None or cand.score > old.score:
        best[cand.entity] = cand


def find_candidates(kb: "KnowledgeBase", text: str, *, fuzzy: bool = True,
                    keys: NameKeys | None = None) -> list[Candidate]:
    """Return candidates for ``text`` best first (at most one per entity).

    Lookups are remembered in ``kb.lookup_memo`` (a news corpus names the same people again and
    again, and a fuzzy lookup costs far more than a dictionary hit); the memo belongs to the KB
    object, so a KB built by ``extend`` or ``load_kb`` starts with an empty one.

    Args:
        kb: the knowledge base.
        text: the surface form (honorifics are stripped).
        fuzzy: also score blocked near-misses when no key hits exactly.
        keys: precomputed keys of ``text``.
    """
    keys = keys or name_keys(text)
    memo = kb.lookup_memo
    found = memo.get((keys, fuzzy))
    if found is None:
        found = _lookup(kb, keys, fuzzy)
        if len(memo) >= MEMO_SIZE:
            memo.clear()  # simpler than LRU, and as good for a stream that keeps naming the same few
        memo[(keys, fuzzy)] = found
    return list(found)


def _lookup(kb: "KnowledgeBase", keys: NameKeys, fuzzy: bool) -> tuple[Candidate, ...]:
    """Look the keys up in the KB's tables (what ``find_candidates`` remembers)."""
    best: dict[int, Candidate] = {}
    for n in kb.by_ortho.get(keys.ortho, ()):
        _keep(best, Candidate(kb.aliases[n].entity, n, SCORE_ORTHO, "ortho"))
    if keys.acronym:
        for n in kb.by_acronym.get(keys.acronym, ()):
            _keep(best, Candidate(kb.aliases[n].entity, n, SCORE_ACRONYM, "acronym"))
    if keys.phon:
        for n in kb.by_phon.get(keys.phon, ()):
            _keep(best, Candidate(kb.aliases[n].entity, n, SCORE_PHON, "phon"))
    if fuzzy and not best and len(keys.phon) >= 4:
        one_word = " " not in keys.phon
        for n in _block(kb, keys):
            alias = kb.aliases[n]
            if one_word and abs(len(alias.phon) - len(keys.phon)) > FUZZY_MAX_LENGTH_GAP:
                continue
            ratio = max(fuzz.ratio(keys.phon, alias.phon), fuzz.ratio(keys.ortho, alias.ortho))
            if ratio >= FUZZY_FLOOR:
                _keep(best, Candidate(alias.entity, n, round(FUZZY_WEIGHT * ratio / 100, 4), "fuzzy"))
    return tuple(sorted(best.values(), key=lambda c: (-c.score, -kb.priors[c.entity])))


def _block(kb: "KnowledgeBase", keys: NameKeys) -> set[int]:
    """Alias rows sharing the consonant skeleton, or a rare word beginning, with the query."""
    block = set(kb.by_skeleton.get(keys.skeleton, ()))
    for word in keys.phon.split():
        if len(word) >= 3:
            rows = kb.by_prefix.get(word[:3], ())
            if len(rows) <= _MAX_BLOCK:
                block.update(rows)
    return block
