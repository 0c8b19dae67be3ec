"""Linear-chain CRF inference in numpy: read a CRFsuite model, decode many sentences at once.

CRFsuite trains the NER model (``scripts/train_ner.py``); tagging does not need it. Its model
file is read directly (``read_crfsuite``: the binary layout of CRFsuite's ``crf1d_model.c``,
exact float64 weights, about 0.05 s for the shipped model) into a dense attribute x label table
(``CrfWeights``), so the score of a token is the sum of the rows of its attributes. (CRFsuite's
text dump, behind python-crfsuite's ``Tagger.info()``, prints six decimals and takes ~1 s.)

``decode`` runs Viterbi and the posterior marginals of the chosen labels for a batch of
sentences. Python-level loops over positions cost microseconds per step, so every step works on
all sentences of the batch at once; sentences are sorted longest first and a step touches only
the prefix still running. Ties between equal scores break to the lower label index, as in
CRFsuite's Viterbi.

Example:
    >>> w = CrfWeights(("O", "B-PER"), {"b": 0}, np.array([[1.0, 0.0], [0.0, 0.0]]), np.zeros((2, 2)))
    >>> labels, marg = decode(w.state[[0, 0, 0]], [2, 1], w.transitions)
    >>> labels.tolist(), marg.round(3).tolist()
    ([0, 0, 0], [0.731, 0.731, 0.731])
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_CQDB_BYTEORDER = 0x62445371


@dataclass(frozen=True)
class CrfWeights:
    """A CRF's labels, attribute index, dense state weights and transition weights.

    ``index`` maps an attribute to its row of ``state``, whose last row (``zero_row``) is all
    zeros, for padding; ``transitions[i, j]`` scores label ``i`` followed by label ``j``.
    """

    labels: tuple[str, ...]
    index: dict[str, int]
    state: np.ndarray
    transitions: np.ndarray

    @classmethod
    def from_crfsuite(cls, path: str | Path, fold_prefix: str = "") -> "CrfWeights":
        """Read a CRFsuite model file.

        ``fold_prefix`` (e.g. ``il:``) names a domain whose attribute copies (``il:w=…``, trained
        next to the general ``w=…``) are added into the general weights; the copies of other
        domains (``hi:…``) are dropped. Tagging then scores general + domain copy, as training did.
        """
        labels, attrs, feats, trans = read_crfsuite(path)
        rows, cols, weights = feats["src"].astype(np.intp), feats["dst"].astype(np.intp), feats["weight"]
        if fold_prefix:
            names, remap = _fold_domain(attrs, fold_prefix)
            rows = remap[rows]
            keep = rows >= 0
            rows, cols, weights = rows[keep], cols[keep], weights[keep]
            state = np.zeros((len(names) + 1, len(labels)))
            np.add.at(state, (rows, cols), weights)  # a copy and its general attribute share a row
            index = {a: i for i, a in enumerate(names) if a is not None}
        else:
            state = np.zeros((len(attrs) + 1, len(labels)))
            state[rows, cols] = weights
            index = dict(zip(attrs, range(len(attrs))))
        return cls(labels, index, state, trans)

    @property
    def zero_row(self) -> int:
        """Index of the all-zero row of ``state`` (the last one)."""
        return len(self.state) - 1

    def score(self, attributes: Sequence[str]) -> np.ndarray:
        """Sum of the state weights of some attributes (unknown ones weigh nothing)."""
        index = self.index
        rows = [index[a] for a in attributes if a in index]
        return self.state[rows].sum(axis=0) if rows else np.zeros(len(self.labels))


_DOMAIN = re.compile(r"[a-z]+:")


def _fold_domain(attrs: list[str], prefix: str) -> tuple[list[str | None], np.ndarray]:
    """Map ``prefix`` copies onto their general attributes and drop other domains' copies.

    Returns the row names (``None`` for a row nothing maps to) and, per attribute id, its row
    (-1 for a dropped copy). A general attribute seen only as a copy gets a row of its own.
    """
    names: list[str | None] = list(attrs)
    where = {a: i for i, a in enumerate(attrs)}
    remap = np.arange(len(attrs))
    for i, a in enumerate(attrs):
        if a.startswith(prefix):
            base = a[len(prefix):]
            if base not in where:
                where[base] = len(names)
                names.append(base)
            remap[i] = where[base]
            names[i] = None
        elif _DOMAIN.match(a):
            remap[i] = -1
            names[i] = None
    return names, remap


def _cqdb_strings(buf: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk (CRFsuite's string <-> id table), in id order."""
    magic, _size, _flag, byteorder, n, bwd_offset = struct.unpack_from("<4sIIIII", buf, offset)
    if magic != b"CQDB" or byteorder != _CQDB_BYTEORDER:
        raise ValueError("not a little-endian CQDB chunk")
    refs = np.frombuffer(buf, dtype="<u4", count=n, offset=offset + bwd_offset).astype(np.int64) + offset
    raw = np.frombuffer(buf, dtype=np.uint8)
    # each record: id (u32), size (u32, counting the trailing NUL), then the bytes
    ids = _u32_at(raw, refs)
    sizes = _u32_at(raw, refs + 4)
    if not np.array_equal(ids, np.arange(n)):
        raise ValueError("CQDB ids out of order")
    starts = (refs + 8).tolist()
    ends = (refs + 7 + sizes).tolist()
    joined = b"\0".join([buf[a:b] for a, b in zip(starts, ends)])
    return joined.decode("utf-8").split("\0") if n else []


def _u32_at(raw: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Little-endian unsigned 32-bit values at (unaligned) byte offsets."""
    b = raw[at[:, None] + np.arange(4)].astype(np.int64)
    return b[:, 0] | b[:, 1] << 8 | b[:, 2] << 16 | b[:, 3] << 24


def read_crfsuite(path: str | Path) -> tuple[tuple[str, ...], list[str], np.ndarray, np.ndarray]:
    """Read a CRFsuite (CRF1d) model file exactly: labels, attributes, state triples, transitions.

    Returns ``(labels, attributes, features, transitions)`` where ``features`` is a structured
    array of the state features (``src`` attribute id, ``dst`` label id, ``weight``).
    """
    buf = Path(path).read_bytes()
    magic, _size, kind, _version = struct.unpack_from("<4sI4sI", buf, 0)
    off_features, off_labels, off_attrs = struct.unpack_from("<III", buf, 28)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path} is not a CRFsuite CRF1d model")
    chunk, _chunk_size, n = struct.unpack_from("<4sII", buf, off_features)
    if chunk != b"FEAT":
        raise ValueError(f"{path}: no feature chunk")
    feats = np.frombuffer(buf, dtype=_FEATURE, count=n, offset=off_features + 12)
    labels = tuple(_cqdb_strings(buf, off_labels))
    attrs = _cqdb_strings(buf, off_attrs)
    trans = np.zeros((len(labels), len(labels)))
    edges = feats[feats["type"] == 1]
    trans[edges["src"], edges["dst"]] = edges["weight"]
    state = feats[feats["type"] == 0]
    if (feats["type"] > 1).any():
        raise ValueError(f"{path}: unknown feature type")
    return labels, attrs, state, trans


def decode(scores: np.ndarray, lengths: Sequence[int], transitions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Viterbi labels of consecutive sentences and the marginal probability of each chosen label.

    Args:
        scores: ``(tokens, labels)`` state scores of all sentences, one after the other.
        lengths: the sentences' token counts (positive, summing to ``len(scores)``).
        transitions: ``(labels, labels)`` transition weights.

    Returns:
        ``(labels, marginals)``, both of length ``tokens``.
    """
    n = len(scores)
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    pack = _Packing(lengths)
    xt = np.ascontiguousarray(scores[pack.fwd].T)  # (label, packed position)
    path = _viterbi(xt, pack, transitions)
    labels = np.empty(n, dtype=np.intp)
    labels[pack.fwd] = path
    # (label, packed position) products proportional to the marginals
    prod = _messages(np.exp(xt - xt.max(axis=0)), pack, transitions)  # per-position shifts cancel out
    marginals = np.empty(n)
    marginals[pack.fwd] = prod[path, np.arange(n)] / (np.ones(len(prod)) @ prod)
    return labels, marginals


class _Packing:
    """Time-major packing of sentences sorted longest first (no padding).

    Position ``t`` of the ``r``-th longest sentence sits at ``offsets[t] + r``; the sentences
    still running at ``t`` are the first ``active[t]``, so every step works on one contiguous
    slice. ``fwd`` maps packed positions to tokens; ``mirror`` maps a packed position to that of
    the same token when every sentence is read backwards; ``last`` holds each sentence's last
    packed position.
    """

    def __init__(self, lengths: Sequence[int]) -> None:
        """Index arrays for sentences of the given lengths, stored one after the other."""
        lens = np.asarray(lengths, dtype=np.intp)
        starts = np.cumsum(lens) - lens
        order = np.argsort(-lens, kind="stable")
        lens, starts = lens[order], starts[order]
        pos = np.arange(int(lens[0]))
        self.active = (lens[None, :] > pos[:, None]).sum(axis=1)
        self.offsets = np.concatenate([[0], np.cumsum(self.active)[:-1]])
        t = np.repeat(pos, self.active)  # packed position -> (t, r)
        r = np.arange(len(t)) - self.offsets[t]
        self.fwd = starts[r] + t
        self.mirror = self.offsets[lens[r] - 1 - t] + r
        self.last = self.offsets[lens - 1] + np.arange(len(lens))  # each sentence's last position
        self.steps = [(int(o), int(k)) for o, k in zip(self.offsets, self.active)]


def _viterbi(xt: np.ndarray, pack: _Packing, transitions: np.ndarray) -> np.ndarray:
    """Best label per packed position, from packed ``(label, position)`` scores.

    Arrays are laid out (label, sentence) so that the max over the previous label is a
    reduction over the outer axis, which numpy runs much faster than one over 11 inner values.
    Ties go to the lower label (CRFsuite keeps the first maximum). Back-pointers are found while
    backtracking, for the chosen label only, from the kept deltas: the same sums as in the
    forward pass, so the same argmax.
    """
    trans = transitions[:, :, None]
    steps = pack.steps
    delta = xt.copy()  # becomes the best score of a path ending in each label, per packed position
    prev = delta[:, :steps[0][1]]
    for o, k in steps[1:]:
        cur = delta[:, o:o + k]
        cur += (prev[:, None, :k] + trans).max(axis=0)
        prev = cur
    path = np.empty(xt.shape[1], dtype=np.intp)
    best = delta[:, pack.last].argmax(axis=0)
    for (o, k), (po, _) in zip(steps[:0:-1], steps[-2::-1]):
        path[o:o + k] = best[:k]
        best[:k] = (delta[:, po:po + k] + transitions[:, best[:k]]).argmax(axis=0)
    path[:len(best)] = best
    return path


def _messages(e: np.ndarray, pack: _Packing, transitions: np.ndarray) -> np.ndarray:
    """Forward-backward over exponentiated packed scores ``(label, position)``, scaled per step.

    The backward pass is a forward pass over the reversed sentences with the transposed
    transitions, so both run in one loop: with ``f_t`` the forward message before the emission
    at ``t`` and ``g_t = e_t * beta_t``, the marginal at ``t`` is proportional to ``f_t * g_t``.
    Returns ``f * g`` per packed position.
    """
    m_exp = np.exp(transitions)
    mats = np.stack([m_exp.T, m_exp])  # forward: M^T z; backward (reversed): M z
    both = np.stack([e, e[:, pack.mirror]])  # (direction, label, packed position)
    pre = np.ones_like(both)  # messages before the emission (1 at a sentence's start)
    ones = np.ones(len(e))
    k0 = pack.steps[0][1]
    z = both[:, :, :k0] / (ones @ both[:, :, :k0])[:, None, :]
    for o, k in pack.steps[1:]:
        p = mats @ z[:, :, :k]
        pre[:, :, o:o + k] = p
        q = p * both[:, :, o:o + k]
        z[:, :, :k] = q / (ones @ q)[:, None, :]  # a product with ones sums short columns fastest
    return pre[0] * (pre[1] * both[1])[:, pack.mirror]
