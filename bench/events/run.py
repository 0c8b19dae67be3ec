"""Score the event extractor on the team-written Hindi cases (tests/extract/data/events_*.yaml).

Each case is run through the real pipeline (ingest, sentences, dates, gazetteer, linking,
quotes, events; the NER stage is left out so that the score measures the event rules on the
names the knowledge base knows, and does not move when the NER model is retrained). The output
events are matched with the expected ones by ``ghatna.extract.sampleeval`` (category, actors,
recipients, date where given, status), and precision/recall are reported per PLOVER category,
for the development cases and for the held-out ones apart.

Usage: .venv/bin/python bench/events/run.py [--json OUT] [--failures] [--with-ner]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from ghatna.config import Settings
from ghatna.extract.event_lexicon import PLOVER_TYPES
from ghatna.extract.sampleeval import Names, compare_events, score_by_type
from ghatna.output import article_document
from ghatna.pipeline import FULL_STAGES, Pipeline
from ghatna.registry import builtin_stages
from ghatna.types import RawRecord, SourceRef

DATA = Path(__file__).resolve().parents[2] / "tests" / "extract" / "data"
HELDOUT = "events_heldout.yaml"


def case_files() -> tuple[list[Path], list[Path]]:
    """Development files and held-out files."""
    files = sorted(DATA.glob("events_*.yaml"))
    return [f for f in files if f.name != HELDOUT], [f for f in files if f.name == HELDOUT]


def gazetteer_pipeline(settings: Settings | None = None, with_ner: bool = False) -> Pipeline:
    """The full pipeline; without ``with_ner`` the NER stage gives no mentions (names come from the KB gazetteer)."""
    table = builtin_stages()
    if not with_ner:
        table["ghatna.extract.ner.v1"] = dataclasses.replace(
            table["ghatna.extract.ner.v1"], factory=lambda _s: (lambda _article: []))
    settings = settings or Settings()
    # one-sentence cases are shorter than an article: accept them
    settings = dataclasses.replace(settings, ingest=dataclasses.replace(settings.ingest, min_chars=1))
    return Pipeline(settings, FULL_STAGES, table)


def run_cases(pipeline: Pipeline, path: Path) -> list[dict[str, Any]]:
    """Run every case of one file; return per case its id, expected and output events and section."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for case in data["cases"]:
        date = str(case.get("date", data.get("date")))
        record = RawRecord(SourceRef(f"{path.name}#{case['id']}"), case["text"].encode("utf-8"),
                           fields={"published": date})
        result = pipeline.run(record)
        if result.article is None:
            raise RuntimeError(f"{case['id']}: rejected ({result.rejection})")
        doc = article_document(result.article, result.annotations)
        expected = [dict(e, event_type=e["type"]) for e in case["events"]]
        section = compare_events(expected, doc["events"], Names(doc))
        out.append({"id": case["id"], "file": path.name, "section": section, "doc": doc})
    return out


def table(scores: dict[str, dict[str, float]]) -> str:
    """A text table of per-category scores."""
    lines = [f"{'type':10s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>4s} {'fp':>4s} {'fn':>4s}"]
    for kind in [*PLOVER_TYPES, "all"]:
        s = scores.get(kind)
        if s is None:
            continue
        lines.append(f"{kind:10s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                     f"{s['tp']:4d} {s['fp']:4d} {s['fn']:4d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run both case sets and print (or write) the scores."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="write the scores as JSON here")
    ap.add_argument("--failures", action="store_true", help="print every missed and extra event")
    ap.add_argument("--with-ner", action="store_true", help="keep the shipped NER model in the pipeline")
    args = ap.parse_args(argv)
    pipeline = gazetteer_pipeline(with_ner=args.with_ner)
    report: dict[str, Any] = {}
    for name, files in zip(("development", "held-out"), case_files()):
        t0 = time.perf_counter()
        runs = [r for f in files for r in run_cases(pipeline, f)]
        seconds = time.perf_counter() - t0
        scores = score_by_type(r["section"] for r in runs)
        exact = sum(1 for r in runs if all(i.status in ("matched", "optional-matched") for i in r["section"].items))
        report[name] = {"cases": len(runs), "cases_exact": exact, "seconds": round(seconds, 2), "by_type": scores}
        print(f"== {name}: {len(runs)} cases, {exact} exactly right, {seconds:.1f} s")
        print(table(scores))
        if args.failures:
            for r in runs:
                for item in r["section"].items:
                    if item.status in ("missed", "extra"):
                        print(f"  {r['id']:38s} {item.status:6s} {item.label}  {item.detail}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
