"""Write the word-frequency class table of the ``train_ner.py --word-table`` experiment (not shipped).

    pip install wordfreq        # not a ghatna dependency: the experiment only
    python scripts/ner_wordfreq_table.py --out /tmp/zipf.tsv
    python scripts/train_ner.py --train-on train --cv 0/3 --word-table /tmp/zipf.tsv --out /tmp/cv/Z.0

Each spelling-folded Hindi word of the ``wordfreq`` package's list (its "best" Hindi list, about 26 000
words at Zipf 3 and above) gets the class ``z`` + its Zipf frequency rounded down (``z3`` … ``z7``; the
largest where several words fold alike). Words off the list read ``unk`` in the features. 3-fold
cross-validation found no gain (docs/benchmarks.md, NER).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ghatna.extract.nerfeatures import fold  # noqa: E402


def main() -> int:
    """Read wordfreq's Hindi list and write ``word<TAB>class`` rows."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    try:
        import wordfreq
    except ImportError:
        raise SystemExit("this experiment needs the wordfreq package: pip install wordfreq")
    zipf: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict("hi", "best").items():
        key = fold(word)
        zipf[key] = max(zipf.get(key, 0.0), math.log10(freq) + 9)
    rows = "".join(f"{w}\tz{int(z)}\n" for w, z in sorted(zipf.items()))
    Path(args.out).write_text("word\tclusters\n" + rows, encoding="utf-8")
    print(f"{len(zipf)} folded words -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
