"""Search over a store: keep its full-text index up to date, and answer queries in any spelling or script.

The store queues every article and entity it writes; :func:`index_pending` computes their search
keys (``ghatna.text.search``, which the store may not import) and writes them. :func:`search`
turns a user query into a match expression, widens it with the names of the entities the query
names (so Kazakhstan finds कजाखस्तान and कज़ाकिस्तान), and marks where the words matched.

Example:
    >>> from ghatna.store.search import Term
    >>> word_match(parse_query("Tokayev")) == Term(("tokaev",))
    True
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Sequence

from ghatna.store.base import EntityRow, Store
from ghatna.store.search import All, Any as AnyOf, ArticleDoc, EntityDoc, Match, SearchFilters, SearchHit, Term
from ghatna.text.search import KEYS_VERSION, QueryTerm, name_search_keys, parse_query, search_keys, skeleton_of, word_keys

log = logging.getLogger(__name__)

#: articles (or entities) keyed and written per transaction while indexing
INDEX_BATCH = 500
#: entities whose names widen a query, at most
EXPAND_ENTITIES = 3
#: alias phrases added to a query, at most
EXPAND_PHRASES = 24


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What one indexing pass did."""

    articles: int = 0
    entities: int = 0


def index_pending(store: Store, *, requeue: bool = False, batch: int = INDEX_BATCH) -> IndexReport:
    """Index every queued article and entity; return how many.

    ``requeue`` first queues whatever was indexed with older keys (``ghatna serve`` does it at
    start). Without anything queued this is two cheap reads, so it may run before every search.
    """
    if requeue:
        store.requeue_search(KEYS_VERSION)  # type: ignore[attr-defined]
    if store.search_pending() == (0, 0):  # type: ignore[attr-defined]
        return IndexReport()
    articles = entities = 0
    while True:
        queued = store.search_queue(batch)  # type: ignore[attr-defined]
        if not queued:
            break
        docs = [ArticleDoc(aid, search_keys(title), search_keys(text)) for aid, title, text in queued]
        articles += store.put_search_docs(docs, KEYS_VERSION)  # type: ignore[attr-defined]
    while True:
        queued_e = store.entity_queue(batch)  # type: ignore[attr-defined]
        if not queued_e:
            break
        edocs = [EntityDoc(eid, *name_search_keys(names)) for eid, names in queued_e]
        entities += store.put_entity_docs(edocs, KEYS_VERSION)  # type: ignore[attr-defined]
    if articles or entities:
        log.info("indexed %d articles and %d entities for search", articles, entities)
    return IndexReport(articles, entities)


def word_match(terms: Sequence[QueryTerm]) -> Match | None:
    """Return the match of every term (all must match), or None for an empty query."""
    parts: list[Match] = [Term(t.tokens, t.prefix) for t in terms]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def entity_match(terms: Sequence[QueryTerm]) -> Match | None:
    """Return the match of a query against entity names: each word by its key, or loosely by its skeleton."""
    parts: list[Match] = []
    for t in terms:
        alts: list[Match] = [Term(t.tokens, t.prefix, "names")]
        if len(t.tokens) == 1 and not t.prefix and (skel := skeleton_of(t.tokens[0])):
            alts.append(Term((skel,), False, "skeletons"))
        parts.append(alts[0] if len(alts) == 1 else AnyOf(tuple(alts)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def _phrase(name: str) -> tuple[str, ...]:
    """Return the keys of a name, as a phrase."""
    return tuple(k for _, _, k in word_keys(name))


@dataclass(frozen=True, slots=True)
class Highlight:
    """Where a query word matched in a text: half-open offsets into it."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        """Return the span as plain JSON types."""
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of search results: articles (with a snippet each), the entities the query names, the total."""

    query: str
    total: int
    limit: int
    offset: int
    hits: tuple[SearchHit, ...] = ()
    snippets: dict[str, tuple[str, tuple[Highlight, ...]]] = field(default_factory=dict)
    entities: tuple[tuple[EntityRow, float], ...] = ()
    expanded: tuple[str, ...] = ()  # names whose spellings were added to the query

    def to_dict(self) -> dict[str, Any]:
        """Return the page as plain JSON types (the API's ``/api/search`` body)."""
        results = []
        for h in self.hits:
            text, marks = self.snippets.get(h.id, ("", ()))
            results.append({**h.to_dict(), "snippet": text, "highlights": [m.to_dict() for m in marks]})
        return {"query": self.query, "total": self.total, "limit": self.limit, "offset": self.offset,
                "results": results, "expanded_with": list(self.expanded),
                "entities": [{**e.to_dict(), "score": round(s, 4)} for e, s in self.entities]}


def search(store: Store, query: str, filters: SearchFilters = SearchFilters(), *, limit: int = 20,
           offset: int = 0, expand: bool = True, snippet_chars: int = 240) -> SearchResults:
    """Search articles in any spelling or script; ranked (bm25), paged, filtered.

    Args:
        store: an open store (its index is brought up to date first).
        query: words, ``"phrases"`` and ``prefix*`` words, in Devanagari or Latin script; empty
            lists the articles passing the filters, newest first.
        filters: entity ids, event type, date range, publisher.
        limit, offset: the page; there is no cap on how far one can page.
        expand: also match the spellings of the entities whose names the whole query matches.
        snippet_chars: length of the text window shown around the first match.
    """
    index_pending(store)
    terms = parse_query(query)
    match = word_match(terms)
    entities: list[tuple[EntityRow, float]] = []
    expanded: list[str] = []
    if match is not None and (ematch := entity_match(terms)) is not None:
        entities = store.search_entities(ematch, limit=10)  # type: ignore[attr-defined]
        if expand and entities:
            match, expanded = _widen(store, match, terms, [e for e, _ in entities[:EXPAND_ENTITIES]])
    page = store.search_articles(match, filters, limit=limit, offset=offset)  # type: ignore[attr-defined]
    snippets = {}
    wanted = _wanted_keys(terms, expanded)
    for hit in page.hits:
        text = store.get_article(hit.id).text
        snippets[hit.id] = make_snippet(text, wanted, snippet_chars)
    return SearchResults(query, page.total, limit, offset, page.hits, snippets, tuple(entities), tuple(expanded))


def _widen(store: Store, match: Match, terms: Sequence[QueryTerm], found: Sequence[EntityRow]) -> tuple[Match, list[str]]:
    """Add, as alternatives, the spellings of entities whose names contain every query word."""
    names = store.name_aliases([e.id for e in found])  # type: ignore[attr-defined]
    query_keys = [t.tokens for t in terms]
    need = [tok for t in terms if not t.prefix for tok in t.tokens]
    phrases: dict[tuple[str, ...], str] = {}
    for entity in found:
        spelled = names.get(entity.id, [])
        keys = {k for n in spelled for k in _phrase(n)}
        skels = {skeleton_of(k) for k in keys} - {""}
        # only an entity that the query names (each word one of its name words) lends its spellings
        if not need or not all(tok in keys or skeleton_of(tok) in skels for tok in need):
            continue
        for name in spelled:
            phrase = _phrase(name)
            if phrase and sum(len(t) for t in phrase) >= 3:
                phrases.setdefault(phrase, name)
    alts = [p for p in phrases if tuple(p) not in query_keys][:EXPAND_PHRASES]
    if not alts:
        return match, []
    widened = AnyOf((match, *(Term(p) for p in alts)))
    return widened, [phrases[p] for p in alts]


def _wanted_keys(terms: Sequence[QueryTerm], expanded: Sequence[str]) -> tuple[set[str], tuple[str, ...]]:
    """Return the word keys to highlight and the prefixes to highlight."""
    keys = {tok for t in terms if not t.prefix for tok in t.tokens}
    keys |= {k for name in expanded for k in _phrase(name)}
    prefixes = tuple(t.tokens[-1] for t in terms if t.prefix)
    return keys, prefixes


def make_snippet(text: str, wanted: tuple[set[str], tuple[str, ...]], width: int) -> tuple[str, tuple[Highlight, ...]]:
    """Return a window of ``text`` around the first matching word, and the matches inside it (window offsets)."""
    keys, prefixes = wanted
    spans = [(s, e) for s, e, k in word_keys(text) if k in keys or (prefixes and k.startswith(prefixes))]
    if not spans:
        cut = text[:width]
        return cut + ("…" if len(text) > width else ""), ()
    start = max(0, spans[0][0] - width // 4)
    # start at a word boundary so the window does not open inside a word
    while 0 < start < spans[0][0] and not text[start - 1].isspace():
        start += 1
    end = min(len(text), start + width)
    marks = tuple(Highlight(s - start, e - start) for s, e in spans if s >= start and e <= end)
    prefix = "…" if start > 0 else ""
    window = text[start:end] + ("…" if end < len(text) else "")
    return prefix + window, tuple(Highlight(m.start + len(prefix), m.end + len(prefix)) for m in marks)
