"""The convolutional expert the NER stage adds to the CRF: numpy inference of a model trained with PyTorch.

``scripts/train_ner_cnn.py`` trains it on the CRF's own training sentences and labels and writes
``cnn.npz`` into the model directory. Per token it reads the spelling-folded word (an embedding;
unseen words share one row), a character CNN over the word, and the gazetteer tags the CRF's
features use; two convolution layers of width 3 (the second dilated by 2) see three words either
side; a linear layer scores the CRF's labels. The stage adds ``lam`` times the model's
log-probabilities to the CRF's state scores before decoding (a product of the two experts), so
the CRF's transitions still keep the label sequence well formed.

Inference is numpy only (PyTorch is needed to train, never to tag). A word's input vector (its
embedding and character CNN) is computed once and cached; a text's sentences are convolved in
one pass, each sentence padded by zeros as in training.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Sequence

import numpy as np

from ghatna.errors import ResourceError
from ghatna.extract.nerfeatures import Gazetteer
from ghatna.extract.nerscore import match_names


class ConvExpert:
    """Per-label log-probabilities of the convolutional tagger for tokens of consecutive sentences."""

    def __init__(self, arrays: dict[str, np.ndarray], labels: Sequence[str], gazetteer: Gazetteer,
                 max_words: int = 50_000) -> None:
        """Build from the arrays of ``cnn.npz``, mapping its label order onto ``labels`` (the CRF's)."""
        # rows 0 and 1 are padding and "unknown": a word that folds to "" must not read the padding row
        self.words = {w: i for i, w in enumerate(arrays["words"].tolist()) if i >= 2}
        self.chars = {c: i for i, c in enumerate(arrays["chars"].tolist()) if i >= 2}
        self.gtags = {t: i for i, t in enumerate(arrays["gaz_tags"].tolist())}
        self.max_chars = int(arrays["max_chars"])
        self.wemb = arrays["wemb"]
        self.cemb = arrays["cemb"]
        self.cconv_w = np.ascontiguousarray(arrays["cconv_w"].transpose(2, 1, 0))  # (k, in, out)
        self.cconv_b = arrays["cconv_b"]
        self.conv1_w = np.concatenate(list(arrays["conv1_w"].transpose(2, 1, 0)), axis=1)  # (in, 3*out)
        self.conv1_b = arrays["conv1_b"]
        self.conv2_w = np.concatenate(list(arrays["conv2_w"].transpose(2, 1, 0)), axis=1)
        self.conv2_b = arrays["conv2_b"]
        own = arrays["labels"].tolist()
        if sorted(own) != sorted(labels):
            raise ValueError("the CNN was trained on other labels than the CRF's")
        order = [own.index(lab) for lab in labels]
        self.out_w = np.ascontiguousarray(arrays["out_w"][order].T)  # (hidden, labels)
        self.out_b = arrays["out_b"][order]
        width = self.wemb.shape[1] + self.cconv_b.shape[0] + len(self.gtags)
        hidden = self.conv1_b.shape[0]
        if (self.wemb.shape[0] != len(self.words) + 2 or self.cemb.shape[0] != len(self.chars) + 2
                or self.cconv_w.shape[1] != self.cemb.shape[1] or self.conv1_w.shape != (width, 3 * hidden)
                or self.conv2_w.shape != (hidden, 3 * self.conv2_b.shape[0]) or self.out_w.shape[0] != self.conv2_b.shape[0]):
            raise ValueError("the CNN's arrays do not fit together")
        self.gazetteer = gazetteer
        self.max_words = max_words
        self._rows: dict[str, int] = {}
        self._table = np.zeros((1024, self.wemb.shape[1] + self.cconv_b.shape[0]), dtype=np.float32)

    @classmethod
    def from_file(cls, path: str | Path, labels: Sequence[str], gazetteer: Gazetteer) -> "ConvExpert":
        """Load ``cnn.npz`` (E300 when it cannot be read)."""
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            return cls(arrays, labels, gazetteer)
        except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile, zlib.error) as exc:
            raise ResourceError("E300", path=str(path)) from exc

    def clear(self) -> None:
        """Forget the cached word vectors."""
        self._rows = {}

    def _word_vectors(self, words: Sequence[str], folded: Sequence[str]) -> np.ndarray:
        """Per word: the embedding of its folded form, then the max-pooled character CNN over it as written.

        All words at once: character ids in a zero-padded matrix (row 0 of the character table is
        the zero vector training padded with), three taps, the maximum over each word's own characters.
        """
        width = self.max_chars
        ids = np.zeros((len(words), width + 2), dtype=np.intp)
        lengths = np.empty(len(words), dtype=np.intp)
        get = self.chars.get
        for i, w in enumerate(words):
            row = [get(c, 1) for c in w[:width]]
            ids[i, 1:len(row) + 1] = row
            lengths[i] = len(row)
        e = self.cemb[ids]  # (words, width + 2, dim)
        w = self.cconv_w
        h = e[:, :-2] @ w[0] + e[:, 1:-1] @ w[1] + e[:, 2:] @ w[2] + self.cconv_b  # (words, width, out)
        h[np.arange(width)[None, :] >= lengths[:, None]] = -np.inf
        pooled = np.maximum(h.max(axis=1), 0.0)
        emb = self.wemb[[self.words.get(f, 1) for f in folded]]
        return np.concatenate([emb, pooled], axis=1)

    def _vectors(self, words: Sequence[str], folded: Sequence[str]) -> np.ndarray:
        """Cached word vectors of the tokens."""
        rows = self._rows
        missing = [(w, f) for w, f in dict.fromkeys(zip(words, folded)) if w not in rows]
        if missing:
            if len(rows) + len(missing) > self.max_words:
                self.clear()
                rows = self._rows
                missing = list(dict.fromkeys(zip(words, folded)))
            start, need = len(rows), len(rows) + len(missing)
            if need > len(self._table):  # grow by doubling: no copy of the whole table per article
                grown = np.zeros((max(need, 2 * len(self._table)), self._table.shape[1]), dtype=np.float32)
                grown[:start] = self._table[:start]
                self._table = grown
            self._table[start:need] = self._word_vectors([w for w, _ in missing], [f for _, f in missing])
            rows.update((w, start + i) for i, (w, _) in enumerate(missing))
        return self._table[[rows[w] for w in words]]

    def _gaz(self, n: int, matches: Sequence[tuple[int, int, frozenset[str]]]) -> np.ndarray:
        """Multi-hot gazetteer tags of ``n`` tokens from the longest-name matches (first token, length, types).

        The same tags ``Gazetteer.match`` gives each token (``B-GPE`` on a name's first token,
        ``I-GPE`` on the others), which is what training read.
        """
        out = np.zeros((n, len(self.gtags)), dtype=np.float32)
        for first, length, types in matches:
            for t in types:
                b, i = self.gtags.get("B-" + t), self.gtags.get("I-" + t)
                if b is not None:
                    out[first, b] = 1.0
                if i is not None and length > 1:
                    out[first + 1:first + length, i] = 1.0
        return out

    def matches(self, folded: Sequence[str], lengths: Sequence[int]) -> list[tuple[int, int, frozenset[str]]]:
        """The gazetteer's longest-name matches in each sentence (the stage passes the CRF scorer's instead)."""
        ends = np.repeat(np.cumsum(lengths), lengths).tolist()
        return match_names(self.gazetteer, folded, ends)

    def log_probs(self, words: Sequence[str], folded: Sequence[str], lengths: Sequence[int],
                  matches: Sequence[tuple[int, int, frozenset[str]]] | None = None) -> np.ndarray:
        """``(tokens, labels)`` log-probabilities, labels in the CRF's order.

        ``matches``: the gazetteer's name matches over these tokens (``nerscore.match_names``),
        when the caller has them; found here otherwise.
        """
        if matches is None:
            matches = self.matches(folded, lengths)
        x = np.concatenate([self._vectors(words, folded), self._gaz(len(words), matches)], axis=1)
        lens = np.asarray(lengths, dtype=np.intp)
        pos = np.arange(len(words)) - np.repeat(np.cumsum(lens) - lens, lens)
        right = np.repeat(lens, lens) - pos - 1
        h = _conv(x, self.conv1_w, self.conv1_b, pos, right, 1)
        h = _conv(h, self.conv2_w, self.conv2_b, pos, right, 2)
        z = h @ self.out_w + self.out_b
        z -= z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _conv(x: np.ndarray, w: np.ndarray, b: np.ndarray, left: np.ndarray, right: np.ndarray,
          dilation: int) -> np.ndarray:
    """ReLU of a width-3 convolution over each sentence (zero padding at its edges).

    ``w`` is ``(in, 3*out)``: the taps for the word ``dilation`` before, the word itself and the
    word ``dilation`` after, side by side, so one matrix product serves all three.
    """
    n, out = len(x), b.shape[0]
    y = x @ w
    h = y[:, out:2 * out] + b
    d = dilation
    if n > d:
        before = np.where((left[d:] >= d)[:, None], y[:-d, :out], 0.0)
        h[d:] += before
        after = np.where((right[:-d] >= d)[:, None], y[d:, 2 * out:], 0.0)
        h[:-d] += after
    return np.maximum(h, 0.0)
