"""The convolutional NER expert: numpy inference against the trained model's own numbers, and its parts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ghatna.errors import ResourceError
from ghatna.extract.ner import NerTagger
from ghatna.extract.nercnn import ConvExpert, _conv
from ghatna.extract.nerfeatures import Gazetteer, fold
from ghatna.resources import loader

SHIPPED = "models/ner"


@pytest.fixture(scope="module")
def shipped() -> NerTagger:
    return NerTagger.from_disk()


def test_shipped_model_has_the_expert_at_its_weight(shipped: NerTagger) -> None:
    assert shipped.expert is not None
    assert shipped.expert_weight == shipped.meta["cnn"]["lam"] > 0
    alone = NerTagger.from_disk(expert=False)
    assert alone.expert is None
    text = "भारत और कज़ाकिस्तान के नेता समरकंद में मिले।"
    words = text.split()
    rows = alone.scorer.rows(words)
    crf = alone._state_scores(words, rows, alone.scorer.folded(rows), [len(words)])
    both = shipped._state_scores(words, shipped.scorer.rows(words), alone.scorer.folded(rows), [len(words)])
    assert not np.allclose(crf, both)  # the expert changes the scores the CRF decodes


def test_numpy_expert_gives_the_log_probabilities_pytorch_gave_at_training(shipped: NerTagger) -> None:
    with np.load(loader.resource_path(f"{SHIPPED}/cnn.npz")) as z:
        words = z["ref_words"].tolist()
        want = z["ref_log_probs"]
        order = [z["labels"].tolist().index(lab) for lab in shipped.weights.labels]
        lengths = z["ref_lengths"].tolist()
    shipped.clear_caches()
    got = shipped.expert.log_probs(words, [fold(w) for w in words], lengths)
    assert got.shape == (len(words), len(shipped.weights.labels))
    np.testing.assert_allclose(got, want[:, order], atol=1e-4)
    # cached word vectors give the same numbers
    np.testing.assert_allclose(shipped.expert.log_probs(words, [fold(w) for w in words], lengths), got, atol=1e-6)


def _conv_by_loop(x: np.ndarray, w: np.ndarray, b: np.ndarray, lengths: list[int], d: int) -> np.ndarray:
    """The plain reference: each sentence zero-padded, three taps per output word."""
    out = b.shape[0]
    taps = [w[:, k * out:(k + 1) * out] for k in range(3)]
    rows, at = [], 0
    for n in lengths:
        s = x[at:at + n]
        for t in range(n):
            h = b + s[t] @ taps[1]
            if t - d >= 0:
                h = h + s[t - d] @ taps[0]
            if t + d < n:
                h = h + s[t + d] @ taps[2]
            rows.append(np.maximum(h, 0.0))
        at += n
    return np.array(rows)


@pytest.mark.parametrize("dilation", [1, 2])
@pytest.mark.parametrize("lengths", [[1], [2, 1, 5], [3, 3], [7]])
def test_convolution_stops_at_sentence_edges(dilation: int, lengths: list[int]) -> None:
    rng = np.random.default_rng(7)
    n = sum(lengths)
    x = rng.normal(size=(n, 5))
    w = rng.normal(size=(5, 12))
    b = rng.normal(size=4)
    lens = np.array(lengths)
    pos = np.arange(n) - np.repeat(np.cumsum(lens) - lens, lens)
    right = np.repeat(lens, lens) - pos - 1
    np.testing.assert_allclose(_conv(x, w, b, pos, right, dilation), _conv_by_loop(x, w, b, lengths, dilation),
                               atol=1e-10)


def test_a_sentence_is_tagged_alike_alone_and_among_others(shipped: NerTagger) -> None:
    a = "रूसी विदेश मंत्री सर्गेई लावरोव ने कहा".split()
    b = "कज़ाकिस्तान के राष्ट्रपति टोकाएव समरकंद पहुंचे".split()
    alone = shipped.expert.log_probs(b, [fold(w) for w in b], [len(b)])
    together = shipped.expert.log_probs(a + b, [fold(w) for w in a + b], [len(a), len(b)])
    np.testing.assert_allclose(together[len(a):], alone, atol=1e-5)
    np.testing.assert_allclose(np.exp(alone).sum(axis=1), 1.0, atol=1e-5)


def test_an_unreadable_expert_file_is_a_resource_error(tmp_path: Path) -> None:
    bad = tmp_path / "cnn.npz"
    bad.write_bytes(b"not a numpy archive")
    with pytest.raises(ResourceError) as err:
        ConvExpert.from_file(bad, ["O"], Gazetteer(()))
    assert err.value.code == "E300"


def test_an_expert_trained_on_other_labels_is_refused(tmp_path: Path) -> None:
    with np.load(loader.resource_path(f"{SHIPPED}/cnn.npz")) as z:
        arrays = {k: z[k] for k in z.files}
    path = tmp_path / "cnn.npz"
    np.savez(path, **arrays)
    with pytest.raises(ResourceError):
        ConvExpert.from_file(path, ["O", "B-PER", "I-PER"], Gazetteer(()))


def test_gazetteer_tags_at_tagging_time_are_the_ones_training_read(shipped: NerTagger) -> None:
    """Training encodes ``Gazetteer.match`` per sentence; the stage passes the scorer's matches."""
    expert = shipped.expert
    words_all, lengths = [], []
    text = ("शंघाई सहयोग संगठन की बैठक समरकंद में हुई। भारत और कज़ाकिस्तान के नेता नई दिल्ली में मिले। "
            "रूसी संघ के राष्ट्रपति ने संयुक्त राष्ट्र महासभा में कहा। उज़्बेकिस्तान")
    for sentence in text.split("।"):
        words = sentence.split()
        if words:
            words_all += words
            lengths.append(len(words))
    shipped.clear_caches()
    rows = shipped.scorer.rows(words_all)
    folded = shipped.scorer.folded(rows)
    ends = np.repeat(np.cumsum(lengths), lengths).tolist()
    matches = shipped.scorer.match(shipped.gazetteer, rows, folded, ends)
    assert len(matches) >= 4  # the test needs names the gazetteer knows
    want = np.zeros((len(words_all), len(expert.gtags)), dtype=np.float32)
    at = 0
    for n in lengths:  # what scripts/train_ner_cnn.py's Encoder.encode computes
        for i, tags in enumerate(shipped.gazetteer.match(folded[at:at + n]), at):
            for t in tags:
                if t in expert.gtags:
                    want[i, expert.gtags[t]] = 1.0
        at += n
    np.testing.assert_array_equal(expert._gaz(len(words_all), matches), want)


def test_a_word_that_folds_to_nothing_reads_the_unknown_row(shipped: NerTagger) -> None:
    expert = shipped.expert
    assert fold("\u200d") == "" and "" not in expert.words
    vector = expert._word_vectors(["\u200d"], [""])[0]
    np.testing.assert_array_equal(vector[:expert.wemb.shape[1]], expert.wemb[1])


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped"])
def test_a_damaged_expert_file_is_a_resource_error(tmp_path: Path, damage: str) -> None:
    good = loader.resource_path(f"{SHIPPED}/cnn.npz").read_bytes()
    bad = {"empty": b"", "truncated": good[:len(good) // 2],
           "flipped": good[:len(good) // 2] + bytes([good[len(good) // 2] ^ 0xFF]) + good[len(good) // 2 + 1:]}[damage]
    path = tmp_path / "cnn.npz"
    path.write_bytes(bad)
    with pytest.raises(ResourceError) as err:
        ConvExpert.from_file(path, NerTagger.from_disk().weights.labels, Gazetteer(()))
    assert err.value.code == "E300"


def test_arrays_that_do_not_fit_together_are_refused(tmp_path: Path, shipped: NerTagger) -> None:
    with np.load(loader.resource_path(f"{SHIPPED}/cnn.npz")) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["conv2_w"] = arrays["conv2_w"][:, :-1]  # one input channel short
    path = tmp_path / "cnn.npz"
    np.savez(path, **arrays)
    with pytest.raises(ResourceError):
        ConvExpert.from_file(path, shipped.weights.labels, Gazetteer(()))
