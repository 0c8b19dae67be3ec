"""``ghatna kb``: search the knowledge base in any script, show an entity, add your own entities.

    ghatna kb search Tokayev            # JSONL, best match first; टोकाएव finds the same entity
    ghatna kb show "कज़ाखस्तान"           # one entity with aliases and roles (JSON)
    ghatna kb add my_people.yaml        # writes ghatna-kb.json.gz = shipped KB + your entities

After ``kb add``, point ghatna at the result with ``--kb FILE`` or ``GHATNA_KB__PATH=FILE``.
Entities met in stored articles (unknown names too) and their merges: see ``ghatna.cli.kb_store``.
Exit codes: 0 found/added, 1 nothing found or the file is invalid.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, Optional

import typer

from ghatna.cli.kb_store import register as register_store_commands
from ghatna.cli.kb_store import stored_matches
from ghatna.config import KbSettings, load_settings
from ghatna.errors import GhatnaError, InputError
from ghatna.kb.compile import read_user_file
from ghatna.kb.knowledge import KnowledgeBase, load_kb
from ghatna.types import Entity

kb_app = typer.Typer(name="kb", help="Search, show and extend the knowledge base.", no_args_is_help=True)

_KB_OPTION = typer.Option(None, "--kb", help="Compiled KB file (default: kb.path setting, else the shipped KB).")


def _open(path: Optional[Path]) -> KnowledgeBase:
    """Load the KB named on the command line, or the one the settings name."""
    settings = load_settings().kb
    if path is not None:
        settings = KbSettings(path=str(path), user_files=settings.user_files)
    return load_kb(settings)


def _echo(obj: Any) -> None:
    """Write one JSON line to stdout."""
    typer.echo(json.dumps(obj, ensure_ascii=False))


def _summary(e: Entity, score: float | None = None, matched: str | None = None) -> dict[str, Any]:
    """The short JSON form of an entity."""
    out: dict[str, Any] = {"id": e.id, "qid": e.qid, "type": e.type, "name_en": e.name_en, "name_hi": e.name_hi}
    if score is not None:
        out.update(score=score, matched=matched)
    return out


@kb_app.command("search")
def search_cmd(text: str = typer.Argument(..., help="A name in any spelling or script."),
               limit: int = typer.Option(10, help="Most results to print."),
               kb: Optional[Path] = _KB_OPTION,
               db: Optional[str] = typer.Option(None, "--db", help="Also search the entities of this store "
                                                "(default: the store.url setting, when that file exists).")) -> None:
    """Find entities by any spelling in Devanagari or Latin script, in the KB and the store (JSONL, best first)."""
    hits = [_summary(e, score, matched) for e, score, matched in _open(kb).search(text, limit=limit)]
    known = {h["id"] for h in hits}
    # unknown (NIL) entities live in the store only: met in articles, not in any KB source
    hits += [h for h in stored_matches(text, db, limit) if h["id"] not in known]
    if not hits:
        raise GhatnaError("E402", query=text)
    for h in sorted(hits, key=lambda h: -h["score"])[:limit]:
        _echo(h)


@kb_app.command("show")
def show_cmd(name: str = typer.Argument(..., help="An entity id, QID or name in any spelling."),
             kb: Optional[Path] = _KB_OPTION) -> None:
    """Print one entity with its aliases, roles and sources (JSON)."""
    base = _open(kb)
    if name in base:
        entity = base.entity(name)
    else:
        hits = base.search(name, limit=1)
        if not hits:
            raise GhatnaError("E402", query=name)
        entity = hits[0][0]
    _echo(entity.to_dict())


@kb_app.command("add")
def add_cmd(file: Path = typer.Argument(..., help="YAML (list of mappings) or CSV with name_en, name_hi, "
                                        "aliases, type, qid, country, roles."),
            out: Path = typer.Option(Path("ghatna-kb.json.gz"), help="Where to write the extended KB."),
            kb: Optional[Path] = _KB_OPTION) -> None:
    """Add your own entities: validate FILE and write the KB extended with them to --out."""
    entities = read_user_file(file)
    if not entities:
        raise InputError("E401", detail=f"{file}: no entities")
    base = _open(kb if kb is not None else (out if out.exists() else None))
    extended = base.extend(entities)
    data = json.dumps(extended.to_compiled(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    out.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
    for e in entities:
        _echo(_summary(extended.entity(e.id)))
    typer.echo(f"wrote {out} ({len(entities)} entities added); use it with --kb {out} or GHATNA_KB__PATH={out}",
               err=True)


def register(app: typer.Typer) -> None:
    """Attach ``ghatna kb`` (with the store-side commands of ``kb_store``) to the main app."""
    register_store_commands(kb_app)
    app.add_typer(kb_app, name="kb")
