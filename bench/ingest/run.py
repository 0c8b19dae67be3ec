"""Ingestion benchmark: articles/s for reading, cleaning, annotating and storing, and peak memory.

The corpus is generated from the team's own ``examples/*.txt`` by perturbing them (body paragraphs
shuffled, numbers swapped, lines dropped), so it has the noise of real scrapes and no third-party
text. Each phase is timed on its own over the whole corpus (``annotate`` also per stage), then
``ghatna ingest`` is timed end to end into a fresh store, annotating (its default) and with
``--no-annotate``. A table goes to stdout, the figures to ``bench/out/ingest.json``.

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

from ghatna.config import ExtractSettings, Settings, StoreSettings
from ghatna.errors import InputError, ResourceError
from ghatna.ingest.article import build_article
from ghatna.ingest.readers import read_inputs
from ghatna.persist import ANNOTATE_STAGES, Annotator
from ghatna.registry import StageSpec, builtin_stages
from ghatna.registry import timed_stages as timed_registry
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


def ner_available(settings: Settings) -> bool:
    """Return whether the NER model loads (it ships once trained; until then annotate without it)."""
    try:
        builtin_stages()["ghatna.extract.ner.v1"].factory(settings)
    except ResourceError:
        return False
    return True


def timed_stages(built: dict, with_ner: bool, clock: dict[str, float]) -> dict[str, StageSpec]:
    """The built-in stages, each adding its time to ``clock``; the ingest stage hands out prebuilt articles.

    Handing out the article built in the ``clean`` phase leaves only the annotation stages on the clock.
    """
    table = dict(builtin_stages())
    table["ghatna.ingest.article.v1"] = replace(
        table["ghatna.ingest.article.v1"], factory=lambda settings: (lambda record: built[id(record)]))
    if not with_ner:
        table["ghatna.extract.ner.v1"] = replace(table["ghatna.extract.ner.v1"],
                                                 factory=lambda settings: (lambda article: []))

    return timed_registry(table, clock)


def ingest_child(corpus: Path, db: Path, batch_size: int, workdir: Path, ner_model: str, *flags: str) -> dict:
    """Run the real ``ghatna ingest`` in a child process; return its time, counts and own peak RSS."""
    env = {**os.environ, "GHATNA_STORE__BATCH_SIZE": str(batch_size)}
    if ner_model:
        env["GHATNA_EXTRACT__NER_MODEL"] = ner_model
    cmd = [sys.executable, "-m", "ghatna", "ingest", str(corpus), "--db", str(db), "--format", "json", *flags]
    out, err = workdir / "child.out", workdir / "child.err"
    t0 = time.perf_counter()
    with out.open("wb") as fo, err.open("wb") as fe:
        child = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=fo, stderr=fe)
        # wait4 gives this child's own resource usage (RUSAGE_CHILDREN would be the largest child so far)
        _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"ghatna ingest failed ({code}): {err.read_text(errors='replace')[-2000:]}")
    summary = json.loads(out.read_text(encoding="utf-8"))
    return {"seconds": seconds, "items": summary["records"], "new": summary["ingested"],
            "rejected": summary["rejected_total"], "annotated": summary.get("annotated", 0),
            "command": " ".join(["ghatna ingest", *flags]), "peak_rss_mb": usage.ru_maxrss / 1024}


def git_commit() -> str:
    """Return the short commit the benchmark ran on, or '' outside a repository."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def run(n: int, seed: int, batch_size: int, workdir: Path, ner_model: str = "") -> dict:
    """Generate the corpus in workdir, time each phase, and return the figures."""
    examples = sorted((REPO / "examples").glob("*.txt"))
    if not examples:
        raise SystemExit("no examples/*.txt to perturb")
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    size = generate(examples, n, corpus, seed)
    gen_s = time.perf_counter() - t0
    settings = replace(Settings(), store=StoreSettings(url=str(workdir / "bench.db"), batch_size=batch_size),
                       extract=ExtractSettings(ner_model=ner_model))
    phases: dict[str, dict] = {}
    with_ner = ner_available(settings)
    if not with_ner:
        print("warning: the NER model is not shipped yet: annotating without it (gazetteer names only)",
              file=sys.stderr)

    # first the real command in child processes: wall time and peak RSS. They run before this process
    # loads the corpus, because a child's peak RSS counts what it shared with us at fork
    if with_ner:
        phases["end_to_end"] = ingest_child(corpus, workdir / "e2e.db", batch_size, workdir, ner_model)
    phases["end_to_end_no_annotate"] = ingest_child(corpus, workdir / "e2e-plain.db", batch_size, workdir, ner_model,
                                                    "--no-annotate")

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

    # annotate: the annotation stages alone, on the articles built above, each stage on its own clock
    clock: dict[str, float] = {}
    by_record = {id(raw): article for article, raw in built}
    t0 = time.perf_counter()
    annotator = Annotator(settings, ANNOTATE_STAGES, timed_stages(by_record, with_ner, clock))
    load_s = time.perf_counter() - t0
    clock.clear()  # loading (KB, gazetteer, model) is counted apart
    t0 = time.perf_counter()
    annotated = [annotator(raw, settings) for _article, raw in built]
    seconds = time.perf_counter() - t0
    stages = {name.split(".")[-2]: {"seconds": s, "ms_per_article": 1000 * s / max(1, len(built))}
              for name, s in clock.items() if name != "ghatna.ingest.article.v1"}
    phases["annotate"] = {"seconds": seconds, "items": len(built), "load_seconds": load_s, "stages": stages,
                          "ner_model": with_ner, "ms_per_article": 1000 * seconds / max(1, len(built)),
                          "failed": sum(1 for a in annotated if not isinstance(a, tuple) or a[1] is None)}

    # store_annotated: the same writes with each article's annotations in the same transaction
    annotated_settings = replace(settings, store=replace(settings.store, url=str(workdir / "annotated.db")))
    pairs = [(a[0], raw) for a, (_art, raw) in zip(annotated, built)]
    bundles = [a[1] for a in annotated]
    t0 = time.perf_counter()
    with open_store(annotated_settings.store) as store:
        for i in range(0, len(pairs), batch_size):
            store.put_articles(pairs[i:i + batch_size], annotations=bundles[i:i + batch_size])
        counts = store.counts()
        mentions = store._conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    phases["store_annotated"] = {"seconds": time.perf_counter() - t0, "items": len(pairs),
                                 "annotated": counts.annotated, "entities": counts.entities, "mentions": mentions}
    annotated_bytes = sum(p.stat().st_size for p in workdir.glob("annotated.db*"))
    del items, records, built, annotated, pairs, bundles

    for p in phases.values():
        p["per_second"] = p["items"] / p["seconds"] if p["seconds"] else 0.0

    return {
        "benchmark": "ingest", "articles": n, "seed": seed, "batch_size": batch_size,
        "corpus_bytes": size, "generate_seconds": gen_s, "store_bytes": db_bytes,
        "annotated_store_bytes": annotated_bytes,
        "phases": phases, "peak_rss_mb": peak_rss_mb(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpu": platform.processor() or platform.machine(), "sqlite": sqlite3.sqlite_version},
        "ner_model": ner_model or "shipped", "commit": git_commit(), "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def print_table(result: dict) -> None:
    """Print the figures as a small table."""
    print(f"ingest benchmark: {result['articles']} articles, {result['corpus_bytes'] / 1e6:.1f} MB, "
          f"batch {result['batch_size']}, commit {result['commit'] or '-'}")
    print(f"{'phase':<24}{'items':>8}{'seconds':>10}{'articles/s':>12}")
    for name in ("read", "clean", "annotate", "store", "store_annotated", "end_to_end", "end_to_end_no_annotate"):
        p = result["phases"].get(name)
        if p is not None:
            print(f"{name:<24}{p['items']:>8}{p['seconds']:>10.2f}{p['per_second']:>12.0f}")
    ann = result["phases"]["annotate"]
    print(f"annotate per article: {ann['ms_per_article']:.1f} ms ("
          + ", ".join(f"{k} {v['ms_per_article']:.2f}" for k, v in ann["stages"].items())
          + f"); loading {ann['load_seconds']:.1f} s" + ("" if ann["ner_model"] else "; NER model missing"))
    rss = [f"'{p['command']}' {p['peak_rss_mb']:.0f} MiB" for k, p in result["phases"].items()
           if k.startswith("end_to_end") and p.get("peak_rss_mb")]
    print(f"peak RSS: phases apart {result['peak_rss_mb']:.0f} MiB (whole corpus in memory), " + ", ".join(rss)
          + f"; store {result['store_bytes'] / 1e6:.1f} MB on disk,"
          f" {result['annotated_store_bytes'] / 1e6:.1f} MB with annotations")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run, print and save."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=7, help="random seed of the perturbations")
    ap.add_argument("--batch-size", type=int, default=Settings().store.batch_size, help="articles per transaction")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="folder for ingest.json")
    ap.add_argument("--workdir", type=Path, default=None, help="keep corpus and stores here (default: temp)")
    ap.add_argument("--ner-model", default="", help="NER model directory (default: the one shipped in the package)")
    args = ap.parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        result = run(args.n, args.seed, args.batch_size, args.workdir, args.ner_model)
    else:
        with tempfile.TemporaryDirectory(prefix="ghatna-bench-") as tmp:
            result = run(args.n, args.seed, args.batch_size, Path(tmp), args.ner_model)
    print_table(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'ingest.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
