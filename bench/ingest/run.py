"""Ingestion benchmark: articles/s for reading, cleaning and storing, and peak memory.

The corpus is generated from the team's own ``examples/*.txt`` by perturbing them (body paragraphs
shuffled, numbers swapped, lines dropped), so it has the noise of real scrapes and no third-party
text. Each phase is timed on its own over the whole corpus, then the ``ghatna ingest`` loop is timed
end to end into a fresh store. A table goes to stdout, the figures to ``bench/out/ingest.json``.

Usage: ``python bench/ingest/run.py [--n 10000] [--seed 7] [--batch-size 200]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from ghatna.config import Settings, StoreSettings
from ghatna.errors import InputError
from ghatna.ingest.article import build_article
from ghatna.ingest.readers import read_inputs
from ghatna.store import open_store
from ghatna.types import Rejection

REPO = Path(__file__).resolve().parents[2]
DIGITS = re.compile(r"[0-9]+|[\u0966-\u096f]+")
DEVANAGARI_ZERO = 0x0966


def swap_numbers(line: str, rng: random.Random) -> str:
    """Replace each run of ASCII or Devanagari digits with random digits of the same script and length."""
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        digits = [rng.randrange(10) for _ in s]
        if s[0].isascii():
            return "".join(map(str, digits))
        return "".join(chr(DEVANAGARI_ZERO + d) for d in digits)
    return DIGITS.sub(repl, line)


def perturb(text: str, rng: random.Random) -> str:
    """Return a variant of an example: header and short lines kept in place, body lines shuffled/dropped."""
    lines = text.splitlines()
    # the first three lines are header, title and subtitle; long lines after them are body
    # paragraphs; short ones are captions, ads, source lines and stay where they are
    body = [i for i, ln in enumerate(lines) if i >= 3 and len(ln) > 120]
    kept = ([lines[i] for i in body if rng.random() > 0.15] or [lines[body[0]]]) if body else []
    rng.shuffle(kept)
    out, it = [], iter(kept)
    for i, ln in enumerate(lines):
        if i in body:
            nxt = next(it, None)
            if nxt is not None:
                out.append(swap_numbers(nxt, rng))
        elif i < 3 or rng.random() > 0.1:
            out.append(swap_numbers(ln, rng) if i >= 3 else ln)
    return "\n".join(out) + "\n"


def generate(examples: list[Path], n: int, folder: Path, seed: int) -> int:
    """Write n perturbed articles as .txt files under folder; return their total size in bytes."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in examples]
    total = 0
    for i in range(n):
        data = perturb(rng.choice(texts), rng).encode("utf-8")
        path = folder / f"gen_{i:06d}.txt"
        path.write_bytes(data)
        total += len(data)
    return total


def peak_rss_mb() -> float:
    """Return this process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def git_commit() -> str:
    """Return the short commit the benchmark ran on, or '' outside a repository."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def run(n: int, seed: int, batch_size: int, workdir: Path) -> dict:
    """Generate the corpus in workdir, time each phase, and return the figures."""
    examples = sorted((REPO / "examples").glob("*.txt"))
    if not examples:
        raise SystemExit("no examples/*.txt to perturb")
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    size = generate(examples, n, corpus, seed)
    gen_s = time.perf_counter() - t0
    settings = replace(Settings(), store=StoreSettings(url=str(workdir / "bench.db"), batch_size=batch_size))
    phases: dict[str, dict] = {}

    # first the real command in a child process: its wall time and peak RSS. It runs before this
    # process loads the corpus, because a child's peak RSS counts what it shared with us at fork
    env = {**os.environ, "GHATNA_STORE__BATCH_SIZE": str(batch_size)}
    cmd = [sys.executable, "-m", "ghatna", "ingest", str(corpus), "--db", str(workdir / "e2e.db"), "--format", "json"]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True)
    e2e_s = time.perf_counter() - t0
    if done.returncode not in (0, 3):
        raise SystemExit(f"ghatna ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    phases["end_to_end"] = {"seconds": e2e_s, "items": summary["records"], "new": summary["ingested"],
                            "rejected": summary["rejected_total"], "command": "ghatna ingest",
                            "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}

    t0 = time.perf_counter()
    items = list(read_inputs([str(corpus)], settings))
    phases["read"] = {"seconds": time.perf_counter() - t0, "items": len(items)}
    records = [r for r in items if not isinstance(r, Rejection)]

    t0 = time.perf_counter()
    built, rejected = [], 0
    for r in records:
        try:
            built.append((build_article(r, settings), r))
        except InputError:
            rejected += 1
    phases["clean"] = {"seconds": time.perf_counter() - t0, "items": len(records), "rejected": rejected}

    t0 = time.perf_counter()
    with open_store(settings.store) as store:
        new = 0
        for i in range(0, len(built), batch_size):
            new += len(store.put_articles(built[i:i + batch_size]).new)
    phases["store"] = {"seconds": time.perf_counter() - t0, "items": len(built), "new": new}
    db_bytes = sum(p.stat().st_size for p in workdir.glob("bench.db*"))
    del items, records, built

    for p in phases.values():
        p["per_second"] = p["items"] / p["seconds"] if p["seconds"] else 0.0

    return {
        "benchmark": "ingest", "articles": n, "seed": seed, "batch_size": batch_size,
        "corpus_bytes": size, "generate_seconds": gen_s, "store_bytes": db_bytes,
        "phases": phases, "peak_rss_mb": peak_rss_mb(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpu": platform.processor() or platform.machine(), "sqlite": sqlite3.sqlite_version},
        "commit": git_commit(), "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def print_table(result: dict) -> None:
    """Print the figures as a small table."""
    print(f"ingest benchmark: {result['articles']} articles, {result['corpus_bytes'] / 1e6:.1f} MB, "
          f"batch {result['batch_size']}, commit {result['commit'] or '-'}")
    print(f"{'phase':<12}{'items':>8}{'seconds':>10}{'articles/s':>12}")
    for name in ("read", "clean", "store", "end_to_end"):
        p = result["phases"][name]
        print(f"{name:<12}{p['items']:>8}{p['seconds']:>10.2f}{p['per_second']:>12.0f}")
    print(f"peak RSS: phases apart {result['peak_rss_mb']:.0f} MiB (whole corpus in memory), "
          f"'ghatna ingest' {result['phases']['end_to_end']['peak_rss_mb']:.0f} MiB; "
          f"store {result['store_bytes'] / 1e6:.1f} MB on disk")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run, print and save."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=7, help="random seed of the perturbations")
    ap.add_argument("--batch-size", type=int, default=Settings().store.batch_size, help="articles per transaction")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="folder for ingest.json")
    ap.add_argument("--workdir", type=Path, default=None, help="keep corpus and stores here (default: temp)")
    args = ap.parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        result = run(args.n, args.seed, args.batch_size, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="ghatna-bench-") as tmp:
            result = run(args.n, args.seed, args.batch_size, Path(tmp))
    print_table(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'ingest.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
