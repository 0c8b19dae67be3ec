"""NER state scores: the per-group sums of ``nerscore`` equal the plain sum over ``Featurizer.sequence``.

The weights here give every attribute that ``Featurizer.sequence`` produces on the test sentences a
random weight vector, so a feature group added to the featurizer and not scored by ``Scorer`` (or
scored differently) makes these tests fail.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from ghatna.extract.crf import CrfWeights
from ghatna.extract.nerfeatures import Featurizer, Gazetteer, fold
from ghatna.extract.nerscore import Scorer, match_names
from ghatna.text.tokenize import iter_token_spans

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "data" / "il-ner-hindi" / "Hindi-dev.txt"
LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC")

GAZETTEER = Gazetteer([("नई दिल्ली", "GPE"), ("दिल्ली", "GPE"), ("दिल्ली", "LOC"), ("नरेंद्र मोदी", "PER"),
                       ("मोदी", "PER"), ("संयुक्त राष्ट्र", "ORG"), ("रूस", "GPE"), ("कज़ाकिस्तान", "GPE")])
MEMORY = Gazetteer([("व्लादिमीर पुतिन", "PER"), ("पुतिन", "PER"), ("अस्ताना", "LOC")])


def _texts() -> list[str]:
    """Example articles, a few IL-NER dev sentences when the data is there, and edge cases."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))[:6]]
    if DEV.is_file():
        from ghatna.extract import nerdata

        texts += [nerdata.to_text(s)[0] for s in nerdata.read_iob(DEV)[:150]]
    texts += ["नई दिल्ली में नरेंद्र मोदी और व्लादिमीर पुतिन मिले।", "मोदी", "| || |",
              "रूस-कज़ाकिस्तान सीमा पर संयुक्त राष्ट्र", "a|b a | b ||| x|y"]
    return texts


def _sentences(texts: list[str]) -> list[list[str]]:
    """Token lists of the texts' lines, as the stage tokenises them."""
    out = []
    for text in texts:
        for line in text.splitlines():
            words = [line[s:e] for s, e in iter_token_spans(line, split_hyphens=True)]
            if words:
                out.append(words)
    return out


def _weights(featurizer: Featurizer, sentences: list[list[str]], seed: int = 0) -> CrfWeights:
    """Random weights for every attribute the featurizer gives these sentences (and a few unknown ones)."""
    attrs = sorted({a for words in sentences for f in featurizer.sequence(words) for a in f})
    rng = np.random.default_rng(seed)
    keep = [a for a in attrs if rng.random() < 0.9]  # some attributes unknown to the model
    state = np.vstack([rng.normal(size=(len(keep), len(LABELS))), np.zeros((1, len(LABELS)))])
    return CrfWeights(LABELS, {a: i for i, a in enumerate(keep)}, state, rng.normal(size=(len(LABELS),) * 2))


def _reference(weights: CrfWeights, featurizer: Featurizer, words: list[str]) -> np.ndarray:
    """The plain sum of the weights of ``Featurizer.sequence``'s attributes, token by token."""
    return np.array([weights.score(f) for f in featurizer.sequence(words)])


def _check(featurizer: Featurizer, sentences: list[list[str]], max_words: int = 50_000) -> None:
    """Scores of all sentences at once (and after the word cache is reset) equal the reference."""
    weights = _weights(featurizer, sentences)
    scorer = Scorer(weights, featurizer, max_words=max_words)
    for batch in (sentences, sentences[::-1]):
        words = [w for s in batch for w in s]
        rows = scorer.rows(words)
        got = scorer.scores(rows, scorer.folded(rows), [len(s) for s in batch])
        want = np.vstack([_reference(weights, featurizer, s) for s in batch])
        assert got == pytest.approx(want, abs=1e-9)
        assert scorer.folded(rows) == [fold(w) for w in words]


def test_rich_scores_equal_the_sum_over_sequence() -> None:
    _check(Featurizer("rich", GAZETTEER), _sentences(_texts()))


def test_scores_with_memory_word_classes_and_clusters() -> None:
    classes = {fold("मोदी"): "PER:9", fold("में"): "O:9"}
    clusters = {fold("दिल्ली"): "12|3|7", fold("रूस"): "4|4|1"}
    _check(Featurizer("rich", GAZETTEER, MEMORY, classes, clusters), _sentences(_texts()))


def test_plain_scores_equal_the_sum_over_sequence() -> None:
    _check(Featurizer("plain"), _sentences(_texts()))


def test_scores_survive_the_word_cache_starting_afresh() -> None:
    sentences = _sentences(_texts())[:40]
    _check(Featurizer("rich", GAZETTEER), sentences, max_words=30)


def test_bigram_attributes_with_bars_are_found_exactly() -> None:
    # folded words may hold '|', so 'bg-=a|||b' can be cut in more than one place
    sentences = [["a|", "|b"], ["a", "||b"], ["a||", "b"], ["|", "||"], ["||", "|"], ["|", "|", "|"]]
    _check(Featurizer("rich", Gazetteer(())), sentences)


@pytest.mark.parametrize("seed", range(5))
def test_match_names_finds_what_gazetteer_match_finds(seed: int) -> None:
    rng = random.Random(seed)
    vocab = ["नई", "दिल्ली", "नरेंद्र", "मोदी", "संयुक्त", "राष्ट्र", "रूस", "और", "में"]
    folded = [fold(rng.choice(vocab)) for _ in range(60)]
    cuts = sorted(rng.sample(range(1, 60), 8)) + [60]
    ends, start = [], 0
    want: list[tuple[str, ...]] = []
    for end in cuts:
        ends += [end] * (end - start)
        want += GAZETTEER.match(folded[start:end])
        start = end
    got: list[tuple[str, ...]] = [()] * 60
    for i, ln, types in match_names(GAZETTEER, folded, ends):
        got[i] = tuple("B-" + t for t in sorted(types))
        for j in range(i + 1, i + ln):
            got[j] = tuple("I-" + t for t in sorted(types))
    assert got == want
