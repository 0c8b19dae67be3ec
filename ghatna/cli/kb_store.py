"""``ghatna kb merge-nil | merges | merge | undo-merge | entity``: entities as the stored articles show them.

    ghatna kb merge-nil --db ghatna.db        # merge unknown names that are one person/org across articles
    ghatna kb merges                          # every merge with its evidence (JSONL), newest first
    ghatna kb undo-merge 3                    # a wrong merge: everything goes back where it was
    ghatna kb merge nil:person:ab12 nil:person:cd34 --reason "same person (checked)"
    ghatna kb entity Q232                     # names with counts, merged ids, articles (JSON)

Every command reads ``--db`` (default: the ``store.url`` setting) and never creates a store.
Exit codes: 0 done; 1 error (unknown id or merge, no store).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from ghatna.cli.common import load_cli_settings
from ghatna.store import Store, open_store

_DB = typer.Option(None, "--db", help="SQLite file to use (default: the store.url setting).")
_CONFIG = typer.Option(None, "--config", help="Settings file (TOML); default ./ghatna.toml if present.")


def _store(db: Optional[str], config: Optional[Path]) -> Store:
    """Open the store named by ``--db`` or the settings; an absent file is an error (E500)."""
    return open_store(load_cli_settings(config, {"store.url": db}).store, create=False)


def _echo(obj: Any) -> None:
    """Write one JSON line to stdout."""
    typer.echo(json.dumps(obj, ensure_ascii=False))


def stored_matches(text: str, db: Optional[str], limit: int) -> list[dict[str, Any]]:
    """Entities of the store whose names match ``text`` (any script); [] when there is no store.

    Without ``--db`` the default store is searched only when its file exists.
    """
    from ghatna.kb.keys import name_keys

    settings = load_cli_settings(None, {"store.url": db})
    if db is None and not Path(settings.store.url).is_file():
        return []
    keys = name_keys(text)
    with open_store(settings.store, create=False) as store:
        hits = store.find_entities(keys.ortho, keys.phon, limit=limit)
    return [{"id": e.id, "qid": e.qid, "type": e.type, "name_en": e.name_en, "name_hi": e.name_hi, "score": score,
             "matched": matched, "nil": e.nil, "mentions": e.mentions, "articles": e.articles, "stored": True}
            for e, score, matched in hits]


def merge_nil_cmd(db: Optional[str] = _DB, config: Optional[Path] = _CONFIG,
                  dry_run: bool = typer.Option(False, "--dry-run", help="Only print the proposals."),
                  min_shared: int = typer.Option(2, "--min-shared", min=1,
                                                 help="Fewest co-occurring entities the two must share."),
                  min_context: float = typer.Option(0.5, "--min-context", min=0.0, max=1.0,
                                                    help="Least weighted share of context in common (0..1).")) -> None:
    """Merge unknown (NIL) entities of different articles whose names and context agree (JSONL, with evidence)."""
    from ghatna.persist import merge_nil

    with _store(db, config) as store:
        outcomes = merge_nil(store, apply=not dry_run, min_shared=min_shared, min_context=min_context)
    for o in outcomes:
        _echo(o.to_dict())
    applied = [o.merge.id for o in outcomes if o.merge is not None]
    typer.echo(f"{len(outcomes)} proposals, {len(applied)} merged"
               + (f"; undo one with 'ghatna kb undo-merge ID' (ids {', '.join(map(str, applied))})" if applied else ""),
               err=True)


def merges_cmd(db: Optional[str] = _DB, config: Optional[Path] = _CONFIG,
               entity: Optional[str] = typer.Option(None, "--entity", help="Only merges keeping or merging this id."),
               active: Optional[bool] = typer.Option(None, "--active/--undone", help="Only active or only undone."),
               limit: int = typer.Option(100, "--limit", min=1, help="Most merges printed.")) -> None:
    """List entity merges with their reason and evidence, newest first (JSONL)."""
    with _store(db, config) as store:
        for m in store.list_merges(entity=entity, active=active, limit=limit):
            _echo(m.to_dict())


def merge_cmd(keep: str = typer.Argument(..., help="Entity id that stays."),
              merged: str = typer.Argument(..., help="Entity id that becomes the same entity."),
              reason: str = typer.Option(..., "--reason", help="Why they are one (kept with the merge)."),
              db: Optional[str] = _DB, config: Optional[Path] = _CONFIG) -> None:
    """Merge two entities by hand (undo with 'ghatna kb undo-merge ID')."""
    with _store(db, config) as store:
        _echo(store.merge_entities(keep, merged, reason, created_by="user").to_dict())


def undo_merge_cmd(merge_id: int = typer.Argument(..., metavar="ID", help="Merge id (see 'ghatna kb merges')."),
                   db: Optional[str] = _DB, config: Optional[Path] = _CONFIG) -> None:
    """Undo a merge: mentions, aliases, quotes, events and facts go back to the entity they had."""
    with _store(db, config) as store:
        _echo(store.undo_merge(merge_id).to_dict())


def entity_cmd(entity_id: str = typer.Argument(..., metavar="ID", help="Entity id (QID, local or nil: id)."),
               db: Optional[str] = _DB, config: Optional[Path] = _CONFIG,
               articles: int = typer.Option(20, "--articles", min=0, help="Most articles listed.")) -> None:
    """Print a stored entity: names and spellings with counts and first/last seen, merged ids, articles (JSON)."""
    with _store(db, config) as store:
        _echo(store.get_entity(entity_id, articles=articles).to_dict())


def register(kb_app: typer.Typer) -> None:
    """Attach these commands to ``ghatna kb`` (once, however often the app is assembled)."""
    if any(c.name == "merge-nil" for c in kb_app.registered_commands):
        return
    kb_app.command("merge-nil")(merge_nil_cmd)
    kb_app.command("merges")(merges_cmd)
    kb_app.command("merge")(merge_cmd)
    kb_app.command("undo-merge")(undo_merge_cmd)
    kb_app.command("entity")(entity_cmd)

