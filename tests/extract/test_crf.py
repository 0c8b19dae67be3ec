"""Numpy CRF inference: the CRFsuite model reader and the batched decoder agree with CRFsuite itself.

python-crfsuite stays the trainer and is the reference here: small models are trained in the test
(a second or less), and the shipped model is compared on the team's examples and IL-NER dev
sentences (when ``../shared/data`` is there): the same tags, marginals within 1e-4.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from ghatna.extract import crf
from ghatna.extract.crf import CrfWeights, decode
from ghatna.extract.ner import NerTagger, apply_tagging_constants
from ghatna.text.tokenize import iter_token_spans

pycrfsuite = pytest.importorskip("pycrfsuite")

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "data" / "il-ner-hindi" / "Hindi-dev.txt"


def _synthetic(rng: random.Random, n: int, domains: bool = False) -> list[tuple[list[list[str]], list[str]]]:
    """Sequences of attribute lists with labels that depend on them (and on the previous label)."""
    words = ["राम", "ने", "दिल्ली", "कहा", "a|b", "|", "x:y", "श्याम", "में", "10:30"]
    out = []
    for _ in range(n):
        length = rng.randint(1, 9)
        ws = [rng.choice(words) for _ in range(length)]
        tags = []
        for i, w in enumerate(ws):
            if w in ("राम", "श्याम"):
                tags.append("I-PER" if tags and tags[-1] in ("B-PER", "I-PER") else "B-PER")
            elif w == "दिल्ली":
                tags.append("B-LOC")
            else:
                tags.append("O")
        xseq = [["b", "w=" + w, "s1=" + w[-1:], f"bg-={ws[i - 1] if i else 'BOS'}|{w}"] for i, w in enumerate(ws)]
        if domains:  # general + per-domain copies, as scripts/train_ner.py --domain-features writes them
            prefix = rng.choice(["il:", "hi:"])
            xseq = [f + [prefix + a for a in f] for f in xseq]
        out.append((xseq, tags))
    return out


def _train(path: Path, data: list[tuple[list[list[str]], list[str]]]) -> Path:
    """Train a small CRFsuite model (python-crfsuite, as scripts/train_ner.py does)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, tags in data:
        trainer.append(xseq, tags)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    trainer.train(str(path))
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _train(tmp_path_factory.mktemp("crf") / "tiny.crfsuite", _synthetic(random.Random(1), 200))


def _reference(model: Path, xseq: list[list[str]]) -> tuple[list[str], list[float]]:
    """CRFsuite's tags and the marginal of each chosen tag."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    tags = tagger.tag(xseq)
    return tags, [tagger.marginal(t, i) for i, t in enumerate(tags)]


def test_read_crfsuite_matches_the_dump_of_pycrfsuite(tiny: Path) -> None:
    labels, attrs, feats, trans = crf.read_crfsuite(tiny)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tiny))
    info = tagger.info()  # a text dump with six decimals
    assert set(labels) == set(tagger.labels())
    assert {(attrs[f["src"]], labels[f["dst"]]): f["weight"] for f in feats} == pytest.approx(info.state_features, abs=1e-6)
    assert {(labels[i], labels[j]): trans[i, j] for i in range(len(labels)) for j in range(len(labels))
            if (labels[i], labels[j]) in info.transitions} == pytest.approx(info.transitions, abs=1e-6)
    assert "w=राम" in attrs and "w=a|b" in attrs  # UTF-8 and odd characters come back whole


def test_read_crfsuite_rejects_another_file(tmp_path: Path) -> None:
    bad = tmp_path / "model.crfsuite"
    bad.write_bytes(b"not a model at all, just some bytes" * 4)
    with pytest.raises(ValueError):
        crf.read_crfsuite(bad)


def test_decode_matches_crfsuite_on_a_trained_model(tiny: Path) -> None:
    weights = CrfWeights.from_crfsuite(tiny)
    data = _synthetic(random.Random(2), 60)
    scores = [np.array([weights.score(f) for f in xseq]) for xseq, _ in data]
    labels, marg = decode(np.vstack(scores), [len(s) for s in scores], weights.transitions)
    start = 0
    for xseq, _ in data:
        tags, ref = _reference(tiny, xseq)
        n = len(xseq)
        assert [weights.labels[i] for i in labels[start:start + n]] == tags
        assert marg[start:start + n] == pytest.approx(ref, abs=1e-9)
        start += n


def test_decode_of_a_batch_equals_decode_of_each_sentence() -> None:
    rng = np.random.default_rng(3)
    trans = rng.normal(size=(5, 5))
    lengths = [7, 1, 12, 3, 12, 2, 1]
    scores = rng.normal(scale=3.0, size=(sum(lengths), 5))
    labels, marg = decode(scores, lengths, trans)
    start = 0
    for n in lengths:
        one_labels, one_marg = decode(scores[start:start + n], [n], trans)
        assert labels[start:start + n].tolist() == one_labels.tolist()
        assert marg[start:start + n] == pytest.approx(one_marg, abs=1e-12)
        start += n


def test_decode_equals_brute_force_on_short_sentences() -> None:
    rng = np.random.default_rng(4)
    trans = rng.normal(size=(3, 3))
    for n in (1, 2, 3, 4):
        x = rng.normal(size=(n, 3))
        paths = [np.array(p) for p in np.ndindex(*(3,) * n)]
        score = [x[np.arange(n), p].sum() + trans[p[:-1], p[1:]].sum() for p in paths]
        best = paths[int(np.argmax(score))]
        probs = np.exp(np.array(score) - max(score))
        probs /= probs.sum()
        labels, marg = decode(x, [n], trans)
        assert labels.tolist() == best.tolist()
        expected = [sum(pr for p, pr in zip(paths, probs) if p[i] == best[i]) for i in range(n)]
        assert marg == pytest.approx(expected, abs=1e-12)


def test_decode_ties_go_to_the_lower_label_and_empty_input_is_fine() -> None:
    labels, marg = decode(np.zeros((4, 3)), [3, 1], np.zeros((3, 3)))
    assert labels.tolist() == [0, 0, 0, 0]
    assert marg == pytest.approx([1 / 3] * 4)
    labels, marg = decode(np.zeros((0, 3)), [], np.zeros((3, 3)))
    assert labels.size == 0 and marg.size == 0


def test_folding_a_domain_scores_general_plus_domain_copy(tmp_path: Path) -> None:
    model = _train(tmp_path / "domains.crfsuite", _synthetic(random.Random(5), 300, domains=True))
    weights = CrfWeights.from_crfsuite(model, fold_prefix="il:")
    assert not any(a.startswith(("il:", "hi:")) for a in weights.index)
    for xseq, _ in _synthetic(random.Random(6), 30):
        tags, ref = _reference(model, [f + ["il:" + a for a in f] for f in xseq])
        labels, marg = decode(np.array([weights.score(f) for f in xseq]), [len(xseq)], weights.transitions)
        assert [weights.labels[i] for i in labels] == tags
        assert marg == pytest.approx(ref, abs=1e-9)


# --- the shipped model ---------------------------------------------------------------------------

def _sentences() -> list[list[str]]:
    """Token lists the stage would tag: the team's example articles and some IL-NER dev sentences."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))]
    if DEV.is_file():
        from ghatna.extract import nerdata

        texts += [nerdata.to_text(s)[0] for s in nerdata.read_iob(DEV)[:400]]
    out = []
    for text in texts:
        for line in text.splitlines():
            words = [line[s:e] for s, e in iter_token_spans(line, split_hyphens=True)]
            if words:
                out.append(words[:150])
    return out


def test_shipped_model_tags_as_crfsuite_does() -> None:
    from ghatna.resources import loader

    meta = json.loads(loader.read_text("models/ner/meta.json"))
    prefix = meta.get("fold_domain", "")
    # CRFsuite knows nothing of the tagging-time constants (meta o_bias, begin_bias): compare without them
    shipped = NerTagger.from_disk(expert=False)  # CRFsuite knows nothing of the convolutional expert either
    apply_tagging_constants(shipped.weights, meta, sign=-1.0)
    shipped.clear_caches()
    reference = pycrfsuite.Tagger()
    reference.open(str(loader.resource_path("models/ner/model.crfsuite")))
    sentences = _sentences()
    assert len(sentences) > 300
    rows = [shipped.scorer.rows(w) for w in sentences]
    flat = np.concatenate(rows)
    lengths = [len(w) for w in sentences]
    scores = shipped.scorer.scores(flat, shipped.scorer.folded(flat), lengths)
    labels, marg = decode(scores, lengths, shipped.weights.transitions)
    start, worst = 0, 0.0
    for words in sentences:
        xseq = shipped.featurizer.sequence(words)
        if prefix:
            xseq = [f + [prefix + a for a in f] for f in xseq]
        tags = reference.tag(xseq)
        n = len(words)
        assert [shipped.weights.labels[i] for i in labels[start:start + n]] == tags, words
        assert shipped.tag_words(words) == tags
        ref = [reference.marginal(t, i) for i, t in enumerate(tags)]
        worst = max(worst, float(np.abs(marg[start:start + n] - ref).max()))
        start += n
    assert worst < 1e-4
