"""Make a corpus's training labels agree with its own majority for each repeated name (train_ner --harmonise).

IL-NER labels the same string differently from sentence to sentence: नीति आयोग is an ORG 16 times
and left untagged 39 times in its train split, रिजर्व बैंक 46 times ORG and 16 times untagged. A CRF
trained on both learns a blur of the two. Here every string that the corpus tags as a name at least
``min_count`` times is counted at all its occurrences (as a name of each type, or untagged); where
one reading holds at least ``share`` of them, the other occurrences are relabelled to it. Only the
training sentences are changed: a cross-validation fold (``--cv``) and every evaluation split keep
their labels, so the gain, if any, is measured against the corpus as annotated. The counting reads
the unmodelled types (festivals, schemes, languages) as MISC, not O: गांधी in गांधी जयंती is part of
another name, not an untagged गांधी.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from ghatna.extract.nerdata import tag_spans
from ghatna.extract.nerfeatures import fold

NAME = ("PER", "LOC", "ORG")


def _readings(items: Sequence[tuple], max_len: int) -> dict[tuple[str, ...], Counter]:
    """Per folded name string: how often it is each name type, and how often it stands untagged."""
    counts: dict[tuple[str, ...], Counter] = {}
    for words, tags, *_ in items:
        for i, j, t in tag_spans(tags):
            if t in NAME and j - i <= max_len:
                counts.setdefault(tuple(fold(w) for w in words[i:j]), Counter())[t] += 1
    by_first: dict[str, set[int]] = {}
    for key in counts:
        by_first.setdefault(key[0], set()).add(len(key))
    for words, tags, *_ in items:
        folded = [fold(w) for w in words]
        for i, w in enumerate(folded):
            for n in by_first.get(w, ()):
                if i + n <= len(words) and all(t == "O" for t in tags[i:i + n]):
                    key = tuple(folded[i:i + n])
                    if key in counts:
                        counts[key]["O"] += 1
    return counts


def harmonise(items: Sequence[tuple], min_count: int = 3, share: float = 0.75,
              max_len: int = 5) -> tuple[list[tuple], Counter]:
    """``items`` (words, tags, …) with minority readings of repeated names relabelled to the majority."""
    return relabel(items, majority_readings(items, min_count, share, max_len))


def majority_readings(items: Sequence[tuple], min_count: int = 3, share: float = 0.75,
                      max_len: int = 5) -> dict[tuple[str, ...], str]:
    """Folded name strings read one way (a type, or ``O``) in at least ``share`` of their occurrences."""
    counts = _readings(items, max_len)
    majority: dict[tuple[str, ...], str] = {}
    for key, c in counts.items():
        named = sum(c[t] for t in NAME)
        if named < min_count:
            continue
        label, top = c.most_common(1)[0]
        if top / sum(c.values()) >= share:
            majority[key] = label
    return majority


def relabel(items: Sequence[tuple], majority: dict[tuple[str, ...], str]) -> tuple[list[tuple], Counter]:
    """``items`` with every exact other reading of a ``majority`` key relabelled to its majority reading."""
    if not majority:
        return list(items), Counter()
    lengths = sorted({len(k) for k in majority}, reverse=True)
    changed: Counter = Counter()
    out = []
    for words, tags, *rest in items:
        folded = [fold(w) for w in words]
        new = list(tags)
        spans = {(i, j): t for i, j, t in tag_spans(tags)}
        i = 0
        while i < len(words):
            step = 1
            for n in lengths:
                key = tuple(folded[i:i + n])
                label = majority.get(key) if i + n <= len(words) else None
                if label is None:
                    continue
                now = spans.get((i, i + n)) or ("O" if all(t == "O" for t in tags[i:i + n]) else None)
                if now not in (*NAME, "O"):
                    continue  # inside a longer span, or a date, number or MISC reading: another decision
                if now != label:  # an exact other reading: relabel it
                    new[i:i + n] = ["O"] * n if label == "O" else [f"B-{label}"] + [f"I-{label}"] * (n - 1)
                    changed[f"{now}->{label}"] += 1
                step = n
                break
            i += step
        out.append((words, tuple(new) if isinstance(tags, tuple) else new, *rest))
    return out, changed


def harmonised(items: Sequence[tuple], share: float = 0.75, hiner: bool = False,
               keep_misc: bool = False) -> tuple[list[tuple], Counter, Counter]:
    """Training items (tags with MISC kept) harmonised to IL-NER's majority readings, IL-NER first.

    ``hiner`` also moves the other corpora's sentences to IL-NER's readings; without ``keep_misc``
    the MISC tags become O afterwards (the model does not learn that class).
    """
    il = [it for it in items if it[3].source.startswith("ilner")]
    other = [it for it in items if not it[3].source.startswith("ilner")]
    majority = majority_readings(il, share=share)
    il, changed = relabel(il, majority)
    changed_other: Counter = Counter()
    if hiner:
        other, changed_other = relabel(other, majority)
    out = il + other
    if not keep_misc:
        out = [(words, [("O" if t.endswith("-MISC") else t) for t in tags], *rest) for words, tags, *rest in out]
    return out, changed, changed_other
