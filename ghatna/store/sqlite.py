"""The default store: one SQLite file in WAL mode (one writer, any number of readers).

Every write is one explicit transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so a process killed at
any moment leaves either the whole batch or none of it. ``synchronous=NORMAL`` is durable against
process crashes in WAL mode; only a power loss can drop the last commits, never corrupt the file.
Schema changes are the numbered files in ``migrations/sqlite/``, applied in order at open.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Sequence

from ghatna.errors import StoreError
from ghatna.store import entities as ent
from ghatna.store import summaries
from ghatna.store.annotations import read_annotations, write_annotations
from ghatna.store.query_methods import QueryMethods
from ghatna.store.crossdoc import CrossDocMethods
from ghatna.store.base import (ArticleRow, Counts, EntityArticle, EntityMerge, EntityPage, EntityRow, RejectRow,
                               WriteResult)
from ghatna.types import Annotations, Article, EntityProfile, RawRecord, Rejection, SourceRef

log = logging.getLogger(__name__)

#: how long a writer waits for another writer's transaction before giving up (SQLite busy timeout)
BUSY_TIMEOUT_S = 30.0

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def _now() -> str:
    """Return the current UTC time as ISO 8601 text that sorts in time order."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(value: Any) -> str:
    """Serialise compactly, keeping Devanagari readable in the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def load_migrations() -> list[tuple[int, str, str]]:
    """Return the packaged SQLite migrations as ``(version, name, sql)``, in version order."""
    folder = resources.files("ghatna.store").joinpath("migrations/sqlite")
    found = []
    for entry in folder.iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError("E503", detail=f"migrations are not numbered 1..n: {versions}")
    return found


def split_statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (so they can run inside our own transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip() and any(not ln.strip().startswith("--") for ln in buf.splitlines() if ln.strip()):
        raise StoreError("E503", detail=f"incomplete SQL statement in migration: {buf.strip()[:80]!r}")
    return out


class SqliteStore(QueryMethods, CrossDocMethods):
    """A :class:`~ghatna.store.base.Store` on one SQLite file.

    Example:
        >>> store = SqliteStore(":memory:")
        >>> store.schema_version() >= 1
        True
        >>> store.close()
    """

    def __init__(self, path: str, *, create: bool = True,
                 migrations: list[tuple[int, str, str]] | None = None) -> None:
        """Open (and create/migrate) the store at ``path``; ``migrations`` is for tests only."""
        self.url = path
        memory = path == ":memory:" or path == ""
        if not memory:
            file = Path(path)
            if not file.exists():
                if not create:
                    raise StoreError("E500", url=path, detail="no such file; run 'ghatna ingest' first")
                try:
                    file.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError("E500", url=path, detail=str(exc)) from exc
        try:
            # isolation_level=None: no hidden transactions, ours are explicit
            self._conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._setup(memory)
        except sqlite3.Error as exc:
            raise StoreError("E500", url=path, detail=str(exc)) from exc
        try:
            self._migrate(load_migrations() if migrations is None else migrations)
        except BaseException:
            self._conn.close()
            raise

    def _setup(self, memory: bool) -> None:
        """Set WAL, durability, foreign keys and the busy timeout on the connection."""
        c = self._conn
        if not memory:
            mode = c.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("%s: journal_mode is %s, not wal (readers may block the writer)", self.url, mode)
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute("PRAGMA foreign_keys=ON")
        c.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the body as one write transaction; any error rolls all of it back."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError("E503", detail=f"{self.url}: {exc}") from exc
        try:
            yield self._conn
        except BaseException as exc:
            self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError("E503", detail=f"{self.url}: {exc}") from exc
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError("E503", detail=f"{self.url}: {exc}") from exc

    def _migrate(self, migrations: list[tuple[int, str, str]]) -> None:
        """Apply pending migrations in order, each in its own transaction; refuse a newer schema."""
        supported = migrations[-1][0] if migrations else 0
        with self._transaction() as c:
            c.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        found = self.schema_version()
        if found > supported:
            raise StoreError("E501", found=found, supported=supported)
        for version, name, sql in migrations:
            if version <= found:
                continue
            with self._transaction() as c:
                # another process may have migrated while we waited for the write lock
                if c.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)).fetchone():
                    continue
                for statement in split_statements(sql):
                    c.execute(statement)
                c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                          (version, name, _now()))
            log.info("%s: applied migration %04d_%s", self.url, version, name)

    def schema_version(self) -> int:
        """Return the highest applied migration (0 for an empty file)."""
        row = self._conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def journal_mode(self) -> str:
        """Return the journal mode in force ('wal' for a file store)."""
        return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()

    # -- writes ---------------------------------------------------------------------------------

    def put_articles(self, items: Sequence[tuple[Article, RawRecord]],
                     annotations: Sequence[Annotations] = ()) -> WriteResult:
        """Write a batch of articles with the raw records they came from, in one transaction.

        Args:
            items: ``(article, raw_record)`` pairs; the raw record's source is the provenance kept.
            annotations: what the annotation stages found in articles of the batch (or already
                stored); each replaces that article's earlier annotations, unchanged ones are skipped.

        Returns:
            A :class:`WriteResult` listing the ids that were new, duplicates, or already recorded,
            and those whose annotations were written.

        Raises:
            StoreError: E503 the write failed, E502 annotations of an article that is not stored;
            nothing of the batch was written.
        """
        new: list[str] = []
        dup: list[str] = []
        seen: list[str] = []
        annotated: list[str] = []
        now = _now()
        with self._transaction() as c:
            for article, raw in items:
                stored = c.execute(
                    "INSERT INTO articles (id, text, title, publisher, published_value, published_granularity,"
                    " published_kind, source_path, source_index, source_id, source_url, language,"
                    " translated_from, record, ingested_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    _article_row(article, now),
                ).rowcount == 1
                if not stored and article.published is not None:
                    _date_undated(c, article)
                src = raw.source
                added = c.execute(
                    "INSERT INTO raw_records (article_id, source_path, source_index, source, data, content_type,"
                    " fields, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (source_path, source_index, article_id) DO NOTHING",
                    (article.id, src.path, src.index, _json(src.to_dict()), raw.data, raw.content_type,
                     _json(raw.fields), now),
                ).rowcount == 1
                # this source now yields an article, so an earlier rejection of it is out of date
                c.execute("DELETE FROM rejects WHERE source_path = ? AND source_index = ?", (src.path, src.index))
                (new if stored else dup if added else seen).append(article.id)
            pending: summaries.Summary = {}
            for bundle in annotations:
                if write_annotations(c, bundle, now, pending):
                    annotated.append(bundle.article_id)
            summaries.write(c, pending)
        return WriteResult(tuple(new), tuple(dup), tuple(seen), tuple(annotated))

    def put_annotations(self, bundles: Sequence[Annotations]) -> int:
        """Write annotations of stored articles in one transaction; return how many changed.

        Raises:
            StoreError: E502 an article is not stored (nothing is written).
        """
        now = _now()
        with self._transaction() as c:
            pending: summaries.Summary = {}
            changed = sum(write_annotations(c, b, now, pending) for b in bundles)
            summaries.write(c, pending)
            return changed

    def merge_entities(self, keep: str, merge: str, reason: str, *, evidence: dict[str, Any] | None = None,
                       created_by: str = "user") -> EntityMerge:
        """Record that ``merge`` is the entity ``keep``; its mentions, aliases, quotes, events, facts follow.

        Both ids are first resolved through earlier merges. Returns the merge; ``undo_merge(merge.id)``
        reverts it.

        Raises:
            StoreError: E505 an id the store never saw; E507 both are already one entity.
        """
        with self._transaction() as c:
            return ent.merge_entities(c, keep, merge, reason, evidence, created_by, _now())

    def undo_merge(self, merge_id: int) -> EntityMerge:
        """Revert a merge: each row stands again for the entity it stands for without it.

        Raises:
            StoreError: E506 no such merge; E507 already undone.
        """
        with self._transaction() as c:
            return ent.undo_merge(c, merge_id, _now())

    def put_rejections(self, rejections: Sequence[Rejection]) -> int:
        """Record rejections in one transaction; the same source and code again updates the row."""
        now = _now()
        with self._transaction() as c:
            for r in rejections:
                s = r.source
                c.execute(
                    "INSERT INTO rejects (source_path, source_index, source_line, source, code, reason, hint, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_path, source_index, code)"
                    " DO UPDATE SET source_line = excluded.source_line, source = excluded.source,"
                    " reason = excluded.reason, hint = excluded.hint, at = excluded.at",
                    (s.path, s.index, s.line, _json(s.to_dict()), r.code, r.reason, r.hint, now),
                )
        return len(rejections)

    # -- reads ----------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """Return whether an article with exactly this id is stored."""
        return self._read("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article:
        """Return the stored article, equal to the one written; raise StoreError E502 if absent."""
        row = self._read("SELECT text, record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise StoreError("E502", id=article_id)
        record = json.loads(row[1])
        record["text"] = row[0]
        return Article.from_dict(record)

    def resolve_id(self, prefix: str) -> str:
        """Return the one article id that starts with ``prefix``.

        Raises:
            StoreError: E502 when none matches, E504 when several do.
        """
        if prefix and self.has_article(prefix):
            return prefix
        # a range scan on the primary key; U+10FFFF sorts after every character of an id
        ids = [r[0] for r in self._read(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (prefix, prefix + "\U0010ffff"),
        )] if prefix else []
        if not ids:
            raise StoreError("E502", id=prefix)
        if len(ids) > 1:
            shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
            raise StoreError("E504", prefix=prefix, ids=shown)
        return ids[0]

    def get_sources(self, article_id: str) -> list[RawRecord]:
        """Return every raw record the article was read from, first seen first."""
        rows = self._read("SELECT source, data, content_type, fields FROM raw_records"
                          " WHERE article_id = ? ORDER BY id", (article_id,))
        return [RawRecord(SourceRef.from_dict(json.loads(s)), bytes(d), ct, json.loads(f)) for s, d, ct, f in rows]

    def list_articles(
        self, *, limit: int = 50, offset: int = 0, publisher: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
    ) -> list[ArticleRow]:
        """List articles, newest published first (undated last), then most recently ingested.

        Args:
            limit: most rows returned. offset: rows skipped (for paging).
            publisher: only this publisher (exact match).
            date_from, date_to: inclusive bounds as YYYY, YYYY-MM or YYYY-MM-DD; an article dated
                only ``2020-10`` is inside ``date_to="2020-10"`` and ``date_from="2020"``.
        """
        where, args = [], []
        if publisher is not None:
            where.append("publisher = ?")
            args.append(publisher)
        if date_from:
            where.append("published_value >= ?")
            args.append(date_from)
        if date_to:
            # '~' sorts after digits and '-', so every value starting with date_to is inside
            where.append("published_value <= ?")
            args.append(date_to + "~")
        sql = ("SELECT id, title, publisher, published_value, source_path, source_index, length(text), ingested_at"
               " FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY published_value DESC NULLS LAST, ingested_at DESC, id DESC LIMIT ? OFFSET ?")
        return [ArticleRow(*r) for r in self._read(sql, (*args, max(0, limit), max(0, offset)))]

    def list_rejections(self, *, code: str | None = None, limit: int = 100, offset: int = 0) -> list[RejectRow]:
        """List recorded rejections, most recent first, optionally only those with ``code``."""
        sql = "SELECT source, code, reason, hint, at FROM rejects"
        args: tuple[Any, ...] = ()
        if code:
            sql += " WHERE code = ?"
            args = (code,)
        sql += " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
        return [
            RejectRow(Rejection(SourceRef.from_dict(json.loads(s)), c, reason, hint), at)
            for s, c, reason, hint, at in self._read(sql, (*args, max(0, limit), max(0, offset)))
        ]

    def counts(self) -> Counts:
        """Return how many articles, sources, rejections (by code), annotated articles and entities are stored."""
        articles = self._read("SELECT count(*) FROM articles").fetchone()[0]
        sources = self._read("SELECT count(*) FROM raw_records").fetchone()[0]
        rejects = dict(self._read("SELECT code, count(*) FROM rejects GROUP BY code ORDER BY code").fetchall())
        annotated = self._read("SELECT count(*) FROM annotated").fetchone()[0]
        entities = self._read("SELECT count(*) FROM entities WHERE merged_into IS NULL").fetchone()[0]
        return Counts(articles, sources, rejects, annotated, entities)

    # -- annotations and entities ---------------------------------------------------------------

    def get_annotations(self, article_id: str) -> Annotations | None:
        """Return an article's stored annotations (entity ids as merged now), None if never annotated.

        Without merges in between, the result equals what was written.
        """
        return self._reading(read_annotations, article_id)

    def resolve_entity(self, entity_id: str) -> str:
        """Return the id an entity stands for now (following active merges); E505 if never seen."""
        return self._reading(ent.resolve_entity, entity_id)

    def get_entity(self, entity_id: str, *, articles: int = 20) -> EntityPage:
        """Return the page of an entity: a merged id gives the entity it was merged into.

        Raises:
            StoreError: E505 the store never saw this id.
        """
        return self._reading(ent.entity_page, entity_id, articles)

    def entity_articles(self, entity_id: str, *, limit: int = 50, offset: int = 0) -> list[EntityArticle]:
        """List the articles mentioning an entity, newest published first."""
        return self._reading(ent.entity_articles, entity_id, limit, offset)

    def list_entities(self, *, type: str | None = None, nil: bool | None = None,  # noqa: A002
                      limit: int = 50, offset: int = 0) -> list[EntityRow]:
        """List entities (merged ones left out), most mentioned first."""
        return self._reading(ent.list_entities, type, nil, limit, offset)

    def find_entities(self, ortho: str, phon: str, *, limit: int = 10) -> list[tuple[EntityRow, float, str]]:
        """Find stored entities by the match keys of a name: ``(entity, score, alias text)``, best first."""
        return self._reading(ent.find_entities, ortho, phon, limit)

    def entity_profiles(self, *, nil_only: bool = True) -> list[EntityProfile]:
        """Return entities with their names and co-occurring entities (input of cross-article merging)."""
        return self._reading(ent.entity_profiles, nil_only)

    def list_merges(self, *, entity: str | None = None, active: bool | None = None,
                    limit: int = 100, offset: int = 0) -> list[EntityMerge]:
        """List merges, newest first, optionally those touching one entity or only (in)active ones."""
        return self._reading(ent.list_merges, entity, active, limit, offset)

    def _reading(self, func: Any, *args: Any) -> Any:
        """Run a read function in one read transaction (one snapshot while a writer commits), errors coded."""
        try:
            self._conn.execute("BEGIN")
            try:
                return func(self._conn, *args)
            finally:
                self._conn.execute("ROLLBACK")  # nothing was written; ends the snapshot
        except sqlite3.Error as exc:
            raise StoreError("E503", detail=f"{self.url}: {exc}") from exc

    def summary_drift(self) -> dict[str, int]:
        """Return, per entity summary table, how many rows differ from a recount from scratch (0: consistent)."""
        return self._reading(summaries.drift)

    def integrity_check(self) -> str:
        """Return SQLite's own verdict on the file ('ok' when sound)."""
        return "; ".join(r[0] for r in self._read("PRAGMA integrity_check"))

    def _read(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run a read query, turning driver errors into StoreError."""
        try:
            return self._conn.execute(sql, args)
        except sqlite3.Error as exc:
            raise StoreError("E503", detail=f"{self.url}: {exc}") from exc

    # -- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    def __enter__(self) -> "SqliteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _date_undated(c: sqlite3.Connection, article: Article) -> None:
    """Give a stored article without a date the one this reading of it has (e.g. inferred by annotating).

    Everything else of the stored article (its first source included) stays as first written.
    """
    row = c.execute("SELECT published_value, record FROM articles WHERE id = ?", (article.id,)).fetchone()
    if row is None or row[0] is not None:
        return
    pub = article.published
    assert pub is not None
    record = json.loads(row[1])
    record["published"] = pub.to_dict()
    was = summaries.collect(c, [article.id])  # its rows are dated by the article: summaries move
    c.execute("UPDATE articles SET published_value = ?, published_granularity = ?, published_kind = ?, record = ?"
              " WHERE id = ?", (pub.value, pub.granularity, pub.kind, _json(record), article.id))
    summaries.apply(c, was, summaries.collect(c, [article.id]))


def _article_row(a: Article, now: str) -> tuple[Any, ...]:
    """Return the ``articles`` columns of an article, in insert order."""
    record = a.to_dict()
    del record["text"]  # kept once, in its own column
    pub = a.published
    return (
        a.id, a.text, a.title, a.publisher,
        pub.value if pub else None, pub.granularity if pub else None, pub.kind if pub else None,
        a.source.path, a.source.index, a.source.id, a.source_url, a.language,
        a.translated_from.language if a.translated_from else None, _json(record), now,
    )
