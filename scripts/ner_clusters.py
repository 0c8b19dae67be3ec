"""Word clusters for the NER features: word2vec on the training text, then k-means at three sizes.

Distributional classes let the CRF generalise from a name it saw in training to words used in
the same contexts (a Brown-cluster-style feature). Only the training sentences are used, never
the dev or held-out ones. Deterministic: one worker, fixed seeds.
Needs gensim (not a project dependency: the shipped model does not use clusters). Used by ``scripts/train_ner.py``.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

SIZES = (64, 256, 1024)


def kmeans(x: np.ndarray, k: int, iterations: int = 25, seed: int = 7) -> np.ndarray:
    """Plain Lloyd k-means on L2-normalised rows (cosine); returns a cluster id per row."""
    rng = np.random.default_rng(seed)
    centres = x[rng.choice(len(x), size=k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(x @ centres.T, axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members):
                v = members.sum(axis=0)
                centres[c] = v / (np.linalg.norm(v) or 1.0)
    return labels


def word_clusters(sentences: Iterable[Sequence[str]], min_count: int = 3, dim: int = 100) -> dict[str, str]:
    """Map each word seen ``min_count`` times to ``a<id>|b<id>|c<id>`` cluster ids at three sizes."""
    from gensim.models import Word2Vec

    sents = [list(s) for s in sentences]
    model = Word2Vec(sents, vector_size=dim, window=4, min_count=min_count, workers=1, seed=7, epochs=10, sg=1)
    words = list(model.wv.index_to_key)
    x = np.asarray(model.wv[words], dtype=np.float64)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    ids = [kmeans(x, min(k, len(words))) for k in SIZES]
    return {w: "|".join(f"{'abc'[j]}{ids[j][i]}" for j in range(len(SIZES))) for i, w in enumerate(words)}
