"""The ``ghatna.article/1`` JSON contract (see docs/output.md): records in, plain dicts out.

Layered like trafilatura: the pipeline returns records; this module formats them. Fields may be
added; existing ones are not renamed or removed without bumping ``SCHEMA``.
"""

from __future__ import annotations

from typing import Any

from ghatna.types import Article

SCHEMA = "ghatna.article/1"


def article_block(article: Article) -> dict[str, Any]:
    """Return the ``article`` object of the contract for one article."""
    source = {k: v for k, v in article.source.to_dict().items() if v is not None}
    tr = article.translated_from
    return {
        "id": article.id,
        "source": source,
        "language": article.language,
        "script": article.script,
        "translated_from": tr.language if tr else None,
        "translation_evidence": list(tr.evidence) if tr else [],
        "title": article.title,
        "title_truncated": article.title_truncated,
        "title_span": article.title_span.to_dict() if article.title_span else None,
        "subtitle": article.subtitle,
        "subtitle_span": article.subtitle_span.to_dict() if article.subtitle_span else None,
        "publisher": article.publisher,
        "published": article.published.to_dict() if article.published else None,
        "byline": article.byline,
        "byline_span": article.byline_span.to_dict() if article.byline_span else None,
        "dateline": article.dateline.to_dict() if article.dateline else None,
        "source_url": article.source_url,
        "agencies": list(article.agencies),
        "photo_captions": [c.to_dict() for c in article.photo_captions],
        "boilerplate": [b.to_dict() for b in article.boilerplate],
        "warnings": list(article.warnings),
        "text": article.text,
    }


def quote_block(quote: Any, speaker: str | None) -> dict[str, Any]:
    """Return one ``quotes`` item: the quoted span, direct or not, cue, speaker span and entity."""
    return {
        "speaker": speaker,
        "speaker_text": quote.resolved.text if quote.resolved else None,
        "start": quote.start, "end": quote.end, "text": quote.text, "direct": quote.direct,
        "cue": quote.cue.to_dict() if quote.cue else None,
    }


def article_document(article: Article, annotations: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the whole contract object: the article block plus entities, events, quotes, facts.

    ``annotations`` are the pipeline's: ``links`` (a LinkResult), ``quotes`` (QuoteSpans),
    ``events`` and ``facts`` (records with ``to_dict``); missing ones give empty lists.
    """
    annotations = annotations or {}
    links = annotations.get("links")
    entities = links.entities_json() if links is not None else []
    # entities events or facts name without a mention in the text (a visited city's country)
    entities += [e.to_dict() for e in annotations.get("referenced_entities", ())]
    quotes = []
    for q in annotations.get("quotes", []):
        speaker = None
        if links is not None and q.resolved is not None:
            speaker = links.entity_at(q.resolved.start, q.resolved.end)
        quotes.append(quote_block(q, speaker))
    return {
        "schema": SCHEMA,
        "article": article_block(article),
        "entities": entities,
        "events": [e.to_dict() for e in annotations.get("events", [])],
        "quotes": quotes,
        "facts": [f.to_dict() for f in annotations.get("facts", [])],
    }
