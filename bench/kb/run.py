"""Linking's share of the whole per-article pipeline: gazetteer + link stages against all stages.

Usage: python bench/kb/run.py [--repeat N]. Runs the full pipeline (``FULL_STAGES``) on the two founding
samples and the team's examples, times every stage of every article (median over ``--repeat`` runs),
and prints ms/article per stage and what linking (gazetteer lookup + ``link_mentions``) adds to the total.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from ghatna.config import Settings
from ghatna.pipeline import FULL_STAGES
from ghatna.registry import builtin_stages
from ghatna.types import RawRecord, SourceRef

ROOT = Path(__file__).resolve().parents[2]
INPUTS = sorted((ROOT.parent / "shared" / "samples").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
LINKING = ("ghatna.extract.gazetteer.v1", "ghatna.kb.link.v1")


def main() -> None:
    """Time each stage per article and print linking's share of the whole."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    settings = Settings()
    table = builtin_stages()
    t0 = time.perf_counter()
    specs = [table[name] for name in FULL_STAGES]
    runners = [spec.factory(settings) for spec in specs]
    print(f"loading models, KB and lexicons: {time.perf_counter() - t0:.2f} s (once per process)")
    per_stage: dict[str, list[float]] = {s.name: [] for s in specs}
    for path in INPUTS:
        record = RawRecord(SourceRef(str(path)), path.read_bytes())
        runs: dict[str, list[float]] = {s.name: [] for s in specs}
        for _ in range(args.repeat):
            state = {"record": record}
            for spec, run in zip(specs, runners):
                t = time.perf_counter()
                out = run(*[state[n] for n in spec.requires])
                runs[spec.name].append(time.perf_counter() - t)
                if len(spec.assigns) == 1:
                    state[spec.assigns[0]] = out
                else:
                    state.update(zip(spec.assigns, out))
        for name, values in runs.items():
            per_stage[name].append(statistics.median(values))
    n = len(INPUTS)
    total = sum(sum(v) for v in per_stage.values()) / n
    print(f"{n} articles; whole pipeline {1000 * total:.1f} ms/article")
    for name, values in per_stage.items():
        ms = 1000 * sum(values) / n
        print(f"  {name:32s} {ms:6.1f} ms  {100 * ms / (1000 * total):5.1f} %")
    linking = sum(sum(per_stage[name]) for name in LINKING) / n
    print(f"linking (gazetteer + link) adds {100 * linking / (total - linking):.1f} % to the rest of the pipeline "
          f"({100 * linking / total:.1f} % of the whole)")


if __name__ == "__main__":
    main()
