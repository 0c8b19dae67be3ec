"""kb.aliases: evidence per alias, NIL merges across articles when keys and context agree, undo."""

from __future__ import annotations

from ghatna.kb.aliases import TABLES, AliasTable
from ghatna.types import Mention


def _m(text: str, eid: str, start: int = 0) -> Mention:
    return Mention(start, start + len(text), text, "PERSON", 1.0, "model", eid)


def test_aliases_evidence_keeps_article_span_and_dates() -> None:
    t = AliasTable()
    t.record("a1", [_m("मिन्ह डुक", "nil:person:x")], seen="2024-05")
    t.record("a2", [_m("मिन्ह डुक", "nil:person:x", 10)], seen="2024-07-01")
    (stat,) = t.aliases("nil:person:x")
    assert stat.count == 2 and stat.articles == ("a1", "a2")
    assert (stat.first_seen, stat.last_seen) == ("2024-05", "2024-07-01")
    assert t.evidence[1].start == 10 and t.nil["nil:person:x"].first_seen == "2024-05"


def test_aliases_nil_merge_needs_names_and_context_and_can_be_undone() -> None:
    t = AliasTable()
    ctx = [_m("x", "Q232"), _m("y", "Q159")]
    t.record("a1", [_m("मिन्ह डुक", "nil:person:full")] + ctx)
    t.record("a2", [_m("डुक", "nil:person:short")] + ctx)
    t.record("a3", [_m("डुक", "nil:person:other"), _m("z", "Q30")])  # same surname, other context
    (kept, merged, why), = t.propose_merges()
    assert (kept, merged) == ("nil:person:full", "nil:person:short") and "surname" in why
    (m,) = t.apply_proposals()
    assert t.resolve("nil:person:short") == "nil:person:full"
    assert {s.text for s in t.aliases("nil:person:full")} == {"मिन्ह डुक", "डुक"}
    t.undo(m.id)
    assert t.resolve("nil:person:short") == "nil:person:short"
    assert {s.text for s in t.aliases("nil:person:full")} == {"मिन्ह डुक"}


def test_aliases_tables_for_the_store_are_declared() -> None:
    assert set(TABLES) == {"kb_alias_evidence", "kb_nil_entities", "kb_merges", "kb_entity_context"}
