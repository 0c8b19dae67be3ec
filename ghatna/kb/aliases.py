"""Alias tables across articles: evidence per alias, NIL merging with provenance, undoable merges.

Everything is a plain record so that the store can persist it as four tables (see ``TABLES``); this
module keeps them in memory and implements the operations:

* ``record`` adds one article's linked mentions as alias evidence (article, span, date seen);
* ``propose_merges`` pairs NIL entities whose keys agree (same name, or one is the other's surname,
  or a near spelling) *and* whose articles share context (other entities mentioned);
* ``merge`` / ``undo`` keep a log: a wrong merge is undone without losing any evidence.

Example:
    >>> t = AliasTable()
    >>> m = t.merge("nil:person:a", "nil:person:b", "same person")
    >>> t.resolve("nil:person:b"), t.undo(m.id).undone, t.resolve("nil:person:b")
    ('nil:person:a', True, 'nil:person:b')
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Iterable

from rapidfuzz import fuzz

from ghatna.kb.keys import name_keys
from ghatna.types import Mention, Record

#: What the store needs to persist these tables (name -> columns).
TABLES = {
    "kb_alias_evidence": ("entity_id", "text", "ortho", "phon", "article_id", "start", "end", "seen", "how"),
    "kb_nil_entities": ("id", "type", "name", "first_seen"),
    "kb_merges": ("id", "kept", "merged", "reason", "evidence", "created", "undone"),
    "kb_entity_context": ("entity_id", "other_id", "count"),
}


@dataclass(frozen=True, slots=True)
class AliasEvidence(Record):
    """One sighting of an alias: which entity, the surface form and its keys, where and when."""

    entity_id: str
    text: str
    ortho: str
    phon: str
    article_id: str
    start: int
    end: int
    seen: str | None = None  # the article's date (ISO, as precise as known)
    how: str = "model"


@dataclass(frozen=True, slots=True)
class AliasStat(Record):
    """An alias of an entity summarised over its evidence."""

    text: str
    count: int
    articles: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class NilEntity(Record):
    """An entity the KB does not know, created from a name in an article."""

    id: str
    type: str
    name: str
    first_seen: str | None = None


@dataclass(frozen=True, slots=True)
class Merge(Record):
    """A decision that ``merged`` is the same entity as ``kept``, with why; ``undone`` when reverted."""

    id: str
    kept: str
    merged: str
    reason: str
    evidence: tuple[str, ...] = ()
    created: str = ""
    undone: bool = False


class AliasTable:
    """In-memory alias evidence, NIL entities, context counts and the merge log."""

    def __init__(self) -> None:
        self.evidence: list[AliasEvidence] = []
        self.nil: dict[str, NilEntity] = {}
        self.merges: list[Merge] = []
        self.context: dict[str, Counter[str]] = defaultdict(Counter)

    # --- recording ---------------------------------------------------------------------------------

    def record(self, article_id: str, mentions: Iterable[Mention], seen: str | None = None,
               nil_types: dict[str, str] | None = None) -> int:
        """Add the linked mentions of one article; return how many evidence rows were added."""
        linked = [m for m in mentions if m.entity_id]
        ids = sorted({m.entity_id for m in linked})  # type: ignore[type-var]
        for m in linked:
            keys = name_keys(m.text)
            eid = m.entity_id
            assert eid is not None
            self.evidence.append(AliasEvidence(eid, m.text, keys.ortho, keys.phon, article_id, m.start, m.end,
                                               seen, m.how))
            if eid.startswith("nil:") and eid not in self.nil:
                typ = (nil_types or {}).get(eid) or eid.split(":")[1].upper()
                self.nil[eid] = NilEntity(eid, typ, m.text, seen)
        for a in ids:
            for b in ids:
                if a != b:
                    self.context[a][b] += 1  # type: ignore[index]
        return len(linked)

    # --- reading -----------------------------------------------------------------------------------

    def resolve(self, entity_id: str) -> str:
        """Follow active merges to the entity an id now stands for."""
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            nxt = next((m.kept for m in reversed(self.merges) if m.merged == entity_id and not m.undone), None)
            if nxt is None:
                return entity_id
            entity_id = nxt
        return entity_id

    def members(self, entity_id: str) -> set[str]:
        """Every id that resolves to the same entity as ``entity_id``."""
        root = self.resolve(entity_id)
        ids = {e.entity_id for e in self.evidence} | {root, entity_id}
        return {i for i in ids if self.resolve(i) == root}

    def aliases(self, entity_id: str) -> list[AliasStat]:
        """The aliases of an entity (merged ones included) with counts and first/last seen."""
        group = self.members(entity_id)
        by_text: dict[str, list[AliasEvidence]] = defaultdict(list)
        for ev in self.evidence:
            if ev.entity_id in group:
                by_text[ev.text].append(ev)
        out = []
        for text, evs in sorted(by_text.items(), key=lambda kv: -len(kv[1])):
            dates = sorted(e.seen for e in evs if e.seen)
            out.append(AliasStat(text, len(evs), tuple(dict.fromkeys(e.article_id for e in evs)),
                                 dates[0] if dates else None, dates[-1] if dates else None))
        return out

    # --- merging -----------------------------------------------------------------------------------

    def merge(self, kept: str, merged: str, reason: str, evidence: Iterable[str] = ()) -> Merge:
        """Record that ``merged`` is ``kept``; return the merge (its id undoes it)."""
        created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        mid = hashlib.sha1(f"{kept}|{merged}|{len(self.merges)}".encode()).hexdigest()[:12]
        m = Merge(mid, self.resolve(kept), merged, reason, tuple(evidence), created)
        self.merges.append(m)
        return m

    def undo(self, merge_id: str) -> Merge:
        """Revert a merge; the evidence stays with the ids it was recorded under."""
        for i, m in enumerate(self.merges):
            if m.id == merge_id:
                self.merges[i] = replace(m, undone=True)
                return self.merges[i]
        raise KeyError(merge_id)

    def propose_merges(self, min_shared: int = 2, min_ratio: float = 90.0) -> list[tuple[str, str, str]]:
        """NIL pairs whose names agree and whose articles share context: ``(kept, merged, reason)``.

        Names agree when one is the other's last word (a surname met alone) or their phonetic keys
        are near (rapidfuzz ratio >= ``min_ratio``); context agrees when both were mentioned with at
        least ``min_shared`` of the same other entities.
        """
        names: dict[str, set[str]] = defaultdict(set)
        for ev in self.evidence:
            if ev.entity_id.startswith("nil:"):
                names[self.resolve(ev.entity_id)].add(ev.phon)
        roots = sorted(names)
        out = []
        for i, a in enumerate(roots):
            for b in roots[i + 1:]:
                if a.split(":")[1] != b.split(":")[1]:
                    continue  # different types
                why = _names_agree(names[a], names[b], min_ratio)
                if not why:
                    continue
                shared = set(self._context(a)) & set(self._context(b))
                if len(shared) >= min_shared:
                    kept, merged = (a, b) if len(max(names[a], key=len)) >= len(max(names[b], key=len)) else (b, a)
                    out.append((kept, merged, f"{why}; shared context: {', '.join(sorted(shared)[:5])}"))
        return out

    def apply_proposals(self, **kwargs: float) -> list[Merge]:
        """Merge every proposed pair (each merge can be undone)."""
        return [self.merge(k, m, why) for k, m, why in self.propose_merges(**kwargs)]  # type: ignore[arg-type]

    def _context(self, entity_id: str) -> Counter[str]:
        """Other entities mentioned with any member of ``entity_id``'s group."""
        total: Counter[str] = Counter()
        for member in self.members(entity_id):
            total.update(self.context.get(member, Counter()))
        return total


def _names_agree(a: set[str], b: set[str], min_ratio: float) -> str:
    """Why two sets of phonetic keys name the same thing ('' when they do not)."""
    for x in a:
        for y in b:
            xs, ys = x.split(), y.split()
            if len(xs) == 1 and len(ys) > 1 and xs[0] == ys[-1] or len(ys) == 1 and len(xs) > 1 and ys[0] == xs[-1]:
                return f"surname {x!r} ~ {y!r}"
            if fuzz.ratio(x, y) >= min_ratio:
                return f"spelling {x!r} ~ {y!r}"
    return ""
