"""Train the CRF NER model from ../shared/data and (by default) install it in the package.

    python scripts/train_ner.py                       # rich features -> ghatna/resources/models/ner
    python scripts/train_ner.py --features plain --c1 0.1 --c2 0.1 --iterations 100 --ilner-weight 1 \
        --scheme bio --o-bias 0 --begin-bias '' --no-harmonise --out build/ner-baseline   # make ner-baseline
    python scripts/train_ner.py --train-on train --cv 0/3 --out /tmp/cv0   # one fold of a settings comparison

Shipped settings (BIOES labels, c1 0.05, c2 0.6, a -0.2 constant on label O at tagging time) were
chosen on the tune split; the gazetteer's person names and the nasal fold by 3-fold cross-validation
on the training split (``--cv``), never on IL-NER dev or the HiNER held-out part.

Splits come from ``ghatna.extract.nerdata.load_splits`` (IL-NER dev and the HiNER held-out part
are never trained on; ``--train-on train+tune`` adds the tuning part for the final model).
After training, the model is loaded through ``NerTagger.from_disk`` and scored on every split
with ``ghatna.extract.nereval.evaluate`` (the code ``ghatna eval ner`` runs); the scores go to
``scores.json`` next to the model, and the headline ones into ``meta.json``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from ghatna.extract.ner import NerTagger  # noqa: E402
from ghatna.extract.nerdata import (NAME_TYPES, TYPE_MAP_MISC, fold_of, load_splits, to_bioes, to_text,  # noqa: E402
                                    token_tags)
from ghatna.extract.nereval import evaluate  # noqa: E402
from ghatna.extract.nerfeatures import Featurizer, Gazetteer, fold, word_classes_from  # noqa: E402
from ghatna.text.tokenize import iter_token_spans  # noqa: E402

SHIPPED = REPO / "ghatna" / "resources" / "models" / "ner"
GAZETTEER = SHIPPED / "gazetteer.tsv"


CUE_SOURCE = "train-cue"


def gazetteer_lines(path: Path) -> tuple[list[str], list[str]]:
    """The compiled gazetteer TSV's comment lines and header + rows, less cue rows added by training."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head = [ln for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if ln and not ln.startswith("#") and not ln.endswith("\t" + CUE_SOURCE)]
    return head, body


def read_gazetteer(path: Path, extra: list[tuple[str, str]] = ()) -> Gazetteer:
    """Read the compiled gazetteer TSV (header comments, then name<TAB>type), plus ``extra`` entries."""
    _, body = gazetteer_lines(path)
    return Gazetteer([tuple(ln.split("\t")[:2]) for ln in body[1:]] + list(extra))  # type: ignore[misc]


def title_cues(items, min_count: int = 3, min_share: float = 0.3) -> list[tuple[str, str]]:
    """Words that mostly stand right before a person's name in training (श्री, राष्ट्रपति, डॉ.).

    As gazetteer entries of type TITLE, they give the token after them a ``g-1=B-TITLE``
    feature, which pools rare titles the CRF cannot learn one by one. A title written with a
    full stop (``डॉ.``) is two tokens on the stage's tokenizer, so it is a two-token entry.
    """
    before: Counter[tuple[str, ...]] = Counter()
    total: Counter[tuple[str, ...]] = Counter()
    for words, tags, _, _ in items:
        folded = [fold(w) for w in words]
        for i in range(1, len(words)):
            key = (folded[i - 1],) if folded[i - 1] != "." or i < 2 else (folded[i - 2], ".")
            if not any(ch.isalpha() for ch in key[0]):
                continue
            total[key] += 1
            if tags[i] == "B-PER":
                before[key] += 1
    return sorted((" ".join(k).replace(" .", "."), "TITLE") for k, n in before.items()
                  if n >= min_count and n / total[k] >= min_share)


def prepared(sentences):
    """Per sentence: (words, tags, entity surfaces) on the stage's own tokens."""
    out = []
    for sent in sentences:
        text, spans = to_text(sent)
        toks = list(iter_token_spans(text, split_hyphens=True))
        out.append(([text[s:e] for s, e in toks], token_tags(toks, spans),
                    [(text[a:b], t) for a, b, t in spans if t in NAME_TYPES], sent))
    return out


def pool(splits, train_on: str) -> list:
    """Train (+ tune) from one reading of the splits (the same sentences in the same order for every reading)."""
    return list(splits.train) + (list(splits.tune) if train_on == "train+tune" else [])


def training_sentences(splits, train_on: str, cv: tuple[int, int] | None, hiner_weight: int = 1) -> list:
    """The sentences a run trains on: the pool less the cross-validation fold K of N (and HiNER if weighted 0)."""
    return [s for s in pool(splits, train_on) if not (cv and fold_of(s, cv[1]) == cv[0])
            and (hiner_weight or s.source.startswith("ilner"))]


def memory_tables(items):
    """Entity memory and word classes from prepared sentences."""
    names = {(name, t) for _, _, ents, _ in items for name, t in ents}
    return Gazetteer(names), word_classes_from((w, t) for w, t, _, _ in items), names


def write_table(path: Path, header: str, rows, columns: str) -> None:
    """Write a model TSV with provenance lines, a header row and sorted rows."""
    body = "".join("\t".join(r) + "\n" for r in sorted(set(rows)))
    path.write_text(header + columns + "\n" + body, encoding="utf-8")


def domain_copies(xseq, prefix: str):
    """Daume III (2007) augmentation: each attribute as a general copy and a domain copy."""
    return [f + [prefix + a for a in f] for f in xseq]


TABLE_HEADER = ("# source: scripts/train_ner.py from IL-NER Hindi train (CC BY 4.0) and HiNER validation "
                "minus the held-out buckets (CC BY-SA 4.0)\n# license: CC BY-SA 4.0\n# updated: {updated}\n")


def main() -> int:
    """Train, save, score."""
    ap = argparse.ArgumentParser(description="Train the ghatna CRF NER model.")
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"), help="the shared data folder")
    ap.add_argument("--features", choices=("plain", "rich"), default="rich")
    ap.add_argument("--out", default=str(SHIPPED), help="model directory to write")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.6)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--train-on", choices=("train", "train+tune"), default="train+tune")
    ap.add_argument("--no-gazetteer", action="store_true", help="rich features without gazetteer")
    ap.add_argument("--hiner-weight", type=int, default=1, help="0 drops HiNER from training")
    ap.add_argument("--clusters", action="store_true", help="add word2vec k-means cluster features")
    ap.add_argument("--window", type=int, default=2, choices=range(1, 6), metavar="1..5",
                    help="words either side whose form is a feature")
    ap.add_argument("--acronyms", action="store_true", help="mark Devanagari words that spell Latin letters")
    ap.add_argument("--word-table", help="TSV word<TAB>classes: per-word class features (as --clusters)")
    ap.add_argument("--memory", action="store_true",
                    help="add jackknifed entity-memory and word-class features (tried; not shipped)")
    ap.add_argument("--folds", type=int, default=5, help="jackknife folds for the memory features")
    ap.add_argument("--updated", default="2026-11-22", help="date written into the model tables")
    ap.add_argument("--ilner-weight", type=int, default=3,
                    help="repeat IL-NER training sentences this many times (news domain weighting)")
    ap.add_argument("--title-cues", action="store_true",
                    help="add words that mostly precede names in training to the gazetteer as TITLE")
    ap.add_argument("--misc", action="store_true",
                    help="train the unmodelled types (IL-NER NEAR, HiNER MISC, LANGUAGE …) as a MISC class "
                         "that the stage reads as O")
    ap.add_argument("--o-bias", type=float, default=-0.2,
                    help="constant added at tagging time to label O's score at every token (meta.json o_bias; "
                         "negative: more names), chosen on the tune split with scripts/ner_poe.py")
    ap.add_argument("--gazetteer", default=str(GAZETTEER),
                    help="compiled gazetteer TSV the rich features read (default: the shipped one)")
    ap.add_argument("--scheme", choices=("bio", "bioes"), default="bioes",
                    help="label scheme the CRF is trained on (the stage decodes both)")
    ap.add_argument("--domain-features", action="store_true",
                    help="train general + per-corpus copies of every feature (il:f on IL-NER, hi:f on HiNER); "
                         "the export folds the il: copies into the general weights")
    ap.add_argument("--cv", metavar="K/N",
                    help="cross-validation: train on the train split less fold K of N and score that fold only")
    ap.add_argument("--harmonise", action=argparse.BooleanOptionalAction, default=True,
                    help="relabel IL-NER training names to their majority reading in IL-NER (scripts/ner_harmonise.py; "
                         "chosen by 3-fold cross-validation: mean IL-NER F1 0.7575 against 0.7533)")
    ap.add_argument("--harmonise-share", type=float, default=0.75,
                    help="the share of its occurrences a reading needs to become a name's majority reading")
    ap.add_argument("--harmonise-hiner", action="store_true",
                    help="also relabel HiNER sentences to IL-NER's majority readings (tried; see docs/benchmarks.md)")
    ap.add_argument("--begin-bias", default="PER=0.4,LOC=-0.4",
                    help="tagging-time constants on the labels that begin a name, TYPE=VALUE,… (meta.json "
                         "begin_bias; chosen by 3-fold cross-validation on the training split; '' for none)")
    args = ap.parse_args()

    import pycrfsuite

    begin_bias = {k.strip(): float(v) for k, v in (kv.split("=") for kv in args.begin_bias.split(",") if kv.strip())}
    splits = load_splits(args.data)
    misc_splits = load_splits(args.data, TYPE_MAP_MISC) if args.misc or args.harmonise else None
    source = misc_splits if args.misc else splits
    cv = tuple(int(x) for x in args.cv.split("/")) if args.cv else None
    if cv and not 0 <= cv[0] < cv[1]:
        ap.error("--cv K/N needs 0 <= K < N")

    def training(sp):
        """This run's training sentences, in one reading of the splits."""
        return training_sentences(sp, args.train_on, cv, args.hiner_weight)

    train = training(source)
    gaz = read_gazetteer(Path(args.gazetteer)) if args.features == "rich" and not args.no_gazetteer else None
    options = {"window": args.window, "acronyms": args.acronyms}
    featurizer = Featurizer(args.features, gaz, **options)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    cv_fold = None
    if cv:  # scored on the standard reading of its labels
        cv_fold = [s for s in pool(splits, args.train_on) if fold_of(s, cv[1]) == cv[0]]
    if not args.harmonise:
        items = prepared(train)
    else:
        from ner_harmonise import harmonised
        items, changed, changed_other = harmonised(
            prepared(training(misc_splits)), share=args.harmonise_share, hiner=args.harmonise_hiner,
            keep_misc=args.misc)
        if args.harmonise_hiner:
            print(f"HiNER labels moved to IL-NER's readings: {dict(changed_other.most_common())}", file=sys.stderr)
        print(f"harmonised IL-NER labels: {dict(changed.most_common())}", file=sys.stderr)
    cues = title_cues(items) if args.title_cues and gaz is not None else []
    if cues:
        gaz = read_gazetteer(Path(args.gazetteer), cues)
        featurizer = Featurizer(args.features, gaz, **options)
    use_memory = args.features == "rich" and args.memory
    clusters = None
    if args.clusters and args.features == "rich":
        from ner_clusters import word_clusters
        clusters = word_clusters([fold(w) for w in words] for words, _, _, _ in items)
        featurizer = Featurizer("rich", gaz, None, None, clusters, **options)
    if args.word_table and args.features == "rich":
        rows = Path(args.word_table).read_text(encoding="utf-8").splitlines()[1:]
        clusters = dict(ln.split("\t")[:2] for ln in rows if ln and not ln.startswith("#"))
        featurizer = Featurizer("rich", gaz, None, None, clusters, **options)
    ntok = 0
    for k in range(args.folds if use_memory else 1):
        fold_items = [it for it in items if not use_memory or fold_of(it[3], args.folds) == k]
        if use_memory:  # jackknife: memory from the other folds only
            mem, wc, _ = memory_tables([it for it in items if fold_of(it[3], args.folds) != k])
            featurizer = Featurizer("rich", gaz, mem, wc, clusters, **options)
        for words, tags, _, sent in fold_items:
            if args.scheme == "bioes":
                tags = to_bioes(tags)
            xseq = featurizer.sequence(words)
            if args.domain_features:
                xseq = domain_copies(xseq, "il:" if sent.source.startswith("ilner") else "hi:")
            for _ in range(args.ilner_weight if sent.source.startswith("ilner") else 1):
                trainer.append(xseq, tags)
                ntok += len(tags)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    t1 = time.time()
    tmp_model = out / "model.crfsuite.tmp"
    trainer.train(str(tmp_model))
    tmp_model.replace(out / "model.crfsuite")
    t2 = time.time()
    tables = []
    if gaz is not None:
        tables.append("gazetteer")
        head, body = gazetteer_lines(Path(args.gazetteer))
        rows = body + [f"{name}\t{etype}\t{CUE_SOURCE}" for name, etype in cues]
        (out / "gazetteer.tsv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    if use_memory:
        _, wc, names = memory_tables(items)
        header = TABLE_HEADER.format(updated=args.updated)
        write_table(out / "memory.tsv", header, names, "name\ttype")
        write_table(out / "wordclasses.tsv", header, wc.items(), "word\tclass")
        tables += ["memory", "wordclasses"]
    if clusters:
        write_table(out / "clusters.tsv", TABLE_HEADER.format(updated=args.updated), clusters.items(), "word\tclusters")
        tables.append("clusters")
    meta = {
        "name": "ghatna-ner-crf", "version": 1, "features": args.features,
        "tables": tables, "labels": [], "repairs": args.features == "rich",
        **({"fold_domain": "il:"} if args.domain_features else {}),
        **({"o_bias": args.o_bias} if args.o_bias else {}),
        **({"window": args.window} if args.window != 2 else {}),
        **({"acronyms": True} if args.acronyms else {}),
        **({"begin_bias": begin_bias} if begin_bias else {}),
        "training": {"sentences": len(train), "tokens": ntok, "c1": args.c1, "c2": args.c2,
                     "iterations": args.iterations, "train_on": args.train_on,
                     "ilner_weight": args.ilner_weight, "hiner_weight": args.hiner_weight, "domain_features": args.domain_features,
                     "scheme": args.scheme, "title_cues": len(cues), "misc": args.misc,
                     "harmonise": args.harmonise,
                     "data": ["IL-NER Hindi train (CC BY 4.0)", "HiNER validation minus held-out buckets (CC BY-SA 4.0)"],
                     "featurize_s": round(t1 - t0, 1), "train_s": round(t2 - t1, 1)},
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    tagger = NerTagger.from_disk(out)
    meta["labels"] = sorted(tagger.labels)
    scores = {}
    parts = {"tune_ilner": [s for s in splits.tune if s.source.startswith("ilner")],
             "tune_hiner": [s for s in splits.tune if s.source.startswith("hiner")]}
    names = ["ilner_dev", "ilner_dev_unseen", "hiner_heldout"]
    if args.train_on == "train":  # the tune part is only a fair test when it was not trained on
        names = ["tune_ilner", "tune_hiner", *names]
    if cv_fold is not None:  # model selection by cross-validation: score the held fold only
        parts = {"cv_ilner": [s for s in cv_fold if s.source.startswith("ilner")],
                 "cv_hiner": [s for s in cv_fold if s.source.startswith("hiner")]}
        names = list(parts)
    for name in names:
        scores[name] = evaluate(tagger, parts.get(name) or getattr(splits, name))
        print(f"{name:18s} micro={scores[name]['micro']} "
              + " ".join(f"{t}={v['f1']}" for t, v in scores[name]["per_type"].items()), file=sys.stderr)
    meta["scores"] = {k: {"micro_f1": v["micro"]["f1"], "sentences": v["sentences"]} for k, v in scores.items()}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    size = (out / "model.crfsuite").stat().st_size
    print(f"trained on {len(train)} sentences / {ntok} tokens in {t2 - t1:.0f}s; model {size / 1e6:.1f} MB",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
