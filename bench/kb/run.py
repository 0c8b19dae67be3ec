"""Linking cost per article: gazetteer + link_mentions, next to the NER stage when it is available.

Usage: python bench/kb/run.py [--repeat N]. Prints ms/article for each step and linking's share.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from ghatna.extract.gazetteer import Gazetteer
from ghatna.kb.knowledge import load_kb
from ghatna.kb.linker import link_mentions

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def _time(fn, repeat: int) -> float:
    """Median seconds of ``fn()`` over ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    t = time.perf_counter()
    kb = load_kb()
    gaz = Gazetteer(kb.gazetteer_entries())
    print(f"load KB + build gazetteer: {1000 * (time.perf_counter() - t):.0f} ms (once per process)")
    try:
        from ghatna.extract.ner import NerTagger  # the NER stage, if built
        tagger = NerTagger.from_disk()
    except Exception as exc:  # noqa: BLE001 - the bench reports what it could not measure
        tagger = None
        print(f"NER stage not measured: {exc!r}")
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = gaz.find(text)
        g = _time(lambda: gaz.find(text), args.repeat)
        link = _time(lambda: link_mentions(text, found, "2024-06", kb), args.repeat)
        line = f"{path.name}: {len(text)} chars, gazetteer {1000 * g:.1f} ms, link {1000 * link:.1f} ms"
        if tagger is not None:
            ner = _time(lambda: tagger(text), max(3, args.repeat // 4))  # type: ignore[misc]
            line += f", NER {1000 * ner:.1f} ms, linking = {100 * (g + link) / (ner + g + link):.0f}% of NER+linking"
        print(line)


if __name__ == "__main__":
    main()
