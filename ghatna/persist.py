"""Pipeline results into the store, and the cross-article entity step over a store.

* ``to_annotations``: the pipeline's annotations of one article as the store's ``Annotations``
  record (with the match keys of every linked name, which the store indexes for search);
* ``Annotator``: what ``ghatna ingest`` calls per raw record: the article and its annotations;
* ``merge_nil``: propose merges of unknown (NIL) entities across stored articles, apply them with
  their evidence (each one undoable with ``Store.undo_merge``).

Example:
    >>> from ghatna.types import LinkResult, Mention
    >>> m = Mention(0, 4, "भारत", "GPE", how="gazetteer", entity_id="Q668")
    >>> bundle = to_annotations("a1", {"links": LinkResult((m,), ())})
    >>> [(k.text, k.phon) for k in bundle.keys]
    [('भारत', 'barat')]
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ghatna.config import Settings
from ghatna.kb.keys import name_keys
from ghatna.kb.nilmerge import MergeProposal, propose_nil_merges
from ghatna.pipeline import FULL_STAGES, Pipeline
from ghatna.registry import StageSpec
from ghatna.store.base import EntityMerge, Store
from ghatna.text.translit import is_devanagari
from ghatna.types import AliasKey, Annotations, Article, JsonRecord, LinkResult, RawRecord, Rejection

log = logging.getLogger(__name__)

#: what ``ghatna ingest`` runs unless told ``--no-annotate``
ANNOTATE_STAGES = FULL_STAGES


def alias_keys(links: LinkResult) -> tuple[AliasKey, ...]:
    """Return the match keys of each linked surface form, in order of first mention."""
    out: dict[str, AliasKey] = {}
    for m in links.mentions:
        if m.entity_id and m.text not in out:
            k = name_keys(m.text)
            out[m.text] = AliasKey(m.text, k.ortho, k.phon, "Deva" if is_devanagari(m.text) else "Latn")
    return tuple(out.values())


def to_annotations(article_id: str, annotations: Mapping[str, Any], stages: Iterable[str] = ()) -> Annotations:
    """Return the pipeline's annotations of one article as the record the store keeps.

    Args:
        article_id: the article they belong to.
        annotations: ``Result.annotations``: ``links`` (LinkResult), ``dates``, ``quotes``, and
            ``events``/``facts`` (records with ``to_dict`` in the ``ghatna.article/1`` shape) when
            those stages ran. Other entries (sentences, raw mentions) are not kept.
        stages: names of the stages that produced them (kept as provenance).
    """
    links = annotations.get("links") or LinkResult((), ())
    return Annotations(
        article_id, links, tuple(annotations.get("dates") or ()), tuple(annotations.get("quotes") or ()),
        tuple(JsonRecord.of(e) for e in annotations.get("events") or ()),
        tuple(JsonRecord.of(f) for f in annotations.get("facts") or ()),
        alias_keys(links), tuple(stages))


class Annotator:
    """Builds the article and its annotations from a raw record with the whole pipeline.

    Called as ``annotator(record, settings)`` it returns ``(article, annotations)``; a record that
    cannot become an article gives its ``Rejection``. When an annotation stage fails on an article
    (a bug, not bad input), the article is still returned, with ``None`` annotations, and the
    failure is logged: ingestion never loses an article because an annotator failed.
    """

    def __init__(self, settings: Settings, stages: Iterable[str] = ANNOTATE_STAGES,
                 table: dict[str, StageSpec] | None = None) -> None:
        """Build the pipeline (loads the NER model and the KB once; raises ResourceError if missing)."""
        self.pipeline = Pipeline(settings, tuple(stages), table)

    def __call__(self, record: RawRecord, settings: Settings) -> "tuple[Article, Annotations | None] | Rejection":
        """Run the pipeline on one record."""
        result = self.pipeline.run(record)
        if result.article is not None:
            return result.article, to_annotations(result.article.id, result.annotations, self.pipeline.stage_names)
        rejection = result.rejection
        assert rejection is not None
        if rejection.code.startswith("E1"):  # the input itself (E1xx): reject the record
            return rejection
        from ghatna.ingest.article import build_article  # the article without the stage that failed

        log.warning("annotating %s#%d failed [%s] %s; storing the article without annotations",
                    record.source.path, record.source.index, rejection.code, rejection.reason)
        return build_article(record, settings), None


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    """A proposal and what became of it: the merge made, or why it was skipped."""

    proposal: MergeProposal
    merge: EntityMerge | None = None
    skipped: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the outcome as plain JSON types."""
        return {**self.proposal.to_dict(), "merge_id": self.merge.id if self.merge else None,
                "applied": self.merge is not None, "skipped": self.skipped or None}


def merge_nil(store: Store, *, apply: bool = True, min_shared: int = 2, min_context: float = 0.5,
              min_ratio: float = 88.0) -> list[MergeOutcome]:
    """Propose merges of NIL entities across the store's articles and (unless ``apply=False``) make them.

    A pair a user split before (an undone merge) is never proposed again. Proposals are applied
    strongest first; one whose entities an earlier merge already joined is skipped.

    Returns:
        One outcome per proposal, in the order they were considered.
    """
    profiles = store.entity_profiles(nil_only=True)
    total = store.counts().annotated
    undone = [(m.kept, m.merged) for m in store.list_merges(active=False, limit=1_000_000)]
    proposals = propose_nil_merges(profiles, total, min_shared=min_shared, min_context=min_context,
                                   min_ratio=min_ratio, exclude=undone)
    out = []
    for p in proposals:
        if not apply:
            out.append(MergeOutcome(p, skipped="dry run"))
            continue
        if store.resolve_entity(p.kept) == store.resolve_entity(p.merged):
            out.append(MergeOutcome(p, skipped="already one entity"))
            continue
        merge = store.merge_entities(p.kept, p.merged, p.reason, evidence=p.evidence, created_by="merge-nil")
        out.append(MergeOutcome(p, merge))
    log.info("merge-nil: %d NIL entities, %d proposals, %d merged", len(profiles), len(proposals),
             sum(o.merge is not None for o in out))
    return out
