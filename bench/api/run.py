"""API latency on a large store: p50/p95 of the entity page, search and timeline endpoints.

Usage: python bench/api/run.py [--articles 100000] [--db bench/out/api.db] [--requests 200] [--fresh]

Generates the store once (``bench/api/generate.py``; reused on later runs unless ``--fresh``), serves
it with uvicorn on a loopback port exactly as ``ghatna serve`` does, and times sequential requests
from one client (wall time per request, HTTP included). Writes ``bench/out/api.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Generator, fill  # noqa: E402

from ghatna.api.app import create_app  # noqa: E402
from ghatna.config import Settings, StoreSettings  # noqa: E402
from ghatna.store import open_store  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "out"


def _port() -> int:
    """Return a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pcts(samples: list[float]) -> dict[str, float]:
    """Return p50, p95, max and mean in milliseconds."""
    qs = statistics.quantiles(samples, n=100)
    return {"n": len(samples), "p50_ms": round(qs[49] * 1000, 1), "p95_ms": round(qs[94] * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1), "mean_ms": round(statistics.fmean(samples) * 1000, 1)}


def _time(client: httpx.Client, urls: list[str]) -> dict[str, float]:
    """GET each URL once (after one warm-up) and return its latency figures."""
    client.get(urls[0])
    out = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        out.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:200]}")
    return _pcts(out)


def main() -> None:
    """Generate (or reuse) the store, serve it, time the endpoints, print and save the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", default=str(OUT / "api.db"))
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--fresh", action="store_true", help="regenerate the store")
    ap.add_argument("--warm", action="store_true",
                    help="read the store file once before timing: steady state of a server whose store fits in "
                         "memory (the default measures whatever the OS cache holds, cold reads included)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = Path(args.db)
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    settings = replace(Settings(), store=StoreSettings(url=str(db)))
    gen_seconds = None
    with open_store(settings.store) as store:
        have = store.counts().articles
        if have < args.articles:
            print(f"generating {args.articles - have} articles into {db} …", flush=True)
            t = time.perf_counter()
            if have:
                raise SystemExit("the store holds another corpus; use --fresh")
            fill(store, args.articles)
            gen_seconds = time.perf_counter() - t
        counts = store.counts()
        # entities by popularity: the head (most mentioned) and a uniform sample of all
        ranked = [e.id for e in store.list_entities(limit=100_000)]
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        events = c.execute("SELECT count(*) FROM events").fetchone()[0]
        mentions = c.execute("SELECT count(*) FROM mentions").fetchone()[0]
    size_mb = sum(os.path.getsize(p) for p in (db, Path(str(db) + "-wal")) if p.exists()) / 1e6
    rng = random.Random(11)
    gen = Generator(3000, 7)  # the same names as the stored ones (same seed)
    head, anyone = ranked[:10], rng.sample(ranked, min(len(ranked), args.requests))
    by_id = {e.id: e for e in gen.entities}
    queries = []
    for eid in rng.sample(ranked[:1000], min(1000, len(ranked))):
        e = by_id.get(eid)
        if e:
            queries += [e.spellings[-1], e.name_en.rsplit(" ", 1)[0], e.spellings[0].split()[-1]]
    queries = queries[:args.requests]

    if args.warm:
        with open(db, "rb") as fh:  # page the store into the OS file cache, as a long-running server has
            while fh.read(1 << 24):
                pass
    port = _port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    reps = 3  # each head entity three times: their pages are the slow ones
    results = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        results["entity page (any entity)"] = _time(client, [f"/api/entities/{e}" for e in anyone])
        results["entity page (10 most mentioned)"] = _time(client, [f"/api/entities/{e}" for e in head] * reps)
        results["search"] = _time(client, ["/api/search?" + httpx.QueryParams({"q": q}).__str__() for q in queries])
        results["timeline (any entity)"] = _time(client, [f"/api/entities/{e}/timeline" for e in anyone])
        results["timeline (10 most mentioned)"] = _time(client, [f"/api/entities/{e}/timeline" for e in head] * reps)
        results["entity page HTML (any entity)"] = _time(client, [f"/entity/{e}" for e in anyone])
    server.should_exit = True
    thread.join(10)
    report = {"articles": counts.articles, "entities": counts.entities, "events": events, "mentions": mentions,
              "store_mb": round(size_mb, 1), "generate_seconds": gen_seconds and round(gen_seconds, 1),
              "warm": args.warm, "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "cpus": os.cpu_count(),
              "results": results}
    (OUT / "api.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps({k: v for k, v in report.items() if k != "results"}))
    print("| endpoint | requests | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |")


if __name__ == "__main__":
    main()
