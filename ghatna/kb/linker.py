"""Link an article's mentions to KB entities; create NIL entities for unknown names.

``link_mentions(text, mentions, date, kb)`` takes mentions from any source (the gazetteer, the NER
model, hand-made) and returns every mention with an ``entity_id`` plus the article's entity list in
the shape of ``docs/output.md``. Evidence used, in order: exact keys (orthographic, acronym,
phonetic), type agreement, titles and honorifics around a name, office holders at the article's
date, the other entities of the article (country context, full name before surname), acronyms
defined in the text, and fuzzy scores inside blocked candidates.

Example:
    >>> from ghatna.kb.knowledge import load_kb
    >>> kb = load_kb()
    >>> text = "रूसी संघ के राष्ट्रपति ने कहा"
    >>> res = link_mentions(text, [Mention(0, 8, "रूसी संघ", "GPE", how="gazetteer")], "2024-05", kb)
    >>> [(m.text, m.how, m.entity_id) for m in res.mentions]
    [('रूसी संघ के राष्ट्रपति', 'role', 'Q7747'), ('रूसी संघ', 'gazetteer', 'Q159')]
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

from ghatna.kb.candidates import Candidate, find_candidates
from ghatna.kb.keys import name_keys
from ghatna.kb.knowledge import KnowledgeBase, role_valid
from ghatna.kb.rules import (Words, acronym_definitions, current_role, genitives, honorific_before,
                             person_role, role_at, role_ending_at)
from ghatna.text.translit import romanize
# LinkedEntity and LinkResult live in ghatna.types so that the store can return them; imported here
# because this module's callers (and its doctest) know them under ghatna.kb.linker
from ghatna.types import LinkedEntity, LinkResult, Mention

LINKABLE = frozenset({"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC"})
_TYPES = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "FAC": "GPE",
          "NORP": "NORP"}
ACCEPT = 0.75  # below this total score a mention becomes (or joins) a NIL entity
BARE_ROLES = frozenset({"president", "prime_minister", "foreign_minister", "chancellor", "secretary_general",
                        "supreme_leader", "emir", "king", "crown_prince", "chief_adviser"})


@dataclass
class _Item:
    """A mention being linked, with the context rules found around it."""

    m: Mention
    name: str = ""  # the name itself, without the honorifics and title the mention may include
    title_office: str | None = None  # office of a title right before the name
    title_of: str | None = None  # entity id of the country/organisation of that title
    title_first: int | None = None  # word index where that title starts
    prefix_start: int | None = None  # where an appositive title chain before the name starts
    entity: str | None = None
    how: str | None = None
    kind: str = ""  # alias kind that matched (demonym, surname …)
    cands: list[Candidate] = field(default_factory=list)


def _nil_id(type_: str, phon: str) -> str:
    """Stable id of an unknown name: the same name and type get the same id in every article."""
    digest = hashlib.sha1(f"{type_}|{phon}".encode("utf-8")).hexdigest()[:12]
    return f"nil:{type_.lower()}:{digest}"


class _Linker:
    """State of linking one article (not reused across articles)."""

    def __init__(self, text: str, date: "dt.date | str | None", kb: KnowledgeBase, home: str | None) -> None:
        self.text, self.date, self.kb, self.home = text, date, kb, home
        self.words = Words(text)
        self.countries: set[str] = set()
        self.linked: dict[str, str] = {}  # entity id -> type, in order of first link
        self.surnames: dict[str, str] = {}  # phonetic key of a last name -> entity id (full names seen)
        self.nil_names: dict[str, tuple[str, str, str]] = {}  # nil id -> (type, name_en, name_hi)

    # --- preparing mentions ------------------------------------------------------------------------

    def prepare(self, mentions: Iterable[Mention]) -> tuple[list[_Item], list[Mention]]:
        """Drop overlaps (longer span wins), keep unlinkable labels aside, read titles/honorifics."""
        keep: list[Mention] = []
        other: list[Mention] = []
        mentions = sorted(mentions, key=lambda m: (-(m.end - m.start), m.how != "model", m.start))
        # characters covered by kept mentions: an overlap test is one scan instead of a pass over
        # every kept mention (articles have dozens); empty spans never cover anything
        taken = bytearray(max((m.end for m in mentions), default=0) + 1)
        for m in mentions:
            if m.label not in LINKABLE:
                other.append(m)
            elif m.start >= m.end:
                if not any(m.start < k.end and k.start < m.end for k in keep):
                    keep.append(m)
            elif taken.find(1, max(m.start, 0), m.end) < 0:
                keep.append(m)
                taken[max(m.start, 0):m.end] = b"\x01" * (m.end - max(m.start, 0))
        items = [_Item(m, m.text) for m in sorted(keep, key=lambda m: m.start)]
        self._items = items
        for it in items:
            self._titles(it)
        return items, other

    def _titles(self, it: _Item) -> None:
        """Extend a name over honorifics, and over a title when the name is one word."""
        w = self.words
        i = w.at_start(it.m.start)
        if i is None:
            return
        start = it.m.start
        inner = role_at(w, i)
        j = w.at_start(w.starts[i + inner[0]]) if inner and i + inner[0] < len(w) else None
        if inner and j is not None and w.starts[j] < it.m.end:
            # the mention itself begins with a title (a model may tag "राष्ट्रपति तोकायेव" whole)
            it.title_office, it.title_first = inner[1], i
            it.prefix_start = it.m.start
            it.name = self.text[w.starts[j]:it.m.end]
            return
        h = honorific_before(w, i)
        while h is not None:
            start, i = w.starts[h], h
            h = honorific_before(w, i)
        role = role_ending_at(w, i - 1) if i > 0 and w.joined(i - 1, i) else None
        if role is not None and current_role(w, role[0]):
            first, office = role
            it.title_office, it.title_first = office, first
            it.prefix_start = w.starts[first]
            if " " not in it.m.text.strip() and "-" not in it.m.text and it.m.label in ("PERSON", "PER"):
                start = w.starts[first]  # "राष्ट्रपति तोकायेव": title + surname is one name
        if start != it.m.start:
            it.m = replace(it.m, start=start, text=self.text[start:it.m.end])

    def _anchor_before(self, first: int) -> tuple[str, int] | None:
        """The country/organisation a role at word ``first`` belongs to: "X के <role>" or "<demonym> <role>"."""
        w = self.words
        k = first - 1
        if k >= 0 and w.orthos[k] in genitives() and w.joined(k, first):
            k -= 1
        if k < 0:
            return None
        end = w.ends[k]
        for it in self._items:
            if it.m.end == end and it.entity:
                ent = self.kb.entity(it.entity) if it.entity in self.kb else None
                if ent is not None and ent.type == "PERSON":
                    of = self._person_country(it.entity)
                    return (of, it.prefix_start if it.prefix_start is not None else it.m.start) if of else None
                return (it.entity if ent is None or ent.type != "GPE" or ent.country is None
                        or it.entity == ent.country else ent.country, it.m.start)
        return None

    # --- linking names ------------------------------------------------------------------------------

    def link_names(self, items: list[_Item]) -> None:
        """Link name mentions, full names before surnames so that coreference can help."""
        persons = ("PERSON", "PER")
        for it in items:  # places, organisations, demonyms first: they anchor titles
            if it.m.label not in persons:
                self._link_one(it)
        for it in items:
            if it.title_first is not None:
                anchor = self._anchor_before(it.title_first)
                if anchor is not None:
                    it.title_of, it.prefix_start = anchor[0], min(it.prefix_start or anchor[1], anchor[1])
        rest = [it for it in items if it.m.label in persons]
        for it in sorted(rest, key=lambda it: (-len(name_keys(it.m.text).phon.split()), it.m.start)):
            self._link_one(it)

    def _link_one(self, it: _Item) -> None:
        """Choose the best candidate for one mention, or leave it for NIL."""
        keys = name_keys(it.name or it.m.text)
        want = _TYPES.get(it.m.label)
        cands = find_candidates(self.kb, "", keys=keys, fuzzy=it.m.how != "gazetteer")
        scored: list[tuple[float, Candidate]] = []
        for c in cands:
            ent = self.kb.entities[c.entity]
            kind = self.kb.aliases[c.alias].kind
            if not _type_ok(want, ent.type, kind):
                continue
            scored.append((self._score(it, c, ent, kind), c))
        last = keys.phon.split()[-1] if keys.phon else ""
        doc_person = self.surnames.get(last) if len(keys.phon.split()) == 1 and want in (None, "PERSON") else None
        if doc_person and not any(self.kb.entities[c.entity].id == doc_person for _, c in scored):
            it.entity, it.how = doc_person, "coreference"  # a surname of a full name met earlier
        elif scored:
            scored.sort(key=lambda t: -t[0])
            score, best = scored[0]
            if score >= ACCEPT:
                ent = self.kb.entities[best.entity]
                it.entity, it.kind = ent.id, self.kb.aliases[best.alias].kind
                it.how = "demonym" if it.kind == "demonym" else it.m.how
        if it.entity is None and want in ("PERSON", "ORG", "GPE", None) and it.m.how != "gazetteer":
            self._nil(it, keys.phon, want or "MISC")
        if it.entity:
            self._remember(it, keys.phon)

    def _score(self, it: _Item, c: Candidate, ent: Any, kind: str) -> float:
        """Total score: key match, prior, and agreement with the article."""
        s = c.score + 0.15 * self.kb.priors[c.entity]
        if kind == "surname":
            s -= 0.05
        if ent.country and ent.country in self.countries:
            s += 0.1
        if self.home and ent.country == self.home:
            s += 0.03
        if ent.id in self.linked:
            s += 0.3
        if ent.type == "PERSON" and ent.roles:
            valid = [r for r in ent.roles if role_valid(r, self.date)]
            if valid and self.date is not None:
                s += 0.05
            if it.title_office:
                offices = self.kb.office_for(it.title_of, it.title_office) if it.title_of else [it.title_office]
                if any(r.office in offices and (it.title_of is None or r.of == it.title_of) for r in valid):
                    s += 0.4 if self.date is not None else 0.2
                elif any(r.office in offices for r in ent.roles):
                    s += 0.05
                else:
                    s -= 0.2
        return s

    def _nil(self, it: _Item, phon: str, type_: str) -> None:
        """Give an unknown name a NIL entity (the same one for the same name in the article)."""
        name = it.name or it.m.text
        if not phon:
            return
        nid = _nil_id(type_, phon)
        it.entity, it.how = nid, it.m.how
        if nid not in self.nil_names:
            self.nil_names[nid] = (type_, _display_latin(name), name if any("\u0900" <= c <= "\u097f" for c in name)
                                   else None)

    def _remember(self, it: _Item, phon: str) -> None:
        """Record a link as context for the rest of the article."""
        eid = it.entity
        assert eid is not None
        ent = self.kb.entity(eid) if eid in self.kb else None
        typ = ent.type if ent else self.nil_names.get(eid, ("MISC",))[0]
        self.linked.setdefault(eid, typ)
        if ent is not None and ent.type == "GPE" and ent.country:
            self.countries.add(ent.country)
        words = phon.split()
        if typ == "PERSON" and len(words) > 1:
            self.surnames.setdefault(words[-1], eid)

    def _person_country(self, eid: str) -> str | None:
        """The country (or organisation) whose office a linked person holds at the date."""
        if eid not in self.kb:
            return None
        ent = self.kb.entity(eid)
        roles = [r for r in ent.roles if role_valid(r, self.date)] or list(ent.roles)
        return roles[-1].of if roles else ent.country

    # --- acronyms defined in the text ----------------------------------------------------------------

    def acronyms(self, items: list[_Item]) -> list[_Item]:
        """Link "X (Y)": Y takes X's entity; X is created from initials when no mention covers it."""
        ends = {it.m.end: it.m.start for it in items}
        added: list[_Item] = []
        for d in acronym_definitions(self.words, ends):
            long_item = next((it for it in items + added if it.m.start == d.long_start and it.m.end == d.long_end),
                             None)
            if long_item is None:
                m = Mention(d.long_start, d.long_end, self.text[d.long_start:d.long_end], "ORG", 0.8, "rule")
                long_item = _Item(m, m.text)
                self._link_one(long_item)
                if long_item.entity is None:
                    self._nil(long_item, name_keys(m.text).phon, "ORG")
                    self._remember(long_item, name_keys(m.text).phon)
                added.append(long_item)
            if long_item.entity is None:
                continue
            short = self.text[d.short_start:d.short_end]
            for start in _occurrences(self.text, short):
                end = start + len(short)
                hit = next((it for it in items + added if it.m.start == start and it.m.end == end), None)
                if hit is None:
                    if any(it.m.start < end and start < it.m.end for it in items + added):
                        continue
                    hit = _Item(Mention(start, end, short, long_item.m.label, 0.9, "acronym"), short)
                    added.append(hit)
                if hit.entity in (None, long_item.entity) or hit.m.how != "gazetteer":
                    hit.entity, hit.how = long_item.entity, "acronym" if hit.m.how != "gazetteer" else hit.m.how
        return added

    # --- role mentions ---------------------------------------------------------------------------------

    def roles(self, items: list[_Item]) -> list[_Item]:
        """Role phrases resolved through office holders at the date (रूसी संघ के राष्ट्रपति → Putin)."""
        w = self.words
        by_start = {it.m.start: it for it in items}
        covered = bytearray(len(self.text) + 1)  # characters inside a mention: a role there is part of a name
        for it in items:
            if it.m.end > it.m.start:
                covered[max(it.m.start, 0):it.m.end] = b"\x01" * (it.m.end - max(it.m.start, 0))
        out: list[_Item] = []
        skip_to = 0  # words before this belong to a role phrase already handled
        for i in w.role_starts():
            if i < skip_to:
                continue
            hit = role_at(w, i)
            if hit is None:
                continue
            n, office = hit
            skip_to = i + n
            end = w.ends[i + n - 1]
            if not current_role(w, i) or not person_role(w, i, n) or covered[w.starts[i]]:
                continue
            anchor = self._anchor_before(i)
            nxt = self._next_name(i + n, by_start)
            start = anchor[1] if anchor else w.starts[i]
            if nxt is not None and anchor is None:
                continue  # a bare title before a name is part of how the name is written
            entity = self._resolve_role(office, anchor[0] if anchor else None, nxt)
            if entity is not None:
                m = Mention(start, end, self.text[start:end], "PERSON", 0.8, "role", entity)
                out.append(_Item(m, entity=entity, how="role"))
        return out

    def _next_name(self, k: int, by_start: dict[int, _Item]) -> _Item | None:
        """The linked person named right after a role (appositive: "राष्ट्रपति व्लादिमीर पुतिन")."""
        w = self.words
        if k >= len(w) or not w.joined(k - 1, k):
            return None
        it = by_start.get(w.starts[k])
        if it is not None and it.entity and self.linked.get(it.entity) == "PERSON":
            return it
        return None

    def _resolve_role(self, office: str, of: str | None, nxt: _Item | None) -> str | None:
        """The one person a role means here, or None when the evidence does not single one out."""
        if nxt is not None:
            return nxt.entity  # the name after the title says who holds it
        if of is None:
            if office not in BARE_ROLES:
                return None
            # a bare role: the one person of the article holding it at the date
            found = {eid for eid, typ in self.linked.items() if typ == "PERSON" and eid in self.kb
                     and any(r.office == office for r in self.kb.roles_at(eid, self.date))}
            return found.pop() if len(found) == 1 else None
        offices = self.kb.office_for(of, office)
        holders = [e for o in offices for e in self.kb.holders(o, of, self.date)]
        ids = list(dict.fromkeys(e.id for e in holders))
        if len(ids) > 1:
            in_doc = [e for e in ids if e in self.linked]
            if len(in_doc) == 1:
                return in_doc[0]
            if self.date is None:
                current = [e.id for e in holders if any(r.of == of and r.office in offices and r.end is None
                                                        for r in e.roles)]
                ids = list(dict.fromkeys(current))
        return ids[0] if len(ids) == 1 else None

    # --- output ----------------------------------------------------------------------------------------

    def result(self, items: list[_Item], other: list[Mention]) -> LinkResult:
        """Assemble linked mentions and the entity list."""
        mentions: list[Mention] = []
        groups: dict[str, list[Mention]] = {}
        for it in sorted(items, key=lambda it: (it.m.start, -it.m.end)):
            m = it.m
            label = "NORP" if it.kind == "demonym" else m.label
            how = it.how or m.how
            if (m.entity_id, m.how, m.label) != (it.entity, how, label):
                m = _relinked(m, it.entity, how, label)
            mentions.append(m)
            if it.entity:
                groups.setdefault(it.entity, []).append(m)
        entities = []
        for eid, ms in groups.items():
            if eid in self.kb:
                e = self.kb.entity(eid)
                entities.append(LinkedEntity(e.id, e.qid, e.type, e.name_en, e.name_hi, tuple(ms)))
            else:
                typ, en, hi = self.nil_names.get(eid, ("MISC", None, None))
                entities.append(LinkedEntity(eid, None, typ, en, hi, tuple(ms), nil=True))
        mentions += other
        mentions.sort(key=lambda m: (m.start, -m.end))
        return LinkResult(tuple(mentions), tuple(entities))


def _relinked(m: Mention, entity: str | None, how: str, label: str) -> Mention:
    """``m`` with its entity, how and label set: a constructor call (``dataclasses.replace`` costs several
    times more, and every linked mention goes through here); a test pins Mention's fields."""
    return Mention(m.start, m.end, m.text, label, m.confidence, how, entity)


@functools.lru_cache(maxsize=65536)  # unknown names recur across articles; romanising is not cheap
def _display_latin(name: str) -> str:
    """A readable Latin form of an unknown name (long vowels shortened): यूरेशियन -> Yureshiyan."""
    import re

    return re.sub(r"([aeiou])\1", r"\1", romanize(name)).title()


def _type_ok(want: str | None, have: str, kind: str) -> bool:
    """Whether a mention of type ``want`` may link to an entity of type ``have`` via an alias kind."""
    if want is None:
        return True
    if want == "NORP":
        return kind == "demonym"
    if kind == "demonym":
        return want in ("GPE", "NORP")
    if want == "GPE":
        return have in ("GPE", "LOC")
    return want == have


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` as a whole word in ``text``."""
    out, pos = [], text.find(needle)
    while pos >= 0:
        before = text[pos - 1] if pos else " "
        after = text[pos + len(needle)] if pos + len(needle) < len(text) else " "
        if not (before.isalnum() or "\u0900" <= before <= "\u097f") and not (
                after.isalnum() or "\u0900" <= after <= "\u097f"):
            out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def link_mentions(text: str, mentions: Sequence[Mention], date: "dt.date | str | None",
                  kb: KnowledgeBase, *, home_country: str | None = "Q668") -> LinkResult:
    """Link the mentions of one article to KB entities (NIL entities for unknown names).

    Args:
        text: ``Article.text``; mention offsets point into it.
        mentions: from the gazetteer, the NER model or anywhere else; overlapping ones are reduced
            to the longest. Labels outside PERSON/ORG/GPE/LOC/NORP pass through unlinked.
        date: the article's date (``datetime.date``, ``"2024-05"``, or None when unknown); role
            phrases resolve through the office holders at that date.
        kb: the knowledge base.
        home_country: entity id of the country a bare ambiguous name most likely means (India for
            Hindi news); None for no preference.

    Returns:
        A LinkResult: the mentions (gazetteer/model ones plus role, acronym and rule mentions) with
        ``entity_id`` set, and the article's entities in the ``output.md`` shape.
    """
    linker = _Linker(text, date, kb, home_country)
    items, other = linker.prepare(mentions)
    linker.link_names(items)
    items += linker.acronyms(items)
    items += linker.roles(items)
    return linker.result(items, other)
