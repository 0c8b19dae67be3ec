"""Score tagging-time constants on cross-validation models without retraining them.

The O constant and the name-beginning constants (``meta.json`` ``o_bias``, ``begin_bias``) are
added to the CRF's bias weights when the stage loads a model, so a sweep only re-scores. Train the
fold models first, then sweep:

    python scripts/train_ner.py --train-on train --cv 0/3 --out /tmp/cv/H.0     # likewise 1/3, 2/3
    python scripts/ner_bias_sweep.py --models '/tmp/cv/H.{k}' --folds 3 \\
        --setting 'PER=0,LOC=0' --setting 'PER=0.4,LOC=-0.4' [--o-bias -0.2] [--lam 0.25]

Each ``--setting`` replaces the models' own ``begin_bias``; every fold's IL-NER sentences are scored
(micro F1 over PER/LOC/ORG), as ``train_ner.py --cv`` scores them. ``--lam`` sets the weight of the
convolutional expert (``train_ner_cnn.py --cv``) for every setting. Never run on dev or held-out data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ghatna.extract.ner import NerTagger, apply_tagging_constants  # noqa: E402
from ghatna.extract.nerdata import fold_of, load_splits  # noqa: E402
from ghatna.extract.nereval import evaluate  # noqa: E402


def parse_setting(text: str) -> dict[str, float]:
    """``PER=0.4,LOC=-0.4`` -> {"PER": 0.4, "LOC": -0.4}."""
    return {k.strip(): float(v) for k, v in (kv.split("=") for kv in text.split(",") if kv.strip())}


def main() -> int:
    """Score every setting on every fold and print the means."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--models", required=True, help="model directory pattern with {k} for the fold")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--setting", action="append", required=True, help="begin_bias as TYPE=VALUE,…")
    ap.add_argument("--o-bias", type=float, help="O constant for every setting (default: each model's own)")
    ap.add_argument("--lam", type=float, help="weight of the convolutional expert (default: each model's own)")
    args = ap.parse_args()
    settings = [parse_setting(s) for s in args.setting]
    train = load_splits(args.data).train
    scores: list[list[float]] = [[] for _ in settings]
    for k in range(args.folds):
        tagger = NerTagger.from_disk(args.models.format(k=k))
        if args.lam is not None:
            tagger.expert_weight = args.lam
        own = {"o_bias": tagger.meta.get("o_bias", 0.0), "begin_bias": tagger.meta.get("begin_bias", {})}
        apply_tagging_constants(tagger.weights, own, sign=-1.0)  # back to the trained weights
        sentences = [s for s in train if fold_of(s, args.folds) == k and s.source.startswith("ilner")]
        for n, setting in enumerate(settings):
            constants = {"o_bias": own["o_bias"] if args.o_bias is None else args.o_bias, "begin_bias": setting}
            apply_tagging_constants(tagger.weights, constants)
            tagger.clear_caches()
            scores[n].append(evaluate(tagger, sentences)["micro"]["f1"])
            apply_tagging_constants(tagger.weights, constants, sign=-1.0)
    for setting, fold_scores in zip(args.setting, scores):
        mean = sum(fold_scores) / len(fold_scores)
        print(f"{setting:24s} mean {mean:.4f}  folds " + " ".join(f"{f:.4f}" for f in fold_scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
