"""Entities an article's metadata names: its publisher, and a byline that only a header line gave.

A publisher or a byline from a removed header line has no span in ``Article.text``; its evidence is
the header line in ``Article.raw``, so such entities carry ``metadata`` entries with raw offsets
instead of text mentions. Known names link to the KB (news agencies, papers); unknown ones get the
same stable NIL id the linker gives the same name found in text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ghatna.kb.keys import name_keys
from ghatna.kb.knowledge import KnowledgeBase
from ghatna.kb.linker import _display_latin, _nil_id
from ghatna.types import Article, LinkedEntity, LinkResult

#: A KB hit must score at least this (an exact alias key) to name a publisher or byline.
EXACT = 1.0


def _raw_evidence(article: Article, field: str, name: str) -> dict[str, Any]:
    """Locate ``name`` inside a removed header line of the raw text."""
    for b in article.boilerplate:
        if b.kind == "header":
            pos = article.raw.find(name, b.raw_start, b.raw_end)
            if pos >= 0:
                return {"field": field, "text": name, "raw_start": pos, "raw_end": pos + len(name)}
    return {"field": field, "text": name, "raw_start": None, "raw_end": None}


def _entity_for(name: str, type_: str, kb: KnowledgeBase) -> tuple[str, str | None, str | None, str | None, bool]:
    """Return (id, qid, name_en, name_hi, nil) for a metadata name."""
    for ent, score, _alias in kb.search(name, limit=3):
        if score >= EXACT and ent.type == type_:
            return ent.id, ent.qid, ent.name_en, ent.name_hi, False
    deva = any("\u0900" <= c <= "\u097f" for c in name)
    return (_nil_id(type_, name_keys(name).phon), None, _display_latin(name), name if deva else None, True)


def link_metadata(article: Article, result: LinkResult, kb: KnowledgeBase) -> LinkResult:
    """Add (or annotate) the entities named only by metadata: publisher, header byline.

    Example: a header ``India News Network | 2024-06-25`` gives an ORG entity "India News Network"
    whose ``metadata`` points at the header line in the raw text.
    """
    wanted = []
    if article.publisher:
        wanted.append(("publisher", article.publisher, "ORG"))
    if article.byline and article.byline_span is None:
        wanted.append(("byline", article.byline, "PERSON"))
    entities = list(result.entities)
    for field, name, type_ in wanted:
        eid, qid, name_en, name_hi, nil = _entity_for(name, type_, kb)
        evidence = _raw_evidence(article, field, name)
        for i, e in enumerate(entities):
            if e.id == eid:
                entities[i] = replace(e, metadata=(*e.metadata, evidence))
                break
        else:
            entities.append(LinkedEntity(eid, qid, type_, name_en, name_hi, (), nil, (evidence,)))
    return replace(result, entities=tuple(entities))
