"""State scores of the NER CRF for a whole article, from cached per-word sums.

A token's state score (one value per label) is the sum of the CRF weights of its attributes.
``Featurizer.sequence`` builds those attributes as strings; this module computes the same sums
group by group, the way each group decomposes, so that almost nothing is rebuilt per token:

=========  =============================================  =====================================
group      attributes (``Featurizer``)                    scored here
=========  =============================================  =====================================
word       ``word_features(w)``                           summed once per word, cached
context    ``context_features(w, off)``, off = -2..2;     summed once per word and offset,
           ``-2:BOS`` … ``2:EOS`` past a sentence edge    cached; the edges are one pad row
bigrams    ``bg-=a|b``, ``bg+=a|b`` (folded, rich)        pair ids looked up with numpy
tags       ``g=``/``g-1=``/``g+1=`` gazetteer and         summed once per distinct tag tuple,
           ``m=``/``m-1=``/``m+1=`` memory tags (rich)    added at each matched name
=========  =============================================  =====================================

A feature group added to ``Featurizer.sequence`` needs a matching step in ``Scorer.scores``;
the parity test in ``tests/extract/test_crf.py`` compares these sums with the plain sum over
``Featurizer.sequence`` and fails until it has one.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from ghatna.extract.crf import CrfWeights
from ghatna.extract.nerfeatures import Featurizer, Gazetteer, fold

_PAD = 0  # row 0 of the word table: no word; its context slots hold the BOS/EOS weights

Match = tuple[int, int, frozenset[str]]  # (first token, token count, types)


def match_names(gazetteer: Gazetteer, folded: Sequence[str], ends: Sequence[int],
                candidates: Iterable[int] | None = None) -> list[Match]:
    """Longest gazetteer names, left to right, as ``Gazetteer.match`` finds them in each sentence.

    ``ends[i]`` is the end of the sentence holding token ``i``; a name never crosses it.
    ``candidates`` are the tokens that can start a name (all whose folded form is a first word
    of one, in order; computed when not given); only they are visited.
    """
    lengths, names = gazetteer.lengths, gazetteer.names
    if candidates is None:
        candidates = [i for i, f in enumerate(folded) if f in lengths]
    out: list[Match] = []
    nxt = 0
    for i in candidates:
        if i < nxt:
            continue
        end = ends[i]
        for ln in lengths[folded[i]]:
            if i + ln <= end and (types := names.get(tuple(folded[i:i + ln]))):
                out.append((i, ln, types))
                nxt = i + ln
                break
    return out


class Scorer:
    """Per-token state scores of the NER CRF, from cached per-word sums.

    Words get a row in a table (bounded: it starts afresh when full) holding their summed word
    and context weights, their folded form, their bigram id and whether they can start a name
    of each gazetteer consulted.

    Args:
        weights: the CRF's weights.
        featurizer: the feature set the model was trained with.
        max_words: words kept in the table.
    """

    def __init__(self, weights: CrfWeights, featurizer: Featurizer, max_words: int = 50_000) -> None:
        """Index the model's bigram and tag attributes; the word table starts empty."""
        self.weights = weights
        self.featurizer = featurizer
        self.offsets = featurizer.offsets  # context offsets in the order of the word table's slots 1.. (0: the word)
        self.max_words = max_words
        self.rich = featurizer.kind == "rich"
        self._bigrams = _BigramTable(weights) if self.rich else None
        self._tags = [(getattr(featurizer, name), _TagTable(weights, prefix))
                      for name, prefix in (("gazetteer", "g"), ("memory", "m"))
                      if self.rich and getattr(featurizer, name) is not None]
        self._gazetteers: list[Gazetteer] = [g for g, _ in self._tags]
        #: the name matches of each feature gazetteer in the tokens ``scores`` was last called on
        self.last_matches: dict[Gazetteer, list[Match]] = {}
        self.clear()

    def clear(self) -> None:
        """Forget the cached words."""
        nl = len(self.weights.labels)
        self._rows: dict[str, int] = {}
        self._folded: list[str] = [""]
        self._table = np.zeros((1024, 1 + len(self.offsets), nl))  # (word row, slot, label)
        edges = [f"{off}:BOS" if off < 0 else f"{off}:EOS" for off in self.offsets]
        self._table[_PAD, 1:] = [self.weights.score([a]) for a in edges]
        self._side = np.full(1024, -1, dtype=np.intp)  # bigram id of the folded word, -1 if none
        self._starts = np.zeros((len(self._gazetteers), 1024), dtype=bool)  # may start a name

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self, words: Sequence[str]) -> np.ndarray:
        """Table rows of the words, adding the missing ones."""
        get = self._rows.get
        rows = [get(w, -1) for w in words]
        if -1 in rows:
            missing = list(dict.fromkeys(w for w, r in zip(words, rows) if r < 0))
            if len(self._rows) + len(missing) > self.max_words:
                self.clear()
                missing = list(dict.fromkeys(words))
            self._add(missing)
            get = self._rows.get
            rows = [get(w, -1) for w in words]
        return np.asarray(rows, dtype=np.intp)

    def _gazetteer_slot(self, gazetteer: Gazetteer) -> int:
        """Slot of a gazetteer in the start flags, registering it (and flagging known rows) if new."""
        for k, g in enumerate(self._gazetteers):
            if g is gazetteer:
                return k
        self._gazetteers.append(gazetteer)
        flags = np.zeros(self._starts.shape[1], dtype=bool)
        flags[:len(self._folded)] = [f in gazetteer.lengths for f in self._folded]
        self._starts = np.vstack([self._starts, flags])
        return len(self._gazetteers) - 1

    def _add(self, words: list[str]) -> None:
        """Sum and store the word and context weights of new words, and their per-word facts."""
        feat = self.featurizer
        get = self.weights.index.get
        zero = self.weights.zero_row  # every segment starts with the zero row, so none is empty
        flat: list[int] = []
        starts: list[int] = []
        for w in words:
            for attrs in feat.word_groups(w, self.offsets):
                starts.append(len(flat))
                flat.append(zero)
                flat += [r for r in map(get, attrs) if r is not None]
        sums = np.add.reduceat(self.weights.state[flat], starts, axis=0)
        first = len(self._folded)
        need = first + len(words)
        if need > len(self._table):
            size = max(need, 2 * len(self._table))
            self._table = _grown(self._table, size, 0.0)
            self._side = _grown(self._side, size, -1)
            self._starts = _grown(self._starts.T, size, False).T
        self._table[first:need] = sums.reshape(len(words), 1 + len(self.offsets), -1)
        folded = [fold(w) for w in words]
        self._folded += folded
        self._rows.update(zip(words, range(first, need)))
        if self._bigrams is not None:
            sides = self._bigrams.sides
            self._side[first:need] = [sides.get(f, -1) for f in folded]
        for k, gaz in enumerate(self._gazetteers):
            self._starts[k, first:need] = [f in gaz.lengths for f in folded]

    def folded(self, rows: np.ndarray) -> list[str]:
        """Folded forms of the words at these rows."""
        f = self._folded
        return [f[r] for r in rows.tolist()]

    def match(self, gazetteer: Gazetteer, rows: np.ndarray, folded: Sequence[str],
              ends: Sequence[int] | None = None) -> list[Match]:
        """``match_names`` over the tokens at ``rows`` (one sequence unless ``ends`` is given)."""
        slot = self._gazetteer_slot(gazetteer)  # may replace self._starts
        candidates = np.flatnonzero(self._starts[slot][rows]).tolist()
        if not candidates:
            return []
        return match_names(gazetteer, folded, ends or [len(rows)] * len(rows), candidates)

    def scores(self, rows: np.ndarray, folded: Sequence[str], lengths: Sequence[int]) -> np.ndarray:
        """State scores ``(tokens, labels)`` of consecutive sentences.

        Args:
            rows: the tokens' table rows (``rows(words)``), one sentence after the other.
            folded: the tokens' folded forms (``folded(rows)``).
            lengths: the sentences' token counts.
        """
        n = len(rows)
        lens = np.asarray(lengths, dtype=np.intp)
        pos = np.arange(n) - np.repeat(np.cumsum(lens) - lens, lens)  # index inside the sentence
        left = pos  # tokens before, and after, in the same sentence
        right = np.repeat(lens, lens) - pos - 1
        # word group and context group: one gather of (slot, token) rows from the flattened
        # table; a neighbour outside the sentence reads the pad row (its BOS/EOS weights)
        width = 1 + len(self.offsets)
        reach = max(abs(off) for off in self.offsets)
        padded = np.concatenate([[_PAD] * reach, rows, [_PAD] * reach])
        idx = np.empty((width, n), dtype=np.intp)
        idx[0] = rows
        for slot, off in enumerate(self.offsets, 1):
            nb = idx[slot]
            nb[:] = padded[reach + off:reach + off + n]
            nb[(left < -off) if off < 0 else (right < off)] = _PAD
        idx *= width
        idx += np.arange(width)[:, None]
        flat = self._table.reshape(-1, self._table.shape[2])
        s = flat[idx[0]]
        for slot in range(1, width):  # one (tokens, labels) gather at a time: no large temporaries
            s += flat[idx[slot]]
        if self._bigrams is not None:
            self._bigrams.add(s, self._side[rows], left)
        self.last_matches = {}
        if self._tags:
            ends = np.repeat(np.cumsum(lens), lens).tolist()
            for gaz, table_of_tags in self._tags:
                self.last_matches[gaz] = found = self.match(gaz, rows, folded, ends)
                table_of_tags.add(s, found, left, right)
        return s


def _grown(a: np.ndarray, size: int, fill: float | int | bool) -> np.ndarray:
    """``a`` with its first axis grown to ``size``, new entries set to ``fill``."""
    out = np.full((size, *a.shape[1:]), fill, dtype=a.dtype)
    out[:len(a)] = a
    return out


class _BigramTable:
    """The ``bg-=a|b`` / ``bg+=a|b`` attributes as integer pairs of folded-word ids.

    Every way of cutting an attribute at a ``|`` is registered, so a pair ``(a, b)`` finds the
    attribute exactly when ``a + "|" + b`` spells it, as the string lookup would.
    """

    def __init__(self, weights: CrfWeights) -> None:
        """Index the bigram attributes of a model."""
        cuts: dict[str, tuple[list[str], list[str], list[int]]] = {"bg-=": ([], [], []), "bg+=": ([], [], [])}
        for attr, row in [(a, r) for a, r in weights.index.items() if a.startswith(("bg-=", "bg+="))]:
            lefts, rights, rows = cuts[attr[:4]]
            left, _, right = attr[4:].partition("|")
            if "|" not in right:  # the usual case: one cut
                lefts.append(left)
                rights.append(right)
                rows.append(row)
                continue
            parts = attr[4:].split("|")
            for cut in range(1, len(parts)):
                lefts.append("|".join(parts[:cut]))
                rights.append("|".join(parts[cut:]))
                rows.append(row)
        everything = [w for lefts, rights, _ in cuts.values() for w in (*lefts, *rights)]
        self.sides: dict[str, int] = dict(zip(dict.fromkeys(everything), range(len(everything))))
        self.width = max(len(self.sides), 1)
        self.keys, self.attr_rows = {}, {}
        for kind, (lefts, rights, rows) in cuts.items():
            keys = (np.array([self.sides[w] for w in lefts], dtype=np.int64) * self.width
                    + np.array([self.sides[w] for w in rights], dtype=np.int64))
            order = np.argsort(keys, kind="stable")
            self.keys[kind] = keys[order]
            self.attr_rows[kind] = np.array(rows, dtype=np.intp)[order]
        self.state = weights.state

    def add(self, s: np.ndarray, side: np.ndarray, left: np.ndarray) -> None:
        """Add the bigram weights to ``s``: ``bg-`` at the second token of a pair, ``bg+`` at the first."""
        if len(side) < 2:
            return
        a, b = side[:-1], side[1:]
        ok = (a >= 0) & (b >= 0) & (left[1:] > 0)  # both folded words known, same sentence
        if not ok.any():
            return
        where = np.flatnonzero(ok)  # pair (where, where + 1)
        key = a[where] * self.width + b[where]
        for kind, target in (("bg-=", where + 1), ("bg+=", where)):
            keys = self.keys[kind]
            if not len(keys):
                continue
            i = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = keys[i] == key
            s[target[hit]] += self.state[self.attr_rows[kind][i[hit]]]


class _TagTable:
    """Weights of the tag features of one matcher (``g`` or ``m``), per distinct tag tuple."""

    def __init__(self, weights: CrfWeights, prefix: str) -> None:
        """Tag features ``{prefix}=``, ``{prefix}-1=`` and ``{prefix}+1=`` of a model."""
        self.weights = weights
        self.prefix = prefix
        self._ids: dict[tuple[frozenset[str], bool], int] = {}
        self._segments: dict[tuple[frozenset[str], int], list[int]] = {}  # rows for a name's tokens
        self._vectors = np.zeros((0, 3, len(weights.labels)))

    def _id(self, types: frozenset[str], inside: bool) -> int:
        """Row of the weights a name's first (or an inner) token gives: (own, left, right neighbour's)."""
        key = (types, inside)
        i = self._ids.get(key)
        if i is None:
            tags = ["I-" + t if inside else "B-" + t for t in sorted(types)]
            p = self.prefix
            v = [self.weights.score([f"{p}{where}={t}" for t in tags]) for where in ("", "-1", "+1")]
            self._vectors = np.concatenate([self._vectors, np.array(v)[None]])
            i = self._ids[key] = len(self._ids)
        return i

    def add(self, s: np.ndarray, names: list[Match], left: np.ndarray, right: np.ndarray) -> None:
        """Add the tag weights of the matched names to ``s``."""
        if not names:
            return
        pos: list[int] = []
        ids: list[int] = []
        segments = self._segments
        for i, ln, types in names:
            pos += range(i, i + ln)
            seg = segments.get((types, ln))
            if seg is None:
                seg = segments[types, ln] = [self._id(types, False)] + [self._id(types, True)] * (ln - 1)
            ids += seg
        p = np.asarray(pos, dtype=np.intp)
        v = self._vectors[ids]  # (tagged tokens, 3, labels)
        s[p] += v[:, 0]
        has_left = left[p] > 0  # a token's g+1 features come from the token after it
        s[p[has_left] - 1] += v[has_left, 2]
        has_right = right[p] > 0
        s[p[has_right] + 1] += v[has_right, 1]
