"""Entity-level strict scoring of an NER stage on IOB2 sentences (conlleval semantics).

A predicted entity counts only when its character span and its type both equal a gold
entity's. Each sentence is fed to the stage as its tokens joined by single spaces, so the
score covers the whole stage (tokenizer, features, model, span repair), not only the model.
Stage labels map back to corpus types: PERSON→PER, ORG→ORG, LOC/GPE→LOC, DATE/TIME→DATE,
NUM/MONEY/QUANTITY→NUM. The headline micro average is over PER, LOC and ORG.

Example:
    >>> prf(8, 10, 16)
    {'p': 0.8, 'r': 0.5, 'f1': 0.6154}
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Sequence

from ghatna.extract.nerdata import MODEL_TYPES, NAME_TYPES, TaggedSentence, to_text
from ghatna.types import Mention

FROM_LABEL = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC",
              "DATE": "DATE", "TIME": "DATE", "NUM": "NUM", "MONEY": "NUM", "QUANTITY": "NUM"}


def prf(tp: int, pred: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0 where undefined), rounded to 4 places."""
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def evaluate(stage: Callable[[str], Sequence[Mention]], sentences: Sequence[TaggedSentence]) -> dict[str, Any]:
    """Score a stage on tagged sentences.

    Returns:
        ``{"micro": {p, r, f1}, "per_type": {type: {p, r, f1, gold, pred, tp}}, "sentences": N,
        "tokens": N}``; ``micro`` averages PER, LOC and ORG.
    """
    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    tokens = 0
    for sent in sentences:
        text, gold_spans = to_text(sent)
        tokens += len(sent.tokens)
        gold = set(gold_spans)
        pred = {(m.start, m.end, FROM_LABEL[m.label]) for m in stage(text) if m.label in FROM_LABEL}
        for _, _, t in gold:
            ngold[t] += 1
        for _, _, t in pred:
            npred[t] += 1
        for _, _, t in gold & pred:
            tp[t] += 1
    per_type = {}
    for t in MODEL_TYPES:
        if ngold[t] or npred[t]:
            per_type[t] = {**prf(tp[t], npred[t], ngold[t]), "gold": ngold[t], "pred": npred[t], "tp": tp[t]}
    micro = prf(sum(tp[t] for t in NAME_TYPES), sum(npred[t] for t in NAME_TYPES), sum(ngold[t] for t in NAME_TYPES))
    return {"micro": micro, "per_type": per_type, "sentences": len(sentences), "tokens": tokens}
