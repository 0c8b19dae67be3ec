"""Train the convolutional expert of the NER stage (PyTorch, CPU) into a CRF model directory.

    python scripts/train_ner_cnn.py                                  # the shipped model (after train_ner.py)
    python scripts/train_ner_cnn.py --model /tmp/cv/B.0 --cv 0/3     # one cross-validation fold

It trains on the sentences the CRF in ``--model`` was trained on (its ``meta.json`` says which;
give the ``--cv`` it was trained with), writes ``cnn.npz`` beside the CRF, sets ``meta.json`` ``cnn`` (file,
weight ``lam``), and scores the stage, which runs the expert with numpy (``ghatna.extract.nercnn``),
for each ``--lams`` weight on the held fold's IL-NER sentences (``--cv``) or on IL-NER dev and the
HiNER held-out part. The weight shipped (0.25) was chosen by 3-fold cross-validation on train.

Each token is its spelling-folded word (an embedding; rare words share an unknown row, and a word
is dropped to it at random while training so the row learns what an unseen word looks like), a
character CNN over the word, and the gazetteer tags the CRF features read (``Gazetteer.match``).
Two convolution layers (width 3, the second dilated) see three words either side; a linear layer
gives per-label scores over the CRF's BIOES labels. Training data, labels and weighting are the
CRF's (``train_ner.py``: harmonised IL-NER labels, IL-NER sentences counted three times).

Scores are the whole stage's (``NerTagger``: the CRF's state scores plus ``lam`` times the expert's
log-probabilities, decoded with the CRF's transitions, span repairs included). PyTorch is needed
only here; the numpy code is checked against PyTorch's numbers before anything is scored.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from ghatna.extract.ner import NerTagger  # noqa: E402
from ghatna.extract.nerdata import TYPE_MAP_MISC, fold_of, load_splits, to_bioes  # noqa: E402
from ghatna.extract.nereval import evaluate  # noqa: E402
from ghatna.extract.nerfeatures import fold  # noqa: E402


def training_items(data: str, cv: tuple[int, int] | None, train_on: str, hiner_weight: int):
    """The CRF's training sentences (harmonised, BIOES, IL-NER or not) and the sentences to score.

    ``train_ner.py``'s own selection and relabelling, for a CRF trained with its default label
    settings (``main`` checks the CRF's ``meta.json`` for them).
    """
    from ner_harmonise import harmonised
    from train_ner import pool, prepared, training_sentences
    splits, misc = load_splits(data), load_splits(data, TYPE_MAP_MISC)
    items, _, _ = harmonised(prepared(training_sentences(misc, train_on, cv, hiner_weight)))
    out = [(words, to_bioes(tags), sent.source.startswith("ilner")) for words, tags, _, sent in items]
    if cv:
        held = [s for s in pool(splits, train_on) if fold_of(s, cv[1]) == cv[0] and s.source.startswith("ilner")]
        return out, {"cv_ilner": held}
    return out, {"ilner_dev": splits.ilner_dev, "ilner_dev_unseen": splits.ilner_dev_unseen,
                 "hiner_heldout": splits.hiner_heldout}


class Encoder:
    """Word, character and gazetteer-tag ids of a sentence."""

    def __init__(self, items, gazetteer, min_word: int = 2, min_char: int = 3, max_chars: int = 16) -> None:
        """Vocabularies from the training items: folded words seen ``min_word`` times, characters ``min_char``."""
        wc: Counter[str] = Counter(fold(w) for words, _, _ in items for w in words)
        cc: Counter[str] = Counter(ch for words, _, _ in items for w in words for ch in w)
        self.words = {w: i + 2 for i, w in enumerate(sorted(w for w, n in wc.items() if n >= min_word))}
        self.chars = {c: i + 2 for i, c in enumerate(sorted(c for c, n in cc.items() if n >= min_char))}
        self.gazetteer = gazetteer
        tags = sorted({t for words, _, _ in items for tt in gazetteer.match([fold(w) for w in words]) for t in tt})
        self.gtags = {t: i for i, t in enumerate(tags)}
        self.max_chars = max_chars

    def encode(self, words):
        """Word ids (1: unseen), character ids (1: rare, 0: padding) and gazetteer multi-hot rows."""
        folded = [fold(w) for w in words]
        wid = np.array([self.words.get(f, 1) for f in folded], dtype=np.int64)
        cid = np.zeros((len(words), self.max_chars), dtype=np.int64)
        for i, w in enumerate(words):
            ids = [self.chars.get(c, 1) for c in w[:self.max_chars]]
            cid[i, :len(ids)] = ids
        gaz = np.zeros((len(words), len(self.gtags)), dtype=np.float32)
        for i, tt in enumerate(self.gazetteer.match(folded)):
            for t in tt:
                if t in self.gtags:
                    gaz[i, self.gtags[t]] = 1.0
        return wid, cid, gaz


def build_model(torch, n_words: int, n_chars: int, n_gaz: int, n_labels: int, dim: int, hidden: int):
    """The tagger as a torch module; ``ghatna.extract.nercnn`` computes the same function with numpy."""
    nn = torch.nn

    class Tagger(nn.Module):
        """Embeddings, character CNN, two convolutions, a linear layer (see the module docstring)."""

        def __init__(self) -> None:
            super().__init__()
            self.wemb = nn.Embedding(n_words, dim, padding_idx=0)
            self.cemb = nn.Embedding(n_chars, 24, padding_idx=0)
            self.cconv = nn.Conv1d(24, dim, 3, padding=1)
            self.drop = nn.Dropout(0.3)
            self.conv1 = nn.Conv1d(2 * dim + n_gaz, hidden, 3, padding=1)
            self.conv2 = nn.Conv1d(hidden, hidden, 3, padding=2, dilation=2)
            self.out = nn.Linear(hidden, n_labels)

        def forward(self, wid, cid, gaz):  # (B, T), (B, T, C), (B, T, G) -> (B, T, labels)
            b, t, c = cid.shape
            ch = self.cemb(cid.view(b * t, c)).transpose(1, 2)  # (BT, 24, C)
            ch = torch.relu(self.cconv(ch))
            ch = ch.masked_fill((cid.view(b * t, 1, c) == 0), -1e4).max(dim=2).values.view(b, t, -1)
            ch = torch.where(ch < -1e3, torch.zeros_like(ch), ch)
            x = torch.cat([self.wemb(wid), ch, gaz], dim=2)
            x = self.drop(x).transpose(1, 2)  # (B, F, T)
            h = torch.relu(self.conv1(x))
            h = torch.relu(self.conv2(self.drop(h)))
            return self.out(self.drop(h.transpose(1, 2)))  # (B, T, L)

    return Tagger()


def train(torch, enc: Encoder, data, labels, args):
    """Fit the tagger: Adam, batches of 32 sentences of similar length, IL-NER sentences weighted as the CRF's."""
    model = build_model(torch, len(enc.words) + 2, len(enc.chars) + 2, len(enc.gtags), len(labels),
                        args.dim, args.hidden)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        random.shuffle(data)
        data.sort(key=lambda d: len(d[0]) // 8 + random.random())  # similar lengths per batch
        batches = [data[i:i + 32] for i in range(0, len(data), 32)]
        random.shuffle(batches)
        total = 0.0
        for batch in batches:
            t = max(len(d[0]) for d in batch)
            wid = torch.zeros(len(batch), t, dtype=torch.long)
            cid = torch.zeros(len(batch), t, enc.max_chars, dtype=torch.long)
            gaz = torch.zeros(len(batch), t, len(enc.gtags))
            y = torch.full((len(batch), t), -100, dtype=torch.long)
            wt = torch.zeros(len(batch), t)
            for b, (w, c, g, yy, weight) in enumerate(batch):
                n = len(w)
                ww = torch.from_numpy(w).clone()
                ww[torch.rand(n) < 0.1] = 1  # word dropout: the unknown row learns what an unseen word is
                wid[b, :n], cid[b, :n], gaz[b, :n] = ww, torch.from_numpy(c), torch.from_numpy(g)
                y[b, :n], wt[b, :n] = torch.from_numpy(yy), weight
            logits = model(wid, cid, gaz)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(labels)), y.reshape(-1),
                                                     reduction="none")
            loss = (loss * wt.reshape(-1)).sum() / wt.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach())
        print(f"epoch {epoch + 1}: loss {total / len(batches):.4f} ({time.time() - t0:.0f}s)", file=sys.stderr)
    model.eval()
    return model


REFERENCE = ["भारत के प्रधानमंत्री नरेंद्र मोदी ने कज़ाकिस्तान के राष्ट्रपति कासिम-जोमार्ट टोकाएव से समरकंद में मुलाकात की ।",
             "शंघाई सहयोग संगठन ( एससीओ ) की बैठक में रूसी विदेश मंत्री सर्गेई लावरोव भी थे ।"]


def export(torch, model, enc: Encoder, labels, out: Path) -> None:
    """Write ``cnn.npz``: vocabularies, weights (float32) and reference log-probabilities for the parity test."""
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    ref_words = [w for text in REFERENCE for w in text.split(" ")]
    ref_lengths = [len(text.split(" ")) for text in REFERENCE]
    with torch.no_grad():
        ref = np.concatenate([torch.log_softmax(model(*(torch.from_numpy(a)[None] for a in enc.encode(text.split(" "))))[0],
                                                dim=1).numpy() for text in REFERENCE])
    words = ["", "<unk>"] + sorted(enc.words, key=enc.words.get)
    chars = ["", "<unk>"] + sorted(enc.chars, key=enc.chars.get)
    np.savez_compressed(
        out, words=np.array(words), chars=np.array(chars), gaz_tags=np.array(sorted(enc.gtags, key=enc.gtags.get)),
        labels=np.array(labels), max_chars=np.array(enc.max_chars),
        wemb=sd["wemb.weight"], cemb=sd["cemb.weight"], cconv_w=sd["cconv.weight"], cconv_b=sd["cconv.bias"],
        conv1_w=sd["conv1.weight"], conv1_b=sd["conv1.bias"], conv2_w=sd["conv2.weight"], conv2_b=sd["conv2.bias"],
        out_w=sd["out.weight"], out_b=sd["out.bias"],
        ref_words=np.array(ref_words), ref_lengths=np.array(ref_lengths), ref_log_probs=ref.astype(np.float32))


def main() -> int:
    """Train, export, check numpy against PyTorch, score."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--model", default=str(REPO / "ghatna" / "resources" / "models" / "ner"),
                    help="the CRF model directory the expert joins")
    ap.add_argument("--cv", metavar="K/N")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--dim", type=int, default=48)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lam", type=float, default=0.25, help="the weight written into meta.json")
    ap.add_argument("--lams", default="", help="weights to score besides --lam, e.g. 0,0.25,1")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2, help="PyTorch threads (fixed, for repeatable sums)")
    args = ap.parse_args()
    import torch
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    cv = tuple(int(x) for x in args.cv.split("/")) if args.cv else None
    root = Path(args.model)
    meta_path = root / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    trained = meta.get("training", {})
    if (not trained.get("harmonise", False) or trained.get("misc") or trained.get("scheme") != "bioes"
            or trained.get("domain_features") or meta.get("features") != "rich"):
        raise SystemExit(f"{root}: the expert trains on train_ner.py's default labels (rich features, BIOES, "
                         "harmonised, no MISC); this CRF was trained otherwise")
    items, parts = training_items(args.data, cv, trained.get("train_on", "train+tune"), trained.get("hiner_weight", 1))
    if len(items) != trained.get("sentences"):
        raise SystemExit(f"{len(items)} training sentences here, {trained.get('sentences')} for the CRF: "
                         "give the --cv the CRF was trained with")
    crf = NerTagger.from_disk(root, expert=False)  # the CRF alone: its labels and gazetteer
    labels = list(crf.weights.labels)
    lid = {lab: i for i, lab in enumerate(labels)}
    enc = Encoder(items, crf.gazetteer)
    ilner_weight = float(trained.get("ilner_weight", 3))
    data = []
    for words, tags, il in items:
        wid, cid, gaz = enc.encode(words)
        data.append((wid, cid, gaz, np.array([lid[t] for t in tags], dtype=np.int64), ilner_weight if il else 1.0))
    t0 = time.time()
    model = train(torch, enc, data, labels, args)
    train_s = time.time() - t0
    export(torch, model, enc, labels, root / "cnn.npz")
    meta.pop("cnn", None)
    meta["cnn"] = {"file": "cnn.npz", "lam": args.lam, "epochs": args.epochs, "dim": args.dim, "hidden": args.hidden,
                   "seed": args.seed, "words": len(enc.words), "train_s": round(train_s, 1),
                   "trained_with": f"torch {torch.__version__}"}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tagger = NerTagger.from_disk(root)
    with np.load(root / "cnn.npz") as z:  # the numpy expert must give PyTorch's numbers
        got = tagger.expert.log_probs(z["ref_words"].tolist(), [fold(w) for w in z["ref_words"].tolist()],
                                      z["ref_lengths"].tolist())
        order = [z["labels"].tolist().index(lab) for lab in labels]
        diff = float(np.abs(got - z["ref_log_probs"][:, order]).max())
    print(f"numpy vs torch: max |difference| {diff:.2e}", file=sys.stderr)
    if diff > 1e-3:
        raise SystemExit("the numpy expert disagrees with the trained model")
    results = {}
    for lam in dict.fromkeys([args.lam] + [float(x) for x in args.lams.split(",") if x.strip()]):
        tagger.expert_weight = lam
        for part, sents in parts.items():
            tagger.clear_caches()
            r = evaluate(tagger, sents)
            results[f"{lam} {part}"] = r
            print(f"lam {lam:<5} {part:18s} {r['micro']} "
                  + " ".join(f"{t}={v['f1']}" for t, v in r["per_type"].items()), file=sys.stderr)
    meta["scores"] = {**meta.get("scores", {}), **{f"with_cnn_{k.split()[1]}": {"micro_f1": v["micro"]["f1"],
                      "sentences": v["sentences"]} for k, v in results.items() if k.startswith(f"{args.lam} ")}}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (root / "scores_cnn.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
