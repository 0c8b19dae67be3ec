"""Score CRF NER models through the whole stage with numpy potentials: folds, O-bias, products of experts.

    python scripts/ner_poe.py /tmp/ner/a [/tmp/ner/b ...] [--o-bias -0.5,0,0.5] [--splits tune_ilner,ilner_dev]

Each model is read with ``CrfWeights.from_crfsuite`` (a model trained with domain copies,
``meta.json`` ``fold_domain``, has its news copies folded in). Several models that share a feature
set are combined by summing their weights (a product of experts: the sum of their state and
transition scores). ``--o-bias`` adds a constant to the weight of the bias attribute for label
``O`` (negative: more names). The stage is the first model's ``NerTagger`` with the combined
weights, so the scores are those ``ghatna eval ner`` gives a model directory holding them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ghatna.extract.crf import CrfWeights  # noqa: E402
from ghatna.extract.ner import NerTagger, apply_tagging_constants  # noqa: E402
from ghatna.extract.nerdata import MODEL_TYPES, load_splits  # noqa: E402
from ghatna.extract.nereval import evaluate  # noqa: E402
from ghatna.extract.nerscore import Scorer  # noqa: E402


DOT_RULE = False


def merged(experts: list[tuple[CrfWeights, float]], o_bias: float = 0.0) -> CrfWeights:
    """One weight table scoring like the scaled sum of several models over the same labels.

    ``o_bias`` goes on the bias attribute ``b`` (on every token) for label ``O``, so it costs
    nothing at run time either.
    """
    labels = experts[0][0].labels
    attrs: dict[str, int] = {}
    for w, _ in experts:
        if w.labels != labels:
            raise ValueError("experts must share their label order")
        for a in w.index:
            attrs.setdefault(a, len(attrs))
    state = np.zeros((len(attrs) + 1, len(labels)))
    trans = np.zeros((len(labels), len(labels)))
    for w, scale in experts:
        names = list(w.index)
        state[[attrs[a] for a in names]] += scale * w.state[[w.index[a] for a in names]]
        trans += scale * w.transitions
    state[attrs["b"], labels.index("O")] += o_bias
    return CrfWeights(labels, attrs, state, trans)


def read_lenient_bioes(stage: NerTagger) -> None:
    """Let the stage decode BIOES labels too (S- opens like B-, E- continues like I-), and read
    the labels of types it does not emit (MISC) as O."""
    labels = stage.weights.labels
    names = sorted({lab[2:] for lab in labels if lab[2:] in MODEL_TYPES})
    stage._type_names = names
    stage._label_kinds = (np.array([names.index(lab[2:]) if lab[2:] in names else -1 for lab in labels]),
                          np.array([lab[:2] in ("I-", "E-") for lab in labels]))


def chunk_dots_like_segment(stage: NerTagger) -> None:
    """Make the stage cut runs at a full stop only where ``text.segment`` ends a sentence.

    (Not at the dot of ``डॉ.`` or of the initial in ``एस. जयशंकर``: training never cut there.)
    """
    from ghatna.text import segment

    original = stage._chunks

    def chunks(text, spans, words):
        keep = []
        for i, w in enumerate(words):
            if w == ".":
                s = spans[i][0]
                a = text.rfind("\n", 0, s) + 1
                b = text.find("\n", s)
                line = text[a:b if b >= 0 else len(text)]
                if not segment._dot_ends_sentence(line, s - a):
                    keep.append(i)
        if not keep:
            return original(text, spans, words)
        masked = list(words)
        for i in keep:
            masked[i] = ".."  # not a sentence end for the chunker; the word itself is scored from ``rows``
        return original(text, spans, masked)

    stage._chunks = chunks


def build(paths: list[Path], scales: list[float], o_bias: float, fold_scale: float = 1.0) -> NerTagger:
    """The stage of the first model with its weights replaced by the scaled sum of all the models'.

    The models must share the first one's feature set and tables. ``fold_scale`` multiplies the
    news copies folded into a domain-adapted model (0: general weights only).
    """
    stage = NerTagger.from_disk(paths[0])
    experts = []
    begin: dict[str, float] = {}
    for path, scale in zip(paths, scales):
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        prefix = meta.get("fold_domain", "")
        o_bias += scale * meta.get("o_bias", 0.0)  # a model's own offsets (meta.json), as the stage applies them
        for etype, delta in meta.get("begin_bias", {}).items():
            begin[etype] = begin.get(etype, 0.0) + scale * delta
        w = CrfWeights.from_crfsuite(path / "model.crfsuite", prefix)
        if prefix and fold_scale != 1.0:
            general = CrfWeights.from_crfsuite(path / "model.crfsuite", "none:")  # drops every copy
            experts.append((general, scale * (1 - fold_scale)))
            scale *= fold_scale
        experts.append((w, scale))
    stage.weights = merged(experts, o_bias)
    apply_tagging_constants(stage.weights, {"begin_bias": begin})
    stage.scorer = Scorer(stage.weights, stage.featurizer)
    read_lenient_bioes(stage)
    if DOT_RULE:
        chunk_dots_like_segment(stage)
    return stage


def main() -> int:
    """Score the combinations asked for on the splits asked for."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="+")
    ap.add_argument("--scales", default="", help="comma-separated weight per model (default 1 each)")
    ap.add_argument("--o-bias", default="0", help="comma-separated O-label score offsets to try")
    ap.add_argument("--fold-scale", default="1", help="comma-separated multipliers of the folded domain copies")
    ap.add_argument("--dot-rule", action="store_true", help="cut runs at a dot only where text.segment would")
    ap.add_argument("--splits", default="tune_ilner,ilner_dev,ilner_dev_unseen,hiner_heldout")
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--json", default="", help="append results as JSON lines to this file")
    args = ap.parse_args()
    global DOT_RULE
    DOT_RULE = args.dot_rule
    paths = [Path(p) for p in args.models]
    scales = [float(x) for x in args.scales.split(",")] if args.scales else [1.0] * len(paths)
    splits = load_splits(args.data)
    parts = {"tune_ilner": [s for s in splits.tune if s.source.startswith("ilner")],
             "tune_hiner": [s for s in splits.tune if s.source.startswith("hiner")]}
    for fs in (float(x) for x in args.fold_scale.split(",")):
        for bias in (float(x) for x in args.o_bias.split(",")):
            stage = build(paths, scales, bias, fs)
            score(stage, args, splits, parts, {"dot_rule": args.dot_rule, "models": args.models, "scales": scales, "fold_scale": fs, "o_bias": bias})
    return 0


def score(stage: NerTagger, args, splits, parts, row: dict) -> None:
    """Score one configuration on the splits asked for; print (and append) a JSON row."""
    for name in args.splits.split(","):
        r = evaluate(stage, parts.get(name) or getattr(splits, name))
        row[name] = r["micro"]["f1"]
        row[name + "_per_type"] = {t: v["f1"] for t, v in r["per_type"].items()}
    print(json.dumps({k: v for k, v in row.items() if not k.endswith("_per_type")}), flush=True)
    if args.json:
        with open(args.json, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
