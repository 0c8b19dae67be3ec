"""Count the gazetteer stage's loose matches (sound key only, confidence 0.9) over Hindi text.

    .venv/bin/python bench/kb/loose_matches.py [--ilner 6000]

Text: the 38 team examples, the two founding samples and the first N IL-NER Hindi train
sentences (read from ../shared/data, unlabelled here). Prints each distinct (surface, type) with its
count, then the number of distinct matches. To compare with older matching rules, run it with an
older ``ghatna/extract/gazetteer.py`` checked out (docs/benchmarks.md, section Linking).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from ghatna.config import Settings  # noqa: E402
from ghatna.extract.gazetteer import Gazetteer, common_words  # noqa: E402
from ghatna.extract.nerdata import load_splits  # noqa: E402
from ghatna.registry import shared_kb  # noqa: E402


def main() -> int:
    """Print the loose matches and their number."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--ilner", type=int, default=6000, help="IL-NER train sentences to read")
    args = ap.parse_args()
    gazetteer = Gazetteer(shared_kb(Settings().kb).gazetteer_entries(), common_words())
    paths = sorted((REPO / "examples").glob("*.txt")) + sorted((REPO.parent / "shared" / "samples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts += [" ".join(s.tokens) for s in load_splits(args.data).train if s.source.startswith("ilner")][:args.ilner]
    loose = Counter((m.text, m.label) for t in texts for m in gazetteer.find(t) if m.confidence < 1.0)
    for (surface, label), n in loose.most_common():
        print(f"{n:4d}  {surface}  {label}")
    print(f"{len(loose)} distinct loose matches in {len(texts)} texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
