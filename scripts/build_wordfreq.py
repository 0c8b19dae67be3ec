"""Rebuild ghatna/resources/hi/wordfreq.tsv: how often each Hindi word occurs in the IL-NER Hindi train split.

Used by cleaning to tell a complete headline word from one the scraper cut off. Reads
../shared/data/il-ner-hindi/Hindi-train.txt (CC BY 4.0, Bhashini / IIIT Hyderabad, CDAC Noida, IIIT Bhubaneswar);
only word counts are kept, never sentences.

    python scripts/build_wordfreq.py [--min-count 5]
"""

from __future__ import annotations

import argparse
import collections
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "il-ner-hindi" / "Hindi-train.txt"
TARGET = ROOT / "ghatna" / "resources" / "hi" / "wordfreq.tsv"
DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f]+")


def main() -> None:
    """Count tokens, keep Devanagari words seen at least --min-count times, write the TSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-count", type=int, default=5)
    args = parser.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    with SOURCE.open(encoding="utf-8") as fh:
        for line in fh:
            token = unicodedata.normalize("NFC", line.split("\t", 1)[0].strip())
            if token and DEVANAGARI_WORD.fullmatch(token):
                counts[token] += 1
    rows = sorted((w, n) for w, n in counts.items() if n >= args.min_count)
    header = [
        "# source: word counts from the IL-NER Hindi train split (../shared/data/il-ner-hindi), by scripts/build_wordfreq.py",
        "# license: CC BY 4.0 (IL-NER, Bhashini project: IIIT Hyderabad, CDAC Noida, IIIT Bhubaneswar)",
        "# updated: 2026-11-22",
        "word\tcount",
    ]
    TARGET.write_text("\n".join(header + [f"{w}\t{n}" for w, n in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} words written to {TARGET}")


if __name__ == "__main__":
    main()
