"""Knowledge-base entities, linking results and the annotations the store keeps per article."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ghatna.types.text import Article, DateRef, Mention, QuoteSpan
from ghatna.types.records import Record, _plain


@dataclass(frozen=True, slots=True)
class Role(Record):
    """An office held: ``office`` code (president, prime_minister, …) of entity ``of``, with dates.

    ``start``/``end`` are ISO dates as precise as known (YYYY, YYYY-MM or YYYY-MM-DD); ``end``
    None means still in office.
    """

    office: str
    of: str
    start: str | None = None
    end: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Role":
        """Build from ``to_dict`` output."""
        return cls(d["office"], d["of"], d.get("start"), d.get("end"))


@dataclass(frozen=True, slots=True)
class Alias(Record):
    """One name of an entity, with its script, kind and where it came from."""

    text: str
    script: str = "Deva"  # Deva | Latn
    kind: str = "name"  # name | variant | acronym | surname | demonym | official
    source: str = ""  # seed | cldr | geonames | article:<id> | user:<file> …
    first_seen: str | None = None
    last_seen: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Alias":
        """Build from ``to_dict`` output."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A real-world thing: Wikidata QID as id where known, else a stable local id."""

    id: str
    type: str  # PERSON | ORG | GPE | LOC | NORP …
    name_en: str
    name_hi: str | None = None
    qid: str | None = None
    aliases: tuple[Alias, ...] = ()
    country: str | None = None  # entity id of the country it belongs to
    roles: tuple[Role, ...] = ()
    sources: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        """Build from ``to_dict`` output."""
        return cls(
            id=d["id"], type=d["type"], name_en=d["name_en"], name_hi=d.get("name_hi"),
            qid=d.get("qid"), aliases=tuple(Alias.from_dict(a) for a in d.get("aliases", ())),
            country=d.get("country"), roles=tuple(Role.from_dict(r) for r in d.get("roles", ())),
            sources=tuple(d.get("sources", ())),
        )


@dataclass(frozen=True, slots=True)
class LinkedEntity(Record):
    """An entity of one article with the mentions that refer to it (``output.md`` ``entities``)."""

    id: str
    qid: str | None
    type: str
    name_en: str | None
    name_hi: str | None
    mentions: tuple[Mention, ...]
    nil: bool = False
    #: where the article's metadata names this entity when the text does not (publisher from a
    #: removed header line): ``{"field", "text", "raw_start", "raw_end"}`` with offsets into ``Article.raw``
    metadata: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the ``output.md`` shape."""
        out = {"id": self.id, "qid": self.qid, "type": self.type, "name_en": self.name_en,
               "name_hi": self.name_hi,
               "mentions": [{"start": m.start, "end": m.end, "text": m.text, "how": m.how}
                            for m in self.mentions]}
        if self.metadata:
            out["metadata"] = [dict(m) for m in self.metadata]
        return out


@dataclass(frozen=True, slots=True)
class LinkResult(Record):
    """Linked mentions (text order) and the entities they refer to (order of first mention)."""

    mentions: tuple[Mention, ...]
    entities: tuple[LinkedEntity, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return every mention (with its entity id) and the entities with their ``nil`` flag."""
        return {"mentions": [m.to_dict() for m in self.mentions],
                "entities": [{**e.to_dict(), "nil": e.nil} for e in self.entities]}

    def entities_json(self) -> list[dict[str, Any]]:
        """Return the ``entities`` block of ``output.md``."""
        return [e.to_dict() for e in self.entities]

    def entity_at(self, start: int, end: int) -> str | None:
        """Return the entity of the linked mention overlapping ``[start, end)`` most, or None."""
        best, best_overlap = None, 0
        for m in self.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if m.entity_id and overlap > best_overlap:
                best, best_overlap = m.entity_id, overlap
        return best

    def entity_of(self, mention_text: str) -> list[str]:
        """Return the entity ids of the mentions whose text is ``mention_text``."""
        return [m.entity_id for m in self.mentions if m.text == mention_text and m.entity_id]


@dataclass(frozen=True, slots=True)
class AliasKey(Record):
    """The match keys of one surface form (made by ``ghatna.kb.keys``; the store indexes them)."""

    text: str
    ortho: str
    phon: str
    script: str = "Deva"  # Deva | Latn

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "AliasKey":
        """Build from ``to_dict`` output."""
        return cls(d["text"], d["ortho"], d["phon"], d.get("script", "Deva"))


@dataclass(frozen=True, slots=True)
class JsonRecord(Record):
    """An extraction kept as its ``ghatna.article/1`` JSON object (an event or a fact).

    The store persists events and facts in this contract shape, so it does not depend on the
    classes the extractors use; ``to_dict`` gives the object back.
    """

    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return (a copy of) the JSON object."""
        return dict(self.data)

    @classmethod
    def of(cls, record: Any) -> "JsonRecord":
        """Wrap a record with ``to_dict`` (or a dict) as a JsonRecord."""
        if isinstance(record, JsonRecord):
            return record
        return cls(_plain(record.to_dict() if hasattr(record, "to_dict") else dict(record)))


@dataclass(frozen=True, slots=True)
class Annotations(Record):
    """What the annotation stages found in one article, as the store keeps it.

    ``links``: every mention with its entity, and the article's entities. ``keys``: the match keys
    of each linked surface form (the store's alias index). ``events``/``facts``: their
    ``ghatna.article/1`` objects. ``stages``: the stage names that produced them.
    """

    article_id: str
    links: LinkResult = field(default_factory=lambda: LinkResult((), ()))
    dates: tuple[DateRef, ...] = ()
    quotes: tuple[QuoteSpan, ...] = ()
    events: tuple[JsonRecord, ...] = ()
    facts: tuple[JsonRecord, ...] = ()
    keys: tuple[AliasKey, ...] = ()
    stages: tuple[str, ...] = ()

    def pipeline_annotations(self) -> dict[str, Any]:
        """Return the annotations under the pipeline's names (what ``output.article_document`` reads)."""
        return {"links": self.links, "dates": list(self.dates), "quotes": list(self.quotes),
                "events": list(self.events), "facts": list(self.facts)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Annotations":
        """Build from ``to_dict`` output."""
        links = d.get("links") or {"mentions": [], "entities": []}
        mentions = tuple(Mention.from_dict(m) for m in links["mentions"])
        by_span = {(m.start, m.end, m.entity_id): m for m in mentions}
        entities = tuple(
            LinkedEntity(e["id"], e.get("qid"), e["type"], e.get("name_en"), e.get("name_hi"),
                         tuple(by_span.get((m["start"], m["end"], e["id"]))
                               or Mention(m["start"], m["end"], m["text"], "MISC", how=m["how"], entity_id=e["id"])
                               for m in e["mentions"]),
                         bool(e.get("nil")))
            for e in links["entities"])
        return cls(
            d["article_id"], LinkResult(mentions, entities),
            tuple(DateRef.from_dict(x) for x in d.get("dates", ())),
            tuple(QuoteSpan.from_dict(x) for x in d.get("quotes", ())),
            tuple(JsonRecord(dict(x)) for x in d.get("events", ())),
            tuple(JsonRecord(dict(x)) for x in d.get("facts", ())),
            tuple(AliasKey.from_dict(x) for x in d.get("keys", ())),
            tuple(d.get("stages", ())),
        )


@dataclass(frozen=True, slots=True)
class EntityProfile(Record):
    """An entity as the stored articles show it: its names with their keys, and who appears with it.

    ``context`` lists ``(other entity id, articles shared, articles mentioning the other)``, most
    shared first; the cross-article NIL merge weighs shared context by how rare it is.
    """

    id: str
    type: str
    nil: bool
    names: tuple[AliasKey, ...]
    mentions: int
    articles: int
    context: tuple[tuple[str, int, int], ...] = ()
