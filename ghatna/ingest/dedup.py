"""Exact and near-duplicate articles: reprints and lightly edited copies, found with MinHash LSH.

An article is reduced to the set of its word shingles (``shingle`` consecutive words). Each word is
first keyed with ``text.normalize.devanagari_key`` (nukta, chandrabindu and candra vowels folded,
Latin lowercased), so a reprint that respells कज़ाख़स्तान as कजाखस्तान is still a reprint. The
Jaccard similarity of two shingle sets is estimated from MinHash signatures (datasketch, ``affine32``
scheme), and an LSH index finds the pairs above the threshold without comparing every pair, so the
cost grows with the number of articles, not its square.

Two articles whose folded words are identical are ``exact`` duplicates (they got different ids
because their raw spelling or punctuation differs); the others above the threshold are ``near``.
Pairs join into groups (connected components); the group's representative is its earliest
published article.

Example:
    >>> p = DedupParams(threshold=0.5)
    >>> a = "राष्ट्रपति ने मंगलवार को नई दिल्ली में प्रधानमंत्री से मुलाकात की और व्यापार पर बात की"
    >>> b = a.replace("मुलाकात", "मुलाक़ात") + " बाद में दोनों ने संयुक्त बयान जारी किया"
    >>> sigs = {i: sig for i, sig, _ in signatures([("a", a), ("b", b)], p)}
    >>> [(d.a, d.b, d.kind) for d in find_near_duplicates(sigs, p)]
    [('a', 'b', 'near')]
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ghatna.text.normalize import devanagari_key
from ghatna.text.tokenize import iter_token_spans
from ghatna.types import NearDuplicate

#: the datasketch permutation scheme; signatures of another scheme cannot be compared
SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class DedupParams:
    """How near-duplicates are found.

    ``threshold``: smallest estimated Jaccard similarity of word shingles for a pair; 0.7 keeps a
    reprint with a new headline, a dropped paragraph or a few edited words in every sentence, and
    drops two reports of one event written separately (typically below 0.1). ``num_perm``:
    MinHash permutations (error of an estimate about 1/sqrt(num_perm)). ``shingle``: words per
    shingle. ``seed``: of the permutations; signatures made with other values are not comparable.
    """

    threshold: float = 0.7
    num_perm: int = 128
    shingle: int = 3
    seed: int = 1

    def signature_key(self) -> str:
        """Return what a signature depends on (not the threshold): stored signatures carry it."""
        return f"minhash/{SCHEME}/crc32/p{self.num_perm}/s{self.seed}/k{self.shingle}"


def _is_word(piece: str) -> bool:
    """True for a token that is a word or number, not punctuation or a symbol."""
    return unicodedata.category(piece[0])[0] in "LMN"


class Shingler:
    """Turns texts into folded words and word shingles; remembers folded words across calls.

    The memory lives in the instance (one per run), not in the module, so nothing needs resetting.
    """

    def __init__(self, shingle: int = 3) -> None:
        """Make shingles of ``shingle`` words."""
        self.k = max(1, shingle)
        self._keys: dict[str, str] = {}

    def words(self, text: str) -> list[str]:
        """Return the matching keys of the words of ``text`` in order (punctuation left out)."""
        keys = self._keys
        out = []
        for s, e in iter_token_spans(text):
            piece = text[s:e]
            if not _is_word(piece):
                continue
            key = keys.get(piece)
            if key is None:
                key = keys[piece] = devanagari_key(piece)
            out.append(key)
        return out

    def shingles(self, words: Sequence[str]) -> set[bytes]:
        """Return the set of word shingles (a text shorter than a shingle is one shingle)."""
        k = self.k
        if len(words) <= k:
            return {" ".join(words).encode("utf-8")} if words else set()
        return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def fingerprint(words: Sequence[str]) -> str:
    """Return a hash of the folded word sequence: equal for exact duplicates."""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:20]


class Signer:
    """Makes MinHash signatures of word lists; the permutations are built once and reused."""

    def __init__(self, params: DedupParams = DedupParams()) -> None:
        """Prepare the permutations of ``params``."""
        self.shingler = Shingler(params.shingle)
        # one MinHash object reused for its permutations: building them is the costly part of a new one
        self._proto = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=zlib.crc32, scheme=SCHEME)
        self._empty = self._proto.hashvalues.copy()

    def sign(self, words: Sequence[str]) -> tuple[np.ndarray, str] | None:
        """Return (signature as ``uint32``, fingerprint) of folded words (:meth:`Shingler.words`); None if none."""
        if not words:
            return None
        self._proto.hashvalues = self._empty.copy()
        self._proto.update_batch(self.shingler.shingles(words))
        return self._proto.hashvalues.astype(np.uint32), fingerprint(words)


def signatures(docs: Iterable[tuple[str, str]], params: DedupParams = DedupParams(),
               *, signer: Signer | None = None) -> Iterator[tuple[str, np.ndarray, str]]:
    """Yield ``(id, signature, fingerprint)`` for each ``(id, text)``; texts without words are skipped.

    Args:
        docs: article ids with their clean text.
        params: ``num_perm``, ``seed`` and ``shingle`` fix the signature.
        signer: reuse one across calls of a run (its folded-word memory and permutations).

    Returns:
        The signature is the MinHash state as a ``uint32`` array of ``num_perm`` values.
    """
    signer = signer or Signer(params)
    for doc_id, text in docs:
        signed = signer.sign(signer.shingler.words(text))
        if signed is not None:
            yield doc_id, signed[0], signed[1]


def _lean(sig: np.ndarray, params: DedupParams) -> LeanMinHash:
    """Wrap a stored signature for the LSH index."""
    return LeanMinHash(seed=params.seed, hashvalues=sig, scheme=SCHEME)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Return the MinHash estimate of the Jaccard similarity: the share of equal signature values."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def find_near_duplicates(sigs: Mapping[str, np.ndarray], params: DedupParams = DedupParams(),
                         fingerprints: Mapping[str, str] | None = None) -> list[NearDuplicate]:
    """Return every pair of articles whose estimated shingle Jaccard is at least ``params.threshold``.

    Args:
        sigs: article id -> signature (from :func:`signatures`, all made with the same params).
        params: ``threshold`` and the signature parameters.
        fingerprints: article id -> :func:`fingerprint`; articles with equal fingerprints are
            ``exact`` duplicates even when LSH would miss them (it will not at Jaccard 1).

    Returns:
        Pairs with ``a < b``, sorted; the result does not depend on the order of ``sigs``.
    """
    found: dict[tuple[str, str], NearDuplicate] = {}
    by_print: dict[str, list[str]] = {}
    for doc_id, fp in (fingerprints or {}).items():
        if doc_id in sigs:
            by_print.setdefault(fp, []).append(doc_id)
    for ids in by_print.values():
        ids.sort()
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                found[(a, b)] = NearDuplicate(a, b, 1.0, "exact")
    if len(sigs) > 1:
        # candidates come from a threshold LSH can band (above about 0.95 it needs fewer than two
        # bands); every candidate is then checked against the real threshold
        lsh = MinHashLSH(threshold=min(params.threshold, 0.9), num_perm=params.num_perm)
        ordered = sorted(sigs)
        with lsh.insertion_session() as session:
            for doc_id in ordered:
                session.insert(doc_id, _lean(sigs[doc_id], params), check_duplication=False)
        for a in ordered:
            sa = sigs[a]
            for b in lsh.query(_lean(sa, params)):
                if b <= a or (a, b) in found:
                    continue
                j = estimate_jaccard(sa, sigs[b])
                if j >= params.threshold:
                    found[(a, b)] = NearDuplicate(a, b, round(j, 4), "near")
    return sorted(found.values(), key=lambda d: (d.a, d.b))


def duplicate_groups(pairs: Iterable[NearDuplicate], order: Mapping[str, tuple[str, ...] | str] | None = None
                     ) -> dict[str, str]:
    """Join pairs into groups; return article id -> the group's representative, for grouped articles.

    The representative is the member that sorts first by ``order[id]`` (e.g. the publication date;
    articles without one sort last), then by id.

    Example:
        >>> duplicate_groups([NearDuplicate("b", "c", 0.9), NearDuplicate("a", "b", 0.8)], {"c": "2024-01-01"})
        {'a': 'c', 'b': 'c', 'c': 'c'}
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        """Return the root of x's group, halving the path as it goes."""
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    order = order or {}

    def rank(x: str) -> tuple[int, str, str]:
        """Sort key: dated before undated, earliest first, then id."""
        o = order.get(x)
        value = o if isinstance(o, str) else "".join(o or ())
        return (0 if value else 1, value or "", x)

    out: dict[str, str] = {}
    for members in groups.values():
        rep = min(members, key=rank)
        for m in members:
            out[m] = rep
    return dict(sorted(out.items()))
