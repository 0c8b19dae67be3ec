"""The knowledge base at run time: entities, their aliases with precomputed keys, office holders.

The compiled KB ships in the package (``resources/kb/compiled/kb.json.gz``, built by
``scripts/build_kb.py``); users add their own entities with ``KnowledgeBase.extend`` (``ghatna kb
add FILE``). Lookups are dictionary hits on precomputed keys, so linking stays cheap.

Example:
    >>> kb = load_kb()
    >>> kb.entity("Q232").name_en
    'Kazakhstan'
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

from ghatna.config import KbSettings
from ghatna.errors import ResourceError
from ghatna.kb.keys import acronym_key, ortho_key, phonetic_key
from ghatna.resources.loader import read_bytes
from ghatna.types import Alias, Entity, Role

log = logging.getLogger(__name__)

COMPILED = "kb/compiled/kb.json.gz"
FORMAT = "ghatna.kb/1"


@dataclass(frozen=True, slots=True)
class AliasRow:
    """One alias in the lookup tables: entity index, text, kind, source and its keys."""

    entity: int
    text: str
    kind: str
    source: str
    ortho: str
    phon: str
    acronym: str


def alias_row(entity: int, text: str, kind: str, source: str) -> AliasRow:
    """Compute the keys of one alias (the build script and ``extend`` both use this)."""
    acr = acronym_key(text) if kind in ("acronym", "name", "variant") else ""
    return AliasRow(entity, text, kind, source, ortho_key(text), phonetic_key(text), acr)


@functools.lru_cache(maxsize=4096)  # role dates and article dates repeat; parsing them was a hot spot
def date_bounds(value: "dt.date | str | None") -> tuple[dt.date, dt.date] | None:
    """Return the first and last day a date as precise as known can mean (``"2024-05"``: all May)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value, value
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        d = dt.date(*parts)
        return d, d
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def role_valid(role: Role, when: "dt.date | str | None") -> bool:
    """True when ``role`` was held at some point of ``when`` (always True when ``when`` is None)."""
    span = date_bounds(when)
    if span is None:
        return True
    start = date_bounds(role.start)
    end = date_bounds(role.end)
    if start is not None and span[1] < start[0]:
        return False
    if end is not None and span[0] > end[1]:
        return False
    return True


class KnowledgeBase:
    """Entities, alias tables keyed by normalisation keys, and office holders by (office, of)."""

    def __init__(self, entities: Sequence[Entity], aliases: Sequence[AliasRow],
                 offices: dict[str, dict[str, str]], priors: Sequence[float],
                 meta: dict[str, Any] | None = None) -> None:
        self.entities = tuple(entities)
        self.aliases = tuple(aliases)
        self.offices = dict(offices)
        self.priors = tuple(priors)
        self.meta = dict(meta or {})
        # candidate lookups remembered by kb.candidates (keys -> candidates); it lives and dies with
        # this object, and the tables it caches are never changed in place (extend builds a new KB)
        self.lookup_memo: dict[Any, Any] = {}
        self._index: dict[str, int] = {e.id: i for i, e in enumerate(self.entities)}
        for i, e in enumerate(self.entities):
            if e.qid:
                self._index.setdefault(e.qid, i)
        self.by_ortho: dict[str, list[int]] = defaultdict(list)
        self.by_phon: dict[str, list[int]] = defaultdict(list)
        self.by_skeleton: dict[str, list[int]] = defaultdict(list)
        self.by_acronym: dict[str, list[int]] = defaultdict(list)
        self.by_prefix: dict[str, list[int]] = defaultdict(list)
        for n, a in enumerate(self.aliases):
            # blocks for fuzzy matching: the first three sounds of each word (Lavrov ~ लावरोफ)
            for prefix in {w[:3] for w in a.phon.split() if len(w) >= 3}:
                self.by_prefix[prefix].append(n)
            self.by_ortho[a.ortho].append(n)
            self.by_phon[a.phon].append(n)
            skel = _skeleton(a.phon)
            self.by_skeleton[skel].append(n)
            if a.acronym:
                self.by_acronym[a.acronym].append(n)
        self._holders: dict[tuple[str, str], list[tuple[int, Role]]] = defaultdict(list)
        for i, e in enumerate(self.entities):
            for r in e.roles:
                self._holders[(r.office, r.of)].append((i, r))

    # --- lookups ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._index

    def entity(self, entity_id: str) -> Entity:
        """Return an entity by id or QID; raise KeyError when unknown."""
        return self.entities[self._index[entity_id]]

    def index_of(self, entity_id: str) -> int:
        """Return the position of an entity (by id or QID)."""
        return self._index[entity_id]

    def prior(self, index: int) -> float:
        """Return the prior weight (0..1) of the entity at ``index``: how often such names mean it."""
        return self.priors[index]

    def aliases_of(self, entity_id: str) -> list[AliasRow]:
        """Return the alias rows of an entity."""
        i = self._index[entity_id]
        return [a for a in self.aliases if a.entity == i]

    def holders(self, office: str, of: str, when: "dt.date | str | None" = None) -> list[Entity]:
        """Return who held ``office`` of entity ``of`` at ``when`` (every holder when None).

        Example:
            >>> [e.name_en for e in load_kb().holders("president", "Q159", "2024-05")]
            ['Vladimir Putin']
        """
        out: list[Entity] = []
        for i, role in self._holders.get((office, of), ()):
            if role_valid(role, when) and self.entities[i] not in out:
                out.append(self.entities[i])
        return out

    def office_for(self, of: str, word_office: str) -> list[str]:
        """Map a role word's office (leader, head_of_state …) to the concrete offices of ``of``."""
        conf = self.offices.get(of, {})
        if word_office in ("leader", "head_of_state", "head_of_government"):
            if word_office in conf:
                return [conf[word_office]]
            return ["president", "prime_minister"] if word_office == "leader" else ["president"]
        if word_office == "king":
            return ["king", "emir", "sultan", "emperor"]
        return [word_office]

    def roles_at(self, entity_id: str, when: "dt.date | str | None") -> list[Role]:
        """Return the roles an entity held at ``when``."""
        return [r for r in self.entity(entity_id).roles if role_valid(r, when)]

    # --- derived tables ----------------------------------------------------------------------------

    def gazetteer_entries(self) -> list[tuple[tuple[str, ...], str, str, str, bool]]:
        """Return ``(phonetic words, ortho key, label, script, strict)`` for ``extract.gazetteer``.

        ``strict`` aliases (minor places and organisations from bulk sources) match only on the
        orthographic key: their phonetic near-misses are far more often ordinary words.
        """
        out = []
        for a in self.aliases:
            if not a.phon:
                continue
            label = "NORP" if a.kind == "demonym" else self.entities[a.entity].type
            strict = a.source != "seed" and self.priors[a.entity] < 0.5
            out.append((tuple(a.phon.split()), a.ortho, label, _script(a.text), strict))
        return out

    def extend(self, entities: Iterable[Entity], prior: float = 0.8) -> "KnowledgeBase":
        """Return a KB with ``entities`` added; an entity with a known id or QID is merged into it."""
        ents = list(self.entities)
        aliases = list(self.aliases)
        priors = list(self.priors)
        for new in entities:
            key = new.id if new.id in self._index else (new.qid if new.qid in self._index else None)
            if key is not None:
                i = self._index[key]
                old = ents[i]
                ents[i] = replace(old, aliases=old.aliases + new.aliases, roles=old.roles + new.roles,
                                  sources=old.sources + tuple(s for s in new.sources if s not in old.sources))
            else:
                i = len(ents)
                ents.append(new)
                priors.append(prior)
            for a in new.aliases:
                aliases.append(alias_row(i, a.text, a.kind, a.source))
        return KnowledgeBase(ents, aliases, self.offices, priors, self.meta)

    # --- serialisation -----------------------------------------------------------------------------

    def to_compiled(self) -> dict[str, Any]:
        """Return the compact JSON form (entities with roles; aliases as rows with their keys)."""
        ents = []
        for e, p in zip(self.entities, self.priors):
            ents.append([e.id, e.type, e.name_en, e.name_hi, e.qid, e.country,
                         [[r.office, r.of, r.start, r.end] for r in e.roles], list(e.sources), round(p, 3)])
        rows = [[a.entity, a.text, a.kind, a.source, a.ortho, a.phon, a.acronym] for a in self.aliases]
        return {"format": FORMAT, "meta": self.meta, "offices": self.offices, "entities": ents, "aliases": rows}

    @classmethod
    def from_compiled(cls, data: dict[str, Any]) -> "KnowledgeBase":
        """Build from ``to_compiled`` output."""
        if data.get("format") != FORMAT:
            raise ResourceError("E603", name="kb", line=0, detail=f"unknown KB format {data.get('format')!r}")
        rows = [AliasRow(*r) for r in data["aliases"]]
        by_entity: dict[int, list[Alias]] = defaultdict(list)
        for r in rows:
            by_entity[r.entity].append(Alias(r.text, _script(r.text), r.kind, r.source))
        ents, priors = [], []
        for i, (eid, typ, en, hi, qid, country, roles, sources, prior) in enumerate(data["entities"]):
            ents.append(Entity(eid, typ, en, hi, qid, tuple(by_entity.get(i, ())), country,
                               tuple(Role(*r) for r in roles), tuple(sources)))
            priors.append(prior)
        return cls(ents, rows, data.get("offices", {}), priors, data.get("meta", {}))

    def search(self, text: str, limit: int = 10) -> list[tuple[Entity, float, str]]:
        """Find entities by any spelling in any script (exact keys first, then fuzzy).

        Returns ``(entity, score, alias text)`` best first.
        """
        from ghatna.kb.candidates import find_candidates  # local: candidates imports this module

        seen: dict[str, tuple[Entity, float, str]] = {}
        for c in find_candidates(self, text, fuzzy=True):
            e = self.entities[c.entity]
            score = c.score + 0.05 * self.priors[c.entity]
            if e.id not in seen or seen[e.id][1] < score:
                seen[e.id] = (e, round(score, 3), self.aliases[c.alias].text)
        return sorted(seen.values(), key=lambda t: -t[1])[:limit]


def _skeleton(phon: str) -> str:
    """Consonant skeleton of a phonetic key (same as ``text.translit.skeleton_key``)."""
    key = phon.replace(" ", "")
    stripped = "".join(c for c in key if c not in "aeiou")
    return stripped or key


def _script(text: str) -> str:
    """Return Deva when the text holds Devanagari, else Latn."""
    return "Deva" if any("\u0900" <= c <= "\u097f" for c in text) else "Latn"


def read_compiled(blob: bytes) -> KnowledgeBase:
    """Parse a compiled KB (gzip-compressed or plain JSON bytes)."""
    if blob[:2] == b"\x1f\x8b":
        blob = gzip.decompress(blob)
    return KnowledgeBase.from_compiled(json.loads(blob.decode("utf-8")))


def load_kb(settings: KbSettings | None = None) -> KnowledgeBase:
    """Load the shipped KB (or ``settings.path``) and merge ``settings.user_files``.

    Raises:
        ResourceError: the compiled KB is missing (E400) or malformed.
    """
    from ghatna.kb.compile import read_user_file  # local: compile imports this module

    settings = settings or KbSettings()
    if settings.path:
        try:
            with open(settings.path, "rb") as fh:
                kb = read_compiled(fh.read())
        except OSError as exc:
            raise ResourceError("E400", path=settings.path) from exc
    else:
        try:
            kb = read_compiled(read_bytes(COMPILED))
        except ResourceError as exc:
            raise ResourceError("E400", path=COMPILED) from exc
    for path in settings.user_files:
        kb = kb.extend(read_user_file(path))
    return kb
