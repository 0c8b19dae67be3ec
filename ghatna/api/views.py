"""What each resource looks like to a client: the data behind both the JSON endpoints and the web pages.

Each function reads the store and returns plain JSON types; the API returns them as they are and
the web pages render the very same dicts, so the two never disagree.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ghatna.api.charts import timeline_chart
from ghatna.api.highlight import Mark, highlight
from ghatna.errors import StoreError
from ghatna.output import article_document
from ghatna.store import Store
from ghatna.store.queries import EventFilter, EventRow


def entity_names(store: Store, ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
    """Return ``{id: {id, name, name_en, name_hi, type}}`` for display; unknown ids get their id as name."""
    wanted = sorted({i for i in ids if i})
    labels = store.entity_labels(wanted) if wanted else {}  # type: ignore[attr-defined]
    out = {}
    for eid in wanted:
        typ, en, hi = labels.get(eid, (None, None, None))
        out[eid] = {"id": eid, "name": en or hi or eid, "name_en": en, "name_hi": hi, "type": typ}
    return out


def event_dicts(store: Store, events: Sequence[EventRow]) -> list[dict[str, Any]]:
    """Return events as JSON with the names of their entities alongside the ids."""
    names = entity_names(store, [i for e in events for i in (*e.actor, *e.recipient, e.location)])
    out = []
    for e in events:
        d = e.to_dict()
        d["names"] = {i: names[i]["name"] for i in (*e.actor, *e.recipient, e.location) if i}
        out.append(d)
    return out


def entity_view(store: Store, entity_id: str, *, events: int = 50, quotes: int = 20, related: int = 15,
                articles: int = 20) -> dict[str, Any]:
    """Return an entity's page: names and spellings with counts, roles, events, quotes, related entities, timeline."""
    page = store.get_entity(entity_id, articles=articles)
    root = page.entity.id
    total_events, event_rows = store.list_events(EventFilter(entity=root), limit=events)  # type: ignore[attr-defined]
    total_quotes, quote_rows = store.list_quotes(speaker=root, limit=quotes)  # type: ignore[attr-defined]
    rel = store.related_entities(root, limit=related)  # type: ignore[attr-defined]
    rel_names = entity_names(store, [eid for eid, _ in rel])
    buckets = store.event_buckets(EventFilter(entity=root), "month")  # type: ignore[attr-defined]
    spellings: dict[str, int] = {}
    for a in page.aliases:
        spellings[a.script] = spellings.get(a.script, 0) + a.mentions
    return {
        "entity": page.entity.to_dict(),
        "requested_id": entity_id,
        "aliases": [a.to_dict() for a in page.aliases],
        "scripts": spellings,
        "merged_from": list(page.merged_from),
        "roles": store.entity_roles(root),  # type: ignore[attr-defined]
        "events": event_dicts(store, event_rows), "events_total": total_events,
        "quotes": [q.to_dict() for q in quote_rows], "quotes_total": total_quotes,
        "related": [{**rel_names[eid], "articles": n} for eid, n in rel],
        "articles": [a.to_dict() for a in page.articles],
        "timeline": [{"period": p, "event_type": t, "count": n} for p, t, n in buckets],
    }


def timeline_view(store: Store, entity_id: str, granularity: str, date_from: str | None, date_to: str | None,
                  limit: int, offset: int) -> dict[str, Any]:
    """Return an entity's events over time: counts per period and type, mentions per period, the events."""
    root = store.resolve_entity(entity_id)
    f = EventFilter(entity=root, date_from=date_from, date_to=date_to)
    total, rows = store.list_events(f, limit=limit, offset=offset)  # type: ignore[attr-defined]
    buckets = store.event_buckets(f, granularity)  # type: ignore[attr-defined]
    mentions = store.mention_buckets([root], granularity)  # type: ignore[attr-defined]
    return {"entity": entity_names(store, [root])[root], "granularity": granularity,
            "buckets": [{"period": p, "event_type": t, "count": n} for p, t, n in buckets],
            "mentions": [{"period": p, "articles": n} for p, n in mentions],
            "events": event_dicts(store, rows), "total": total, "limit": limit, "offset": offset}


def dyad_view(store: Store, a: str, b: str, granularity: str, date_from: str | None, date_to: str | None,
              limit: int, offset: int) -> dict[str, Any]:
    """Return A ↔ B over time: events with both (as actor or recipient) by period and direction, shared articles."""
    ra, rb = store.resolve_entity(a), store.resolve_entity(b)
    f = EventFilter(involving=(ra, rb), date_from=date_from, date_to=date_to)
    total, rows = store.list_events(f, limit=limit, offset=offset)  # type: ignore[attr-defined]
    buckets = store.event_buckets(f, granularity)  # type: ignore[attr-defined]
    directions = {"a_to_b": store.list_events(EventFilter(actor=ra, recipient=rb, date_from=date_from,  # type: ignore[attr-defined]
                                                          date_to=date_to), limit=0)[0],
                  "b_to_a": store.list_events(EventFilter(actor=rb, recipient=ra, date_from=date_from,  # type: ignore[attr-defined]
                                                          date_to=date_to), limit=0)[0]}
    shared_total, shared = store.articles_with_all([ra, rb], limit=20)  # type: ignore[attr-defined]
    names = entity_names(store, [ra, rb])
    return {"a": names[ra], "b": names[rb], "granularity": granularity, "total": total, "limit": limit,
            "offset": offset, "directions": directions,
            "buckets": [{"period": p, "event_type": t, "count": n} for p, t, n in buckets],
            "mentions": [{"period": p, "articles": n} for p, n in store.mention_buckets([ra, rb], granularity)],  # type: ignore[attr-defined]
            "events": event_dicts(store, rows), "shared_articles_total": shared_total,
            "shared_articles": [{"id": i, "title": t, "publisher": p, "published": d} for i, t, p, d in shared]}


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """Return an article as its ``ghatna.article/1`` document, plus stored event ids and entity names."""
    aid = store.resolve_id(article_id)
    article = store.get_article(aid)
    bundle = store.get_annotations(aid)
    doc = article_document(article, bundle.pipeline_annotations() if bundle else None)
    _, events = store.list_events(EventFilter(article_id=aid), limit=10_000)  # type: ignore[attr-defined]
    events = sorted(events, key=lambda e: e.seq)
    doc["event_ids"] = [e.id for e in events]
    ids = [e["id"] for e in doc["entities"]] + [q.get("speaker") for q in doc["quotes"]]
    doc["names"] = {k: v["name"] for k, v in entity_names(store, ids).items()}
    doc["sources"] = [r.source.to_dict() for r in store.get_sources(aid)]
    doc["annotated"] = bundle is not None
    return doc


def article_pieces(doc: dict[str, Any]) -> list[Any]:
    """Return the article text cut into highlighted pieces (mentions link to entities; quotes, evidence marked)."""
    marks = []
    for ent in doc["entities"]:
        for m in ent.get("mentions", ()):
            marks.append(Mark(m["start"], m["end"], "mention", ent["id"], ent.get("type")))
    for q in doc["quotes"]:
        marks.append(Mark(q["start"], q["end"], "quote", q.get("speaker")))
    for i, ev in enumerate(doc["events"]):
        ref = f"ev{i}"
        for kind in ("evidence", "trigger"):
            span = ev.get(kind)
            if isinstance(span, dict) and "start" in span and "end" in span:
                marks.append(Mark(int(span["start"]), int(span["end"]), kind, ref))
    return highlight(doc["article"]["text"], marks)


def chart_of(buckets: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return the timeline chart geometry of ``[{period, event_type, count}]``."""
    return timeline_chart([(b["period"], b["event_type"], b["count"]) for b in buckets])


def safe_entity(store: Store, entity_id: str) -> str | None:
    """Return the id an entity id stands for now, or None if the store never saw it."""
    try:
        return store.resolve_entity(entity_id)
    except StoreError:
        return None
