"""Synthetic Hindi-like articles with annotations, written into a store fast (for the API benchmark).

Entities get made-up Devanagari names (with two or three spelling variants each, and a Latin
name), popularity follows a Zipf law (a few entities are in most articles, as India is in Hindi
news), and each article has mentions, events with evidence spans, a quote and dates spread over
ten years. Nothing here is real news; it only has the shape and the volume of it.

The fast path: search keys come from a per-word cache (the vocabulary is small), articles and
annotations go through ``Store.put_articles`` in large batches, and the search index is written
directly with ``put_search_docs`` instead of being recomputed from the text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterator

from ghatna.kb.keys import name_keys
from ghatna.store.search import ArticleDoc
from ghatna.text.search import KEYS_VERSION, word_keys
from ghatna.text.translit import is_devanagari
from ghatna.types import (AliasKey, Annotations, Article, DateValue, JsonRecord, LinkedEntity, LinkResult, Mention,
                          OffsetMap, QuoteSpan, SourceRef, Span)

#: Devanagari syllables and their Latin spelling, for made-up names
SYLLABLES = [("का", "ka"), ("मा", "ma"), ("रा", "ra"), ("ना", "na"), ("ता", "ta"), ("सि", "si"), ("मि", "mi"),
             ("री", "ri"), ("लू", "lu"), ("दो", "do"), ("गो", "go"), ("बे", "be"), ("शे", "she"), ("ज़ा", "za"),
             ("ख़ा", "kha"), ("पु", "pu"), ("वि", "vi"), ("यो", "yo"), ("हा", "ha"), ("तो", "to"), ("टो", "to"),
             ("की", "ki"), ("नु", "nu"), ("फ़ा", "fa"), ("ले", "le"), ("सो", "so"), ("ची", "chi"), ("दा", "da")]
#: spelling swaps Hindi news shows for one name (long/short vowel, nukta, ये/ए)
VARIANTS = [("ी", "ि"), ("ि", "ी"), ("ज़", "ज"), ("ख़", "ख"), ("फ़", "फ"), ("ू", "ु"), ("ट", "त")]
FILLER = ("के साथ", "ने कहा कि", "दोनों देशों के बीच", "संबंधों को", "आगे बढ़ाने पर", "सहमति जताई", "व्यापार",
          "सहयोग", "मुद्दे पर", "चर्चा की", "सम्मेलन में", "भाग लिया", "इस वर्ष", "महत्वपूर्ण", "रणनीतिक",
          "साझेदार", "बैठक", "फोन पर बातचीत", "समझौते", "हस्ताक्षर", "अधिकारियों", "प्रतिनिधिमंडल")
EVENTS = [("CONSULT", "phone", "फोन पर बातचीत की"), ("CONSULT", None, "से मुलाकात की"),
          ("CONSULT", "visit", "की यात्रा पर पहुंचे"), ("SUPPORT", None, "का समर्थन किया"),
          ("AGREE", None, "के साथ समझौता किया"), ("ACCUSE", None, "पर आरोप लगाया"),
          ("COOPERATE", None, "के साथ सहयोग बढ़ाया"), ("REQUEST", None, "से अनुरोध किया")]
PUBLISHERS = [f"समाचार {i}" for i in range(20)]
TYPES = ("PERSON", "GPE", "ORG")


@dataclass(frozen=True, slots=True)
class FakeEntity:
    """A made-up entity: id, type, Latin name, Devanagari spellings (the first is the usual one)."""

    id: str
    type: str
    name_en: str
    spellings: tuple[str, ...]


def make_entities(n: int, rng: random.Random) -> list[FakeEntity]:
    """Return ``n`` entities with two-word (persons) or one-word names and their spelling variants."""
    out = []
    for i in range(n):
        typ = TYPES[i % 3]
        words = 2 if typ == "PERSON" else 1
        deva, latin = [], []
        for _ in range(words):
            parts = rng.sample(SYLLABLES, rng.randint(2, 3))
            deva.append("".join(p[0] for p in parts))
            latin.append("".join(p[1] for p in parts).capitalize())
        base = " ".join(deva)
        spellings = [base]
        for a, b in rng.sample(VARIANTS, len(VARIANTS)):
            if a in base and len(spellings) < 3:
                spellings.append(base.replace(a, b, 1))
        out.append(FakeEntity(f"bench:{typ.lower()}:{i}", typ, " ".join(latin) + f" {i}",
                              tuple(dict.fromkeys(spellings))))
    return out


class Generator:
    """Builds articles with annotations and their search keys; ``batches(n, size)`` yields what to store."""

    def __init__(self, entities: int = 3000, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.entities = make_entities(entities, self.rng)
        # Zipf weights: entity k is mentioned in proportion to 1/(k+1)
        self.weights = [1.0 / (k + 1) for k in range(len(self.entities))]
        self.key_cache: dict[str, str] = {}
        self.alias_keys: dict[str, AliasKey] = {}

    def _keys(self, text: str) -> str:
        """Return the search keys of a text through a per-word cache (the vocabulary is small)."""
        out = []
        for word in text.split():
            key = self.key_cache.get(word)
            if key is None:
                key = " ".join(k for _, _, k in word_keys(word))
                self.key_cache[word] = key
            if key:
                out.append(key)
        return " ".join(out)

    def _alias_key(self, text: str) -> AliasKey:
        """Return (cached) match keys of an alias, as the ingestion pipeline computes them."""
        key = self.alias_keys.get(text)
        if key is None:
            k = name_keys(text)
            key = self.alias_keys[text] = AliasKey(text, k.ortho, k.phon, "Deva" if is_devanagari(text) else "Latn")
        return key

    def article(self, n: int) -> tuple[Article, Annotations, ArticleDoc]:
        """Return article number ``n`` with its annotations and search keys."""
        rng = self.rng
        year = 2015 + n % 10
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        cast = rng.choices(self.entities, weights=self.weights, k=6)
        parts: list[str] = []
        pos = 0
        mentions: list[Mention] = []
        events: list[dict] = []

        def put(text: str, entity: FakeEntity | None = None) -> Span:
            nonlocal pos
            start = pos
            parts.append(text)
            pos += len(text)
            if entity is not None:
                mentions.append(Mention(start, pos, text, entity.type, 0.9, "gazetteer", entity.id))
            return Span(start, pos, text)

        title = f"{cast[0].spellings[0]} और {cast[1].spellings[0]} की {rng.choice(FILLER)}"
        put(title + "\n")
        quote_span = None
        for s in range(8):
            a, b = cast[s % 6], cast[(s + 1) % 6]
            start = pos
            put(rng.choice(a.spellings), a)
            put(" ने ")
            put(rng.choice(b.spellings), b)
            put(" " + " ".join(rng.sample(FILLER, 4)) + " ")
            if s < 3:
                etype, mode, verb = rng.choice(EVENTS)
                trigger = put(verb)
                put("। ")
                evidence = Span(start, pos - 1, "".join(parts)[start:pos - 1])
                events.append({"event_type": etype, "mode": mode, "context": [], "actor": [a.id], "recipient": [b.id],
                               "date": {"value": date, "granularity": "day", "kind": "stated"}, "location": None,
                               "status": "occurred", "trigger": trigger.to_dict(), "evidence": evidence.to_dict(),
                               "confidence": 0.8})
            elif s == 4:
                put("कहा, \"")
                quote_span = put(" ".join(rng.sample(FILLER, 6)))
                put("\"। ")
            else:
                put("। ")
        text = "".join(parts)
        aid = f"{n:016x}"
        article = Article(aid, text, text, OffsetMap.identity(len(text)), SourceRef("bench", n, "bench"),
                          title=title, publisher=PUBLISHERS[n % len(PUBLISHERS)], published=DateValue(date, "day"))
        groups: dict[str, list[Mention]] = {}
        for m in mentions:
            groups.setdefault(m.entity_id or "", []).append(m)
        by_id = {e.id: e for e in cast}
        linked = tuple(LinkedEntity(eid, None, by_id[eid].type, by_id[eid].name_en, by_id[eid].spellings[0],
                                    tuple(ms), False) for eid, ms in groups.items())
        quotes = ()
        if quote_span is not None:
            speaker = next(m for m in mentions if m.entity_id == cast[4].id)
            sp = Span(speaker.start, speaker.end, speaker.text)
            quotes = (QuoteSpan(quote_span.start, quote_span.end, quote_span.text, True, None, sp, sp),)
        keys = tuple(self._alias_key(t) for t in dict.fromkeys(m.text for m in mentions))
        bundle = Annotations(aid, LinkResult(tuple(mentions), linked), (), quotes,
                             tuple(JsonRecord(e) for e in events), (), keys, ("bench.v1",))
        return article, bundle, ArticleDoc(aid, self._keys(title), self._keys(text))

    def batches(self, n: int, size: int) -> Iterator[list[tuple[Article, Annotations, ArticleDoc]]]:
        """Yield the ``n`` articles in lists of ``size``."""
        batch = []
        for i in range(n):
            batch.append(self.article(i))
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch


def fill(store: object, n: int, *, size: int = 2000, entities: int = 3000, seed: int = 7,
         progress: bool = True) -> Generator:
    """Write ``n`` generated articles with annotations and search keys into ``store``."""
    from ghatna.indexing import index_pending
    from ghatna.types import RawRecord

    gen = Generator(entities, seed)
    done = 0
    for batch in gen.batches(n, size):
        store.put_articles([(a, RawRecord(a.source, b"")) for a, _, _ in batch],  # type: ignore[attr-defined]
                           [b for _, b, _ in batch])
        store.put_search_docs([d for _, _, d in batch], KEYS_VERSION)  # type: ignore[attr-defined]
        done += len(batch)
        if progress:
            print(f"  {done} articles", flush=True)
    index_pending(store)  # type: ignore[arg-type]  # the entities (names and aliases)
    return gen
