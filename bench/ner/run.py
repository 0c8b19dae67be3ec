"""NER benchmark: tokens/s per core for the NER stage on whole articles, and peak memory.

Input: whole articles — the team's ``examples/*.txt`` plus the two scraped samples in
``../shared/samples`` (read in place, never copied). Every pass tags every article once with
``NerTagger.__call__`` (tokenise, score, decode, span repair, labels). The per-word caches are
cleared before each pass, so no pass profits from having seen the articles before (a long run
over fresh news reuses more words than that). Time is process CPU time in one thread, i.e. per
core; tokens are the project tokenizer's tokens of the article text.

Usage: ``python bench/ner/run.py [--passes 5] [--model DIR]``; figures go to ``bench/out/ner.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

# figures are per core: numpy's BLAS (the NER expert's matrix products) must not add threads of its own
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from ghatna.extract.ner import NerTagger  # noqa: E402
from ghatna.text.tokenize import iter_token_spans  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def load_articles() -> list[str]:
    """The benchmark's articles (team examples and shared samples)."""
    paths = sorted((REPO / "examples").glob("*.txt")) + sorted((REPO.parent / "shared" / "samples").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def main() -> int:
    """Run the passes and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--model", default="", help="model directory (default: the shipped model)")
    args = ap.parse_args()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.process_time()
    tagger = NerTagger.from_disk(args.model or None)
    load_s = time.process_time() - t
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    articles = load_articles()
    ntok = sum(1 for a in articles for _ in iter_token_spans(a))
    rates, mentions = [], 0
    for _ in range(args.passes):
        tagger.clear_caches()  # cold caches each pass (see module docstring)
        t = time.process_time()
        mentions = sum(len(tagger(a)) for a in articles)
        rates.append(ntok / (time.process_time() - t))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    result = {
        "articles": len(articles), "tokens_per_pass": ntok, "passes": args.passes, "mentions_per_pass": mentions,
        "tokens_per_s_per_core_median": round(sorted(rates)[len(rates) // 2]),
        "tokens_per_s_per_core_min": round(min(rates)),
        "model_load_s": round(load_s, 3), "rss_before_load_mb": round(rss0 / 1024, 1),
        "rss_after_load_mb": round(rss_loaded / 1024, 1), "peak_rss_mb": round(peak_mb, 1),
        "features": tagger.meta.get("features"), "python": platform.python_version(),
        "machine": platform.machine(), "commit": commit,
    }
    print(f"{'articles':24s} {len(articles)}  ({ntok} tokens per pass, {mentions} mentions)")
    print(f"{'tokens/s per core':24s} median {result['tokens_per_s_per_core_median']:,}  "
          f"min {result['tokens_per_s_per_core_min']:,}  over {args.passes} passes")
    print(f"{'model load':24s} {load_s:.2f} s CPU")
    print(f"{'peak RSS':24s} {peak_mb:.0f} MB (before load {rss0 / 1024:.0f} MB, after load {rss_loaded / 1024:.0f} MB)")
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ner.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
