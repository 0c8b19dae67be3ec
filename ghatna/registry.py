"""Name -> factory tables for pipeline stages: the one place where stages are registered.

A stage is registered once under a versioned name (``ghatna.extract.dates.v1``) with what it
requires and assigns; ``builtin_stages()`` fills the table explicitly (no registration by import
side effect), and the pipeline checks requires/assigns when it is built. Factories only load
resources and bind settings; what a stage does lives in its own module.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass
from typing import Any, Callable

from ghatna.config import Settings
from ghatna.errors import PipelineError


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A registered stage: ``factory(settings)`` returns the callable that runs it."""

    name: str
    factory: Callable[[Settings], Callable[..., Any]]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    help: str


#: the KB the stages of this process share: {(KB settings, state of its files): KnowledgeBase}
_KB_CACHE: dict[tuple[Any, ...], Any] = {}


def _file_state(path: str) -> tuple[str, int | None, int | None]:
    """Path, mtime and size of a file (None, None when it cannot be read: loading reports that)."""
    try:
        st = os.stat(path)
    except OSError:
        return path, None, None
    return path, st.st_mtime_ns, st.st_size


def shared_kb(kb_settings: Any) -> Any:
    """Return the knowledge base for these KB settings, loaded once and shared by the stages that read it.

    Four stages read the KB (gazetteer, link, events, facts); loading it for each cost 0.6 s and
    about 20 MB per stage and per worker. A ``KnowledgeBase`` does not change once loaded (``extend``
    returns a new one), so sharing is safe; the key includes each KB file's mtime and size, so a
    file changed on disk (``kb add`` writes user files) is read again. Only the latest KB is kept.
    """
    files = ((kb_settings.path,) if kb_settings.path else ()) + tuple(kb_settings.user_files)
    key = (kb_settings, tuple(_file_state(f) for f in files))
    kb = _KB_CACHE.get(key)
    if kb is None:
        from ghatna.kb.knowledge import load_kb

        kb = load_kb(kb_settings)
        _KB_CACHE.clear()
        _KB_CACHE[key] = kb
    return kb


def _ingest(settings: Settings) -> Callable[..., Any]:
    from ghatna.ingest.article import build_article, load_resources

    load_resources()  # word lists and patterns now, not on the first record
    return lambda record: build_article(record, settings)


def _sentences(settings: Settings) -> Callable[..., Any]:
    from ghatna.text.segment import split_sentences

    return lambda article: split_sentences(article.text, max_chars=settings.text.max_sentence_chars)


def _dates(settings: Settings) -> Callable[..., Any]:
    from ghatna.extract.dates import article_dates, load_resources

    load_resources()  # date words and patterns now, not on the first article

    def run(article: Any) -> tuple[Any, list[Any]]:
        anchor, dates = article_dates(article.text, article.published)
        if article.published is None and anchor is not None:
            article = dataclasses.replace(article, published=anchor)
        return article, dates

    return run


def _ner(settings: Settings) -> Callable[..., Any]:
    from ghatna.extract.ner import NerTagger

    tagger = NerTagger.from_disk(settings.extract.ner_model or None)
    return lambda article: tagger(article.text)


def _gazetteer(settings: Settings) -> Callable[..., Any]:
    from ghatna.extract.gazetteer import Gazetteer, common_words

    gazetteer = Gazetteer(shared_kb(settings.kb).gazetteer_entries(), common_words())
    return lambda article: gazetteer.find(article.text)


def _link(settings: Settings) -> Callable[..., Any]:
    from ghatna.kb.linker import link_mentions
    from ghatna.kb.metadata import link_metadata
    from ghatna.types import Mention

    kb = shared_kb(settings.kb)

    def run(article: Any, model_mentions: list[Any], gazetteer_mentions: list[Any]) -> Any:
        date = article.published.value if article.published else None
        extra = []
        if article.byline_span is not None:  # the byline line names a person where it stands
            b = article.byline_span
            extra.append(Mention(b.start, b.end, b.text, "PERSON", 1.0, "rule"))
        result = link_mentions(article.text, [*gazetteer_mentions, *model_mentions, *extra], date, kb)
        return link_metadata(article, result, kb)

    return run


def _quotes(settings: Settings) -> Callable[..., Any]:
    from ghatna.extract.quotes import find_quotes, load_resources

    load_resources()  # cue words and patterns now, not on the first article
    return lambda article, sentences: find_quotes(article.text, sentences)


def _countries(kb: Any, links: Any, date: str | None) -> dict[str, str]:
    """Entity -> country for an article's entities: a person's office at the date, a place's country."""
    out: dict[str, str] = {}
    for e in links.entities:
        if e.id not in kb:
            continue
        ent = kb.entity(e.id)
        roles = (kb.roles_at(e.id, date) or list(ent.roles)) if ent.type == "PERSON" else []
        country = roles[-1].of if roles else ent.country
        if country and country != e.id:
            out[e.id] = country
    return out


def _referenced(kb: Any, links: Any, ids: Any, known: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """Entities that events or facts name without the text mentioning them (a visited city's country)."""
    from ghatna.types import LinkedEntity

    have = {e.id for e in links.entities} | {e.id for e in known}
    out = list(known)
    for eid in dict.fromkeys(i for i in ids if i):
        if eid not in have and eid in kb:
            e = kb.entity(eid)
            out.append(LinkedEntity(e.id, e.qid, e.type, e.name_en, e.name_hi, ()))
            have.add(eid)
    return tuple(out)


def _events(settings: Settings) -> Callable[..., Any]:
    from ghatna.extract.events import find_events, load_resources

    kb = shared_kb(settings.kb)
    load_resources()  # trigger lexicon now, not on the first article

    def run(article: Any, sentences: Any, dates: Any, links: Any, quotes: Any) -> tuple[list[Any], tuple[Any, ...]]:
        date = article.published.value if article.published else None
        events = find_events(article.text, sentences, links.mentions, dates, quotes, article.published,
                             countries=_countries(kb, links, date), captions=article.photo_captions,
                             min_confidence=settings.extract.min_confidence,
                             entity_types={e.id: e.type for e in links.entities})
        ids = [i for e in events for i in (*e.actor, *e.recipient, e.location)]
        return events, _referenced(kb, links, ids)

    return run


def _facts(settings: Settings) -> Callable[..., Any]:
    from ghatna.extract.facts import find_facts, load_resources

    kb = shared_kb(settings.kb)
    load_resources()  # fact cues and role table now, not on the first article

    def run(article: Any, sentences: Any, dates: Any, links: Any, quotes: Any, events: Any,
            referenced: Any) -> tuple[list[Any], tuple[Any, ...]]:
        date = article.published.value if article.published else None
        names = {e.id: e.name_en for e in (*links.entities, *referenced) if e.name_en}
        facts = find_facts(article.text, sentences, links.mentions, dates, article.published, names=names,
                           countries=_countries(kb, links, date), events=events, quotes=quotes,
                           entity_types={e.id: e.type for e in links.entities})
        return facts, _referenced(kb, links, [i for f in facts for i in (f.subject, f.object)], referenced)

    return run


def builtin_stages() -> dict[str, StageSpec]:
    """Return the table of built-in stages, keyed by name."""
    specs = [
        StageSpec("ghatna.ingest.article.v1", _ingest, ("record",), ("article",),
                  "decode, extract HTML, undo legacy fonts, normalise and clean one raw record"),
        StageSpec("ghatna.text.sentences.v1", _sentences, ("article",), ("sentences",),
                  "split the clean text into sentences (danda, quotes, abbreviations)"),
        StageSpec("ghatna.extract.dates.v1", _dates, ("article",), ("article", "dates"),
                  "find and resolve dates; infer the article date when none is stated"),
        StageSpec("ghatna.extract.ner.v1", _ner, ("article",), ("model_mentions",),
                  "named-entity mentions from the shipped CRF model"),
        StageSpec("ghatna.extract.gazetteer.v1", _gazetteer, ("article",), ("gazetteer_mentions",),
                  "mentions of names the knowledge base knows, in any spelling"),
        StageSpec("ghatna.kb.link.v1", _link, ("article", "model_mentions", "gazetteer_mentions"), ("links",),
                  "link mentions to entities (spellings, scripts, acronyms, roles at the article date)"),
        StageSpec("ghatna.extract.quotes.v1", _quotes, ("article", "sentences"), ("quotes",),
                  "direct and reported quotations with their speaker spans"),
        StageSpec("ghatna.extract.events.v1", _events, ("article", "sentences", "dates", "links", "quotes"),
                  ("events", "referenced_entities"),
                  "PLOVER v2 events: triggers, participants, status, date, place; one per happening"),
        StageSpec("ghatna.extract.facts.v1", _facts,
                  ("article", "sentences", "dates", "links", "quotes", "events", "referenced_entities"),
                  ("facts", "referenced_entities"),
                  "dated facts: membership, founding, chairs, relations, partnership, trade, offices"),
    ]
    return {s.name: s for s in specs}


def timed_stages(table: dict[str, StageSpec], clock: dict[str, float]) -> dict[str, StageSpec]:
    """Return ``table`` with every stage adding the seconds it runs to ``clock[name]`` (for profiling).

    Example:
        >>> clock: dict[str, float] = {}
        >>> timed = timed_stages(builtin_stages(), clock)
        >>> sorted(timed) == sorted(builtin_stages())
        True
    """
    def timing(name: str, factory: Callable[[Settings], Callable[..., Any]]) -> Callable[[Settings], Callable[..., Any]]:
        def make(settings: Settings) -> Callable[..., Any]:
            run = factory(settings)

            def timed(*args: Any) -> Any:
                t0 = time.perf_counter()
                try:
                    return run(*args)
                finally:
                    clock[name] = clock.get(name, 0.0) + time.perf_counter() - t0
            return timed
        return make
    return {name: dataclasses.replace(spec, factory=timing(name, spec.factory)) for name, spec in table.items()}


def get_stage(name: str, table: dict[str, StageSpec] | None = None) -> StageSpec:
    """Return the stage registered under ``name`` or raise E701."""
    table = builtin_stages() if table is None else table
    try:
        return table[name]
    except KeyError:
        raise PipelineError("E701", name=name) from None
