"""Which unknown (NIL) entities of different articles are one: names that agree AND context that agrees.

The linker already gives one NIL id per type and sound key, so the same spelling (or any spelling
with the same key) is one entity in every article. This module pairs the rest:

* names agree by **spelling** (same number of words, each word close, the whole key close or the
  consonant skeleton equal: ``dolet jumabekov`` ~ ``dolet jumabekof``) or, for persons, by
  **surname** (a one-word name equal to the last word of a longer one: ``duk`` ~ ``min duk``);
* context agrees when the two were mentioned with at least ``min_shared`` of the same other
  entities, and those shared entities carry at least ``min_context`` of the lighter one's context
  weight. Each co-occurring entity weighs ``log(1 + N / df)``, so that sharing India or New Delhi
  (in most Hindi news) says little and sharing an obscure ministry says much.

A one-word name that agrees with several longer names (two people called X Duk) is left alone:
the evidence does not say which one it is. Pairs a user already split (undone merges) are skipped.

Example:
    >>> from ghatna.types import AliasKey, EntityProfile
    >>> ctx = (("Q232", 2, 2), ("Q1520", 2, 2), ("Q7779", 2, 2))
    >>> a = EntityProfile("nil:person:a", "PERSON", True, (AliasKey("मिन्ह डुक", "", "min duk"),), 1, 1, ctx)
    >>> b = EntityProfile("nil:person:b", "PERSON", True, (AliasKey("डुक", "", "duk"),), 1, 1, ctx)
    >>> [(p.kept, p.merged, p.rule) for p in propose_nil_merges([a, b], total_articles=100)]
    [('nil:person:a', 'nil:person:b', 'surname')]
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable, Sequence

from rapidfuzz import fuzz

from ghatna.text.translit import skeleton_key
from ghatna.types import AliasKey, EntityProfile, Record

#: a block (same type, same start of surname or skeleton) larger than this is too common a name to pair blindly
MAX_BLOCK = 400
_PERSON = "PERSON"


@dataclass(frozen=True, slots=True)
class MergeProposal(Record):
    """A proposed merge: ``merged`` is the entity ``kept``, by which ``rule``, with the evidence."""

    kept: str
    merged: str
    rule: str  # spelling | surname
    reason: str
    score: float  # context agreement, 0..1
    evidence: dict[str, Any] = field(default_factory=dict)


def _words(phon: str) -> list[str]:
    """Words of a sound key."""
    return phon.split()


def names_agree(a: Sequence[AliasKey], b: Sequence[AliasKey], type_: str,
                min_ratio: float = 88.0) -> tuple[str, AliasKey, AliasKey, float] | None:
    """Return ``(rule, name of a, name of b, similarity)`` when two sets of names agree, else None.

    Spelling: as many words, every word >= 75 similar, the last (the family name) >= 85
    (jumabekov ~ jumabekof, not jumabekov ~ jumabaev), and the whole key >= ``min_ratio`` or the
    same consonant skeleton. Surname (persons only): a one-word name
    equal to the last word of a longer name.
    """
    best: tuple[str, AliasKey, AliasKey, float] | None = None
    for x in a:
        for y in b:
            wx, wy = _words(x.phon), _words(y.phon)
            if not wx or not wy:
                continue
            if len(wx) == len(wy):
                whole = fuzz.ratio(x.phon, y.phon)
                per_word = [fuzz.ratio(p, q) for p, q in zip(wx, wy)]
                same_skeleton = len(skeleton_key(x.text)) >= 3 and skeleton_key(x.text) == skeleton_key(y.text)
                if min(per_word) >= 75 and per_word[-1] >= 85 and (whole >= min_ratio or same_skeleton):
                    if best is None or best[0] != "spelling" or whole > best[3]:
                        best = ("spelling", x, y, whole)
            elif type_ == _PERSON and best is None:
                short, long_ = (wx, wy) if len(wx) < len(wy) else (wy, wx)
                if len(short) == 1 and len(short[0]) >= 3 and short[0] == long_[-1]:
                    best = ("surname", x, y, 100.0)
    return best


def _weight(df: int, total: int) -> float:
    """How much sharing an entity seen in ``df`` of ``total`` articles says (inverse document frequency)."""
    return math.log(1.0 + max(total, 1) / max(df, 1))


def context_agreement(a: EntityProfile, b: EntityProfile, total: int) -> tuple[float, list[str]]:
    """Return the weighted share of context two entities have in common (0..1) and the shared ids.

    The share is relative to the lighter context, so an entity seen once with three others agrees
    fully with one seen often when those three are among its companions.
    """
    ca = {o: df for o, _n, df in a.context if o not in (a.id, b.id)}
    cb = {o: df for o, _n, df in b.context if o not in (a.id, b.id)}
    shared = sorted(set(ca) & set(cb), key=lambda o: (-_weight(ca[o], total), o))
    wa = sum(_weight(df, total) for df in ca.values())
    wb = sum(_weight(df, total) for df in cb.values())
    lighter = min(wa, wb)
    if not shared or lighter <= 0:
        return 0.0, shared
    return sum(_weight(ca[o], total) for o in shared) / lighter, shared


def _candidate_pairs(nil: Sequence[EntityProfile]) -> set[tuple[int, int]]:
    """Pairs of profiles sharing a block: same type and the same start of the last word, or skeleton.

    The start of the last word (4 letters of the sound key) blocks surnames with their full names and
    endings spelled apart (karimbekov / karimbekof); the skeleton blocks the rest.
    """
    blocks: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for i, p in enumerate(nil):
        for k in p.names:
            words = _words(k.phon)
            if words:
                blocks[(p.type, "last", words[-1][:4])].add(i)
                blocks[(p.type, "skeleton", skeleton_key(k.text))].add(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(members), 2))
    return pairs


def _choose(a: EntityProfile, b: EntityProfile, rule: str) -> tuple[EntityProfile, EntityProfile]:
    """Return ``(kept, merged)``: the full name over a surname, else the more mentioned, else the smaller id."""
    if rule == "surname":
        longest = lambda p: max(len(_words(k.phon)) for k in p.names)  # noqa: E731
        if longest(a) != longest(b):
            return (a, b) if longest(a) > longest(b) else (b, a)
    ka, kb = (-a.mentions, -a.articles, a.id), (-b.mentions, -b.articles, b.id)
    return (a, b) if ka <= kb else (b, a)


def propose_nil_merges(profiles: Iterable[EntityProfile], total_articles: int, *, min_shared: int = 2,
                       min_context: float = 0.5, min_ratio: float = 88.0,
                       exclude: Iterable[tuple[str, str]] = ()) -> list[MergeProposal]:
    """Propose merges of NIL entities whose names and contexts agree, strongest first.

    Args:
        profiles: entities as stored (``Store.entity_profiles``); only NIL ones are paired.
        total_articles: annotated articles in the store (for context weights).
        min_shared: fewest co-occurring entities the two must share.
        min_context: least weighted share of context in common (0..1).
        min_ratio: least rapidfuzz ratio of whole sound keys for a spelling match.
        exclude: ``(id, id)`` pairs never to propose (merges a user undid).

    Returns:
        Proposals, spelling matches before surname matches, then by context agreement.
    """
    nil = [p for p in profiles if p.nil and p.names]
    skip = {frozenset(pair) for pair in exclude}
    out: list[MergeProposal] = []
    for i, j in sorted(_candidate_pairs(nil)):
        a, b = nil[i], nil[j]
        if a.type != b.type or frozenset((a.id, b.id)) in skip:
            continue
        agree = names_agree(a.names, b.names, a.type, min_ratio)
        if agree is None:
            continue
        rule, x, y, similarity = agree
        score, shared = context_agreement(a, b, total_articles)
        if len(shared) < min_shared or score < min_context:
            continue
        kept, merged = _choose(a, b, rule)
        if kept is b:
            x, y = y, x
        evidence = {"rule": rule, "names": [x.text, y.text], "keys": [x.phon, y.phon],
                    "similarity": round(similarity, 1), "context_agreement": round(score, 3),
                    "shared_context": shared[:10], "articles": {kept.id: kept.articles, merged.id: merged.articles}}
        how = "same name" if x.phon == y.phon else rule
        reason = (f"{how}: {x.text!r} ~ {y.text!r}; {len(shared)} entities in common "
                  f"({', '.join(shared[:3])}{', …' if len(shared) > 3 else ''}), agreement {score:.2f}")
        out.append(MergeProposal(kept.id, merged.id, rule, reason, round(score, 3), evidence))
    # a surname that agrees with several full names does not say which person it is
    targets: dict[str, set[str]] = defaultdict(set)
    for p in out:
        if p.rule == "surname":
            targets[p.merged].add(p.kept)
    out = [p for p in out if p.rule != "surname" or len(targets[p.merged]) == 1]
    out.sort(key=lambda p: (p.rule != "spelling", -p.score, p.kept, p.merged))
    return out
