"""Pipeline and scale benchmark: whole-pipeline throughput per core, peak memory, cross-document scaling.

Phases (each can be skipped):

* ``stages``: the full per-article pipeline in this process over ``--stage-sample`` articles of about
  600 words, each stage on its own clock (ms per article), plus a pyinstrument profile when it is
  installed (``bench/out/pipeline_profile.txt``);
* ``batch``: the real ``ghatna batch --engine local --workers W`` over ``--n`` articles (≥ 10 000) in a
  child process: articles/s, articles/s per worker, peak RSS of the batch process and of the largest
  worker; the cross-document steps run after the map and are timed by the run itself;
* ``scale``: the cross-document steps (near-duplicates, stories, canonical events) over 1k / 10k / 100k
  synthetic articles, each size in its own child process (time per step and peak RSS).

The 600-word corpus is generated from the team's ``examples/*.txt``: each article keeps an example's
header and title and takes body paragraphs of examples of the same topic, numbers swapped, until it
has 600 words. The scale corpus is made of sentences of the examples with the entities and events the
pipeline found in them: each synthetic article takes 20–30 sentences, 6 of them from a "story" it
shares with 0–4 other articles, which also share made-up words and their own variants of half of the
entity ids (so that stories differ as different happenings do); 5 % are reprints of a recent article;
100 articles are published per day, so a larger corpus covers a longer period, as a real one does.

Usage: ``python bench/pipeline/run.py [--n 10000] [--workers 2] [--stage-sample 300]
[--scale 1000,10000,100000] [--skip-batch] [--skip-scale] [--workdir DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

# figures are per core: numpy's BLAS (the NER expert's matrix products) must not add threads of its own
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from ghatna.config import Settings  # noqa: E402
from ghatna.pipeline import FULL_STAGES, Pipeline, settle_heap  # noqa: E402
from ghatna.registry import StageSpec, builtin_stages  # noqa: E402
from ghatna.registry import timed_stages as timed_registry  # noqa: E402
from ghatna.types import RawRecord, SourceRef  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "bench" / "out"
DIGITS = re.compile(r"[0-9]+|[\u0966-\u096f]+")
ARTICLES_PER_DAY = 100


def swap_numbers(line: str, rng: random.Random) -> str:
    """Replace each run of digits with random digits of the same script and length."""
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if s[0].isascii():
            return "".join(str(rng.randrange(10)) for _ in s)
        return "".join(chr(0x0966 + rng.randrange(10)) for _ in s)
    return DIGITS.sub(repl, line)


def long_articles(n: int, seed: int) -> list[str]:
    """Return n articles of about 600 words made from the examples (header and title of one, body of its topic)."""
    rng = random.Random(seed)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))}
    by_topic: dict[str, list[str]] = {}
    for name, text in texts.items():
        by_topic.setdefault(name.split("_")[0], []).append(text)
    names = sorted(texts)
    out = []
    for _ in range(n):
        name = rng.choice(names)
        lines = texts[name].splitlines()
        head = lines[:3]
        body = [ln for ln in lines[3:] if len(ln) > 120]
        pool = [ln for t in by_topic[name.split("_")[0]] for ln in t.splitlines()[3:] if len(ln) > 120]
        words = sum(len(ln.split()) for ln in head + body)
        while words < 600:
            ln = rng.choice(pool)
            body.append(ln)
            words += len(ln.split())
        rng.shuffle(body)
        out.append("\n".join(head + [swap_numbers(ln, rng) for ln in body]) + "\n")
    return out


def timed_table(clock: dict[str, float]) -> dict[str, StageSpec]:
    """Return the built-in stages, each adding its time to ``clock``."""
    return timed_registry(builtin_stages(), clock)


def stage_phase(texts: list[str]) -> dict[str, Any]:
    """Time the full pipeline per stage in this process (one core); profile it when pyinstrument is there."""
    clock: dict[str, float] = {}
    t0 = time.perf_counter()
    pipeline = Pipeline(Settings(), FULL_STAGES, timed_table(clock))
    load = time.perf_counter() - t0
    settle_heap()  # as ghatna ingest and batch workers do once their pipeline is built
    records = [RawRecord(SourceRef(f"gen_{i:06d}.txt", 0), t.encode("utf-8")) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    ok = sum(pipeline.run(r).ok for r in records)
    seconds = time.perf_counter() - t0
    per_stage = dict(clock)  # before profiling, which runs the pipeline again
    profile = ""
    try:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
        for r in records[:100]:
            pipeline.run(r)
        profiler.stop()
        profile = profiler.output_text(unicode=True, color=False, show_all=False)
        (OUT / "pipeline_profile.txt").write_text(profile, encoding="utf-8")
    except ImportError:
        pass
    n = len(records)
    words = sum(len(t.split()) for t in texts) / n
    return {"articles": n, "ok": ok, "words_per_article": round(words), "load_seconds": round(load, 2),
            "seconds": round(seconds, 2), "articles_per_second_one_core": round(n / seconds, 2),
            "ms_per_article": {k: round(1000 * v / n, 2) for k, v in sorted(per_stage.items(), key=lambda kv: -kv[1])},
            "profiled": bool(profile)}


def batch_phase(texts: list[str], workers: int, workdir: Path) -> dict[str, Any]:
    """Run the real 'ghatna batch --engine local' over the corpus in a child process."""
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for i, t in enumerate(texts):
        (corpus / f"gen_{i:06d}.txt").write_text(t, encoding="utf-8")
    out = workdir / "batch"
    cmd = [sys.executable, "-m", "ghatna", "batch", str(corpus), "--out", str(out), "--engine", "local",
           "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=workdir)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise RuntimeError(f"ghatna batch failed: {stderr[-2000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    mapped = summary["seconds"]["map"]
    return {"articles": len(texts), "workers": workers, "wall_seconds": round(wall, 1),
            "map_seconds": mapped, "crossdoc_seconds": summary["seconds"].get("crossdoc"),
            "articles_per_second": round(len(texts) / wall, 2),
            "map_articles_per_second_per_worker": round(len(texts) / mapped / workers, 2),
            "peak_rss_mb_batch_process": round(usage.ru_maxrss / 1024), "peak_rss_mb_largest_process": round(largest),
            "ok": summary["ok"], "failed": summary["failed"], "rejected": summary["rejected"],
            "crossdoc": summary["crossdoc"]}


# -- scale corpus ---------------------------------------------------------------------------------

def sentence_pool() -> list[dict[str, Any]]:
    """Return every sentence of the examples with the entity ids and events the pipeline found in it."""
    pipeline = Pipeline(Settings(), FULL_STAGES)
    pool = []
    for path in sorted((REPO / "examples").glob("*.txt")):
        r = pipeline.run(RawRecord(SourceRef(str(path)), path.read_bytes()))
        if not r.ok:
            continue
        text = r.article.text
        for s in r.annotations["sentences"]:
            ents = Counter(m.entity_id for m in r.annotations["links"].mentions
                           if m.entity_id and s.start <= m.start < s.end)
            events = [e.to_dict() for e in r.annotations.get("events", ())
                      if e.evidence and s.start <= e.evidence.start < s.end]
            if len(s.text.split()) >= 5:
                pool.append({"text": text[s.start:s.end], "entities": dict(ents), "events": events})
    return pool


CONSONANTS = "कखगघचछजझटठडढतथदधनपफबभमयरलवशसह"
VOWEL_SIGNS = ["", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ"]


def pseudo_words(rng: random.Random, k: int) -> list[str]:
    """Return k made-up Devanagari words (a story's own names and terms)."""
    return ["".join(rng.choice(CONSONANTS) + rng.choice(VOWEL_SIGNS) for _ in range(rng.randrange(2, 5)))
            for _ in range(k)]


def _variant(entity: str, family: int) -> str:
    """Return the entity as one story family sees it: half of the names become that story's own people."""
    return f"{entity}~{family}" if zlib.crc32(f"{family}:{entity}".encode()) % 2 else entity


def scale_rows(n: int, pool: list[dict[str, Any]], seed: int) -> Iterator[dict[str, Any]]:
    """Yield n synthetic batch-output rows (the columns the cross-document steps read).

    Each story family (1-5 articles) has its own 8 sentences, 12 made-up words and its own variants of
    half of the entity ids, so that families differ the way different happenings do; the other
    sentences of an article are drawn from the whole pool. 5 % of the rows reprint a recent article.
    """
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    recent: list[tuple[list[int], int, list[str]]] = []
    story: list[int] = []
    words: list[str] = []
    family, left = -1, 0
    for i in range(n):
        day = (start + timedelta(days=i // ARTICLES_PER_DAY)).isoformat()
        if recent and rng.random() < 0.05:  # a reprint of a recent article with one sentence dropped
            sents, fam, extra = rng.choice(recent)
            sents = list(sents)
            del sents[rng.randrange(len(sents))]
        else:
            if left <= 0:
                family, left = family + 1, rng.randrange(1, 6)
                story = [rng.randrange(len(pool)) for _ in range(8)]
                words = pseudo_words(rng, 12)
            left -= 1
            k = rng.randrange(20, 31)
            sents = rng.sample(story, 6) + [rng.randrange(len(pool)) for _ in range(k - 6)]
            rng.shuffle(sents)
            fam, extra = family, rng.sample(words, 8)
        recent = (recent + [(sents, fam, extra)])[-ARTICLES_PER_DAY:]
        ents: Counter[str] = Counter()
        events = []
        for j in sents:
            ents.update({_variant(e, fam): c for e, c in pool[j]["entities"].items()})
            for e in pool[j]["events"]:
                events.append({**e, "actor": [_variant(x, fam) for x in e.get("actor") or ()],
                               "recipient": [_variant(x, fam) for x in e.get("recipient") or ()],
                               "date": {"value": day, "granularity": "day", "kind": "inferred"}})
        mentions = [{"entity_id": e} for e, c in ents.items() for _ in range(c)]
        text = " ".join(extra) + "।\n" + "\n".join(pool[j]["text"] for j in sents)
        yield {"status": "ok", "article_id": f"{i:016x}", "title": None, "publisher": f"p{i % 7}",
               "published": day, "text": text,
               "annotations": json.dumps({"links": {"mentions": mentions}, "events": events}, ensure_ascii=False)}


def write_scale_corpus(n: int, folder: Path, seed: int) -> None:
    """Write the synthetic corpus of n articles as Parquet parts (a child process: its memory is its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool()
    schema = pa.schema([(k, pa.string()) for k in ("status", "article_id", "title", "publisher", "published",
                                                    "text", "annotations")])
    part: list[dict[str, Any]] = []
    parts = 0
    for row in scale_rows(n, pool, seed):
        part.append(row)
        if len(part) == 5000:
            pq.write_table(pa.Table.from_pylist(part, schema=schema), folder / f"part-{parts:05d}.parquet")
            part, parts = [], parts + 1
    if part:
        pq.write_table(pa.Table.from_pylist(part, schema=schema), folder / f"part-{parts:05d}.parquet")


def scale_child(n: int, workdir: Path, seed: int) -> None:
    """In a fresh child process: run the cross-document steps over the corpus and print the figures."""
    from ghatna.article_rows import crossdoc_inputs
    from ghatna.crossdoc import run_crossdoc

    folder = workdir / f"scale-{n}-s{seed}" / "articles"
    t0, c0 = time.perf_counter(), time.process_time()
    result = run_crossdoc(crossdoc_inputs(folder))
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    summary = result.summary()
    print(json.dumps({"articles": n, "seconds": round(total, 2), "cpu_seconds": round(cpu, 2),
                      "steps": summary["seconds"], "steps_cpu": summary["cpu_seconds"],
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      **{k: summary[k] for k in ("near_duplicate_pairs", "duplicate_groups", "stories",
                                                 "multi_article_stories", "articles_in_multi_article_stories",
                                                 "event_reports", "canonical_events",
                                                 "canonical_events_with_several_reports")}}))


def scale_phase(sizes: list[int], workdir: Path, seed: int) -> list[dict[str, Any]]:
    """Write each corpus in a child process, then run the steps over it in another (peak memory is theirs)."""
    out = []
    for n in sizes:
        folder = workdir / f"scale-{n}-s{seed}" / "articles"
        if not any(folder.glob("*.parquet")):
            subprocess.run([sys.executable, __file__, "--write-scale", str(n), "--workdir", str(workdir),
                            "--seed", str(seed)], check=True, cwd=REPO)
        proc = subprocess.run([sys.executable, __file__, "--scale-child", str(n), "--workdir", str(workdir),
                               "--seed", str(seed)], capture_output=True, text=True, cwd=REPO)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-3000:])
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"scale {n:>7}: {out[-1]['seconds']:8.1f} s wall, {out[-1]['cpu_seconds']:8.1f} s CPU "
              f"{out[-1]['steps_cpu']}  peak {out[-1]['peak_rss_mb']} MiB", flush=True)
    for a, b in zip(out, out[1:]):
        # CPU time is what the steps cost; wall time also holds whatever else the machine was doing
        b["growth_vs_previous"] = round(b["seconds"] / a["seconds"], 2)
        b["cpu_growth_vs_previous"] = round(b["cpu_seconds"] / a["cpu_seconds"], 2)
    return out


def git_commit() -> str:
    """Return the short commit the benchmark ran on."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main() -> None:
    """Run the phases, print a summary, write bench/out/pipeline.json."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles of the batch phase")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--stage-sample", type=int, default=300, help="articles of the per-stage phase")
    ap.add_argument("--scale", default="1000,10000,100000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-stages", action="store_true")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--workdir", default="")
    ap.add_argument("--scale-child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--write-scale", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="ghatna-bench-pipeline-"))
    if args.scale_child:
        scale_child(args.scale_child, workdir, args.seed)
        return
    if args.write_scale:
        write_scale_corpus(args.write_scale, workdir / f"scale-{args.write_scale}-s{args.seed}" / "articles", args.seed)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"commit": git_commit(), "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                              "python": platform.python_version(), "cpus": os.cpu_count(),
                              "load_average": os.getloadavg()}
    if not args.skip_stages:
        result["stages"] = stage_phase(long_articles(args.stage_sample, args.seed))
        s = result["stages"]
        print(f"stages: {s['articles_per_second_one_core']} articles/s on one core "
              f"({s['words_per_article']} words); ms/article: {s['ms_per_article']}", flush=True)
    if not args.skip_batch:
        result["batch"] = batch_phase(long_articles(args.n, args.seed + 1), args.workers, workdir)
        b = result["batch"]
        print(f"batch: {b['articles']} articles in {b['wall_seconds']} s ({b['articles_per_second']}/s, "
              f"{b['map_articles_per_second_per_worker']}/s per worker); peak RSS {b['peak_rss_mb_batch_process']}"
              f" / {b['peak_rss_mb_largest_process']} MiB", flush=True)
    if not args.skip_scale:
        result["scale"] = scale_phase([int(x) for x in args.scale.split(",") if x], workdir, args.seed)
    # phases not run this time keep their figures from the last run that had them
    path = OUT / "pipeline.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for phase in ("stages", "batch", "scale"):
        if phase not in result and phase in old:
            result[phase] = {**old[phase], "from_run": old.get("at")} if isinstance(old[phase], dict) else old[phase]
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"figures in {OUT / 'pipeline.json'}; corpora in {workdir}")


if __name__ == "__main__":
    main()
