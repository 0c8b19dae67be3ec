"""The cross-document steps, in order: near-duplicates, then stories, then one event per happening.

They run over many articles at once (a store, or the output of a batch run), after the per-article
pipeline. Each article is read once (``CrossDocInput``): its MinHash signature is made (unless a
stored one is given), its content words are encoded compactly and its text is dropped, so memory
grows with the number of articles but not with their length.

* near-duplicates (``ingest.dedup``): pairs and groups; a group's copies share its representative's
  story;
* stories (``cluster.stories``): articles about one happening, within a time window;
* canonical events (``cluster.happenings``): each article event joins the canonical event of the same
  happening, its story helping where dates are missing.

Example:
    >>> from ghatna.store.crossdoc import CrossDocInput
    >>> ev = {"event_type": "CONSULT", "actor": ["Q1"], "recipient": ["Q2"], "date": {"value": "2024-07-04", "granularity": "day"}}
    >>> docs = [CrossDocInput("a", None, "P1", "2024-07-04", "तोकायेव जयशंकर मुलाकात अस्ताना", (("Q1", 1), ("Q2", 1)), (ev,)),
    ...         CrossDocInput("b", None, "P2", "2024-07-04", "जयशंकर तोकायेव अस्ताना भेंट", (("Q1", 1), ("Q2", 1)), (ev,))]
    >>> r = run_crossdoc(docs)
    >>> len(r.stories), len(r.events), len(r.events[0].reports)
    (1, 1, 2)
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from ghatna.cluster.happenings import HappeningParams, ReportedEvent, merge_reports
from ghatna.cluster.stories import StoryDoc, StoryParams, Vocabulary, cluster_stories, event_signature
from ghatna.ingest.dedup import DedupParams, Signer, duplicate_groups, find_near_duplicates
from ghatna.store.crossdoc import CrossDocInput, CrossDocMethods
from ghatna.types import CanonicalEvent, NearDuplicate, Story

log = logging.getLogger(__name__)

STEPS = ("dedup", "stories", "events")
#: what merging events reads of each (the rest of an event object is not kept in memory)
EVENT_KEYS = ("event_type", "status", "mode", "actor", "recipient", "date", "location", "context", "quad_code",
              "confidence", "evidence", "trigger")


@dataclass(frozen=True, slots=True)
class CrossDocParams:
    """Parameters of the three steps."""

    dedup: DedupParams = field(default_factory=DedupParams)
    stories: StoryParams = field(default_factory=StoryParams)
    happenings: HappeningParams = field(default_factory=HappeningParams)


@dataclass
class CrossDocResult:
    """What the steps found, the signatures they had to make, and how long each step took."""

    articles: int = 0
    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)
    events: list[CanonicalEvent] = field(default_factory=list)
    new_signatures: list[tuple[str, bytes, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # CPU time of this process: steady on a busy machine
    steps: tuple[str, ...] = STEPS

    def summary(self) -> dict[str, Any]:
        """Return the counts and timings as plain JSON types."""
        multi = [s for s in self.stories if len(s.members) > 1]
        merged = [e for e in self.events if len(e.reports) > 1]
        return {
            "articles": self.articles, "steps": list(self.steps),
            "near_duplicate_pairs": len(self.near_duplicates),
            "exact_duplicate_pairs": sum(d.kind == "exact" for d in self.near_duplicates),
            "duplicate_groups": len(set(self.groups.values())),
            "articles_in_duplicate_groups": len(self.groups),
            "signatures_made": len(self.new_signatures),
            "stories": len(self.stories), "multi_article_stories": len(multi),
            "articles_in_multi_article_stories": sum(len(s.members) for s in multi),
            "event_reports": sum(len(e.reports) for e in self.events),
            "canonical_events": len(self.events), "canonical_events_with_several_reports": len(merged),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "cpu_seconds": {k: round(v, 3) for k, v in self.cpu_seconds.items()},
        }


def _signature_bytes(sig: np.ndarray) -> bytes:
    """Return a signature as little-endian uint32 bytes (the stored form)."""
    return sig.astype("<u4").tobytes()


@contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small acyclic objects are built.

    Its full collections walk every live object, so with it running the steps would cost more per
    article the more articles there are (measured: 15 % more CPU at 10 000 articles); nothing here
    makes reference cycles. The previous state is restored, and one collection runs at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()


def run_crossdoc(inputs: Iterable[CrossDocInput], params: CrossDocParams = CrossDocParams(), *,
                 known_signatures: Mapping[str, tuple[bytes, str]] | None = None,
                 steps: Iterable[str] = STEPS) -> CrossDocResult:
    """Run the cross-document steps over articles.

    Args:
        inputs: every article once (text, entities as ids with mention counts, events in seq order).
        params: of each step.
        known_signatures: article id -> (signature bytes, fingerprint) made earlier with the same
            ``params.dedup.signature_key()``; only the others are hashed.
        steps: which of ``dedup``, ``stories``, ``events`` to run; ``events`` uses the stories when
            they ran (a story lets undated reports meet).

    Returns:
        The result, with ``new_signatures`` for the caller to keep.
    """
    with _bulk_allocation():
        return _run(inputs, params, known_signatures or {}, steps)


def _run(inputs: Iterable[CrossDocInput], params: CrossDocParams, known: Mapping[str, tuple[bytes, str]],
         steps: Iterable[str]) -> CrossDocResult:
    """Run the steps (see :func:`run_crossdoc`)."""
    steps = tuple(s for s in STEPS if s in set(steps))
    result = CrossDocResult(steps=steps)
    signer = Signer(params.dedup)
    vocab = Vocabulary() if "stories" in steps else None
    sigs: dict[str, np.ndarray] = {}
    prints: dict[str, str] = {}
    dates: dict[str, str] = {}
    story_docs: list[StoryDoc] = []
    # (article id, publisher, published, seq, event): not the input itself, whose text must not stay
    reports: list[tuple[str, str | None, str | None, int, dict[str, Any]]] = []
    start, cpu = time.perf_counter(), time.process_time()
    for item in inputs:
        result.articles += 1
        if item.published:
            dates[item.id] = item.published
        # the text is tokenised and keyed once, for both the signature and the story words
        words = signer.shingler.words(item.text) if (vocab is not None or item.id not in known) else []
        if "dedup" in steps:
            if item.id in known:
                raw, fp = known[item.id]
                sigs[item.id], prints[item.id] = np.frombuffer(raw, dtype="<u4"), fp
            elif (signed := signer.sign(words)) is not None:
                sigs[item.id], prints[item.id] = signed
                result.new_signatures.append((item.id, _signature_bytes(signed[0]), signed[1]))
        if vocab is not None:
            ents = tuple((sys.intern(e), n) for e, n in item.entities)
            evs = tuple(sorted({event_signature(str(e.get("event_type")), e.get("actor") or (), e.get("recipient") or ())
                                for e in item.events if e.get("event_type")}))
            story_docs.append(StoryDoc(item.id, item.published, "", item.title, item.publisher, ents, evs,
                                       words=vocab.encode_keys(words)))
        if "events" in steps:
            reports.extend((item.id, item.publisher, item.published, seq, {k: e[k] for k in EVENT_KEYS if k in e})
                           for seq, e in enumerate(item.events))
    result.seconds["read"], result.cpu_seconds["read"] = time.perf_counter() - start, time.process_time() - cpu
    if "dedup" in steps:
        t, cpu = time.perf_counter(), time.process_time()
        result.near_duplicates = find_near_duplicates(sigs, params.dedup, prints)
        result.groups = duplicate_groups(result.near_duplicates, dates)
        result.seconds["dedup"], result.cpu_seconds["dedup"] = time.perf_counter() - t, time.process_time() - cpu
    story_of: dict[str, str] = {}
    if "stories" in steps:
        t, cpu = time.perf_counter(), time.process_time()
        if result.groups:
            story_docs = [StoryDoc(d.id, d.date, d.text, d.title, d.publisher, d.entities, d.events,
                                   result.groups.get(d.id), d.words) for d in story_docs]
        result.stories = cluster_stories(story_docs, params.stories)
        story_of = {m.article_id: s.id for s in result.stories for m in s.members}
        result.seconds["stories"], result.cpu_seconds["stories"] = time.perf_counter() - t, time.process_time() - cpu
    if "events" in steps:
        t, cpu = time.perf_counter(), time.process_time()
        result.events = merge_reports(
            (ReportedEvent(aid, seq, e, story_of.get(aid), publisher, published)
             for aid, publisher, published, seq, e in reports), params.happenings)
        result.seconds["events"], result.cpu_seconds["events"] = time.perf_counter() - t, time.process_time() - cpu
    log.info("crossdoc: %s", result.summary())
    return result


def crossdoc_store(store: CrossDocMethods, params: CrossDocParams = CrossDocParams(), *,
                   steps: Iterable[str] = STEPS) -> CrossDocResult:
    """Run the steps over every stored article and replace their stored results.

    Signatures are made only for articles that have none with these parameters, and kept.
    """
    steps = tuple(steps)
    key = params.dedup.signature_key()
    known = store.get_signatures(key) if "dedup" in steps else {}
    result = run_crossdoc(store.iter_crossdoc_inputs(), params,
                          known_signatures=known, steps=steps)
    t = time.perf_counter()
    if result.new_signatures:
        store.put_signatures(result.new_signatures, key)
    if "dedup" in result.steps:
        store.put_near_duplicates(result.near_duplicates, result.groups)
    if "stories" in result.steps:
        store.put_stories(result.stories)
    if "events" in result.steps:
        store.put_canonical_events(result.events)
    result.seconds["write"] = time.perf_counter() - t
    return result


def document_fields(result: CrossDocResult) -> dict[str, dict[str, Any]]:
    """Return, per article id, what the cross-document steps add to its ``ghatna.article/1`` document.

    ``story_id`` and ``near_duplicate_of`` (the group's representative, for the other copies) go in
    the ``article`` block; ``canonical_events`` maps an event's position in ``events`` to the id of
    its canonical event. Exports and the API add them with :func:`add_document_fields`.
    """
    out: dict[str, dict[str, Any]] = {}
    for s in result.stories:
        for m in s.members:
            out.setdefault(m.article_id, {})["story_id"] = s.id
    for aid, rep in result.groups.items():
        if rep != aid:
            out.setdefault(aid, {})["near_duplicate_of"] = rep
    for e in result.events:
        for r in e.reports:
            out.setdefault(r.article_id, {}).setdefault("canonical_events", {})[r.seq] = e.id
    return out


def add_document_fields(doc: dict[str, Any], fields: Mapping[str, Any] | None) -> dict[str, Any]:
    """Add an article's cross-document fields to its ``ghatna.article/1`` document (in place; returned).

    Fields are only ever added (the contract allows it): ``article.story_id``,
    ``article.near_duplicate_of`` and ``events[i].canonical_id``, each None when unknown.
    """
    fields = fields or {}
    doc["article"]["story_id"] = fields.get("story_id")
    doc["article"]["near_duplicate_of"] = fields.get("near_duplicate_of")
    canon = fields.get("canonical_events") or {}
    for i, event in enumerate(doc.get("events") or ()):
        event["canonical_id"] = canon.get(i)
    return doc
