"""Write the NER evaluation splits as IOB2 files, so ``ghatna eval ner`` reproduces every reported score.

    python scripts/ner_splits.py --out /tmp/ner-splits
    ghatna eval ner --data /tmp/ner-splits/hiner_heldout.txt --format json

Files (tags already mapped to PER/LOC/ORG/DATE/NUM): ``ilner_dev.txt``, ``ilner_dev_unseen.txt``
(dev sentences that do not occur in training), ``hiner_heldout.txt`` (HiNER validation buckets 0–14),
``tune.txt``. The corpora stay in ../shared/data; write these outside the repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ghatna.extract.nerdata import format_iob, load_splits  # noqa: E402


def main() -> int:
    """Write the split files."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    splits = load_splits(args.data)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("ilner_dev", "ilner_dev_unseen", "hiner_heldout", "tune"):
        sents = getattr(splits, name)
        (out / f"{name}.txt").write_text(format_iob(sents), encoding="utf-8")
        print(f"{name}: {len(sents)} sentences, {sum(len(s.tokens) for s in sents)} tokens", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
