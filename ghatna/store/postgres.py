"""The PostgreSQL store (``store.url = postgresql://…``): the same contract as SQLite, for teams.

The store's SQL is written portably (``?`` placeholders, ``ON CONFLICT``, standard aggregates), so
this backend reuses every method of :class:`~ghatna.store.sqlite.SqliteStore` through a thin
connection adapter (``?`` becomes ``%s``, inserts report the new row's id) and replaces only what
differs: connecting, transactions, versioned migrations (``migrations/postgres/``, applied under an
advisory lock so that concurrent processes migrate once) and full-text search
(:mod:`ghatna.store.pgsearch`, tsvector + GIN). The contract suite (``tests/store/test_contract.py``)
runs against both backends.

Needs ``psycopg`` 3 (``pip install 'ghatna[postgres]'``).
"""

from __future__ import annotations

import functools
import logging
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from typing import Any, Iterator, Sequence

from ghatna.errors import StoreError
from ghatna.store import pgsearch
from ghatna.store.sqlite import SqliteStore

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
#: tables whose rows get an identity ``id`` (an INSERT into them reports it, as SQLite's lastrowid does)
ID_TABLES = frozenset({"raw_records", "rejects", "mentions", "aliases", "quotes", "dates", "events", "facts",
                       "entity_merges", "search_docs", "entity_docs"})
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.I)
#: a lock id for migrations (any constant; 'ghatna' in ASCII)
MIGRATION_LOCK = 0x676861746E61


def _now() -> str:
    """Return the current UTC time as sortable ISO 8601 text."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@functools.lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """Return SQLite-style SQL for psycopg: ``?`` -> ``%s`` outside string literals, ``%`` doubled, BEGIN plain."""
    out = []
    quoted = False
    for ch in sql:
        if ch == "'":
            quoted = not quoted
        if ch == "%":
            out.append("%%")
        elif ch == "?" and not quoted:
            out.append("%s")
        else:
            out.append(ch)
    text = "".join(out)
    return "BEGIN" if text.strip().upper() == "BEGIN IMMEDIATE" else text


def _clean(value: Any) -> Any:
    """Return a parameter PostgreSQL accepts (text cannot hold NUL characters)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class PgCursor:
    """The parts of a DB-API cursor the store uses, with SQLite's ``lastrowid``."""

    def __init__(self, cursor: Any, lastrowid: Any = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid
        self.rowcount = cursor.rowcount

    def fetchone(self) -> Any:
        """Return the next row or None."""
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        """Return the remaining rows."""
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor.fetchall())


class PgConnection:
    """A psycopg connection that speaks the store's SQLite-style SQL."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, args: Sequence[Any] = ()) -> PgCursor:
        """Run one statement; an INSERT into a table with an identity id reports it as ``lastrowid``."""
        q = translate(sql)
        m = _INSERT.match(q)
        returning = bool(m and m.group(1).lower() in ID_TABLES and "RETURNING" not in q.upper())
        cur = self.raw.cursor()
        cur.execute(q + " RETURNING id" if returning else q, [_clean(a) for a in args])
        lastrowid = None
        if returning and cur.rowcount > 0:
            lastrowid = cur.fetchone()[0]
        return PgCursor(cur, lastrowid)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> PgCursor:
        """Run one statement for each row of parameters."""
        cur = self.raw.cursor()
        rows = [[_clean(a) for a in r] for r in rows]
        if rows:
            cur.executemany(translate(sql), rows)
        return PgCursor(cur)

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()


def load_migrations() -> list[tuple[int, str, str]]:
    """Return the packaged PostgreSQL migrations as ``(version, name, sql)``, in version order."""
    folder = resources.files("ghatna.store").joinpath("migrations/postgres")
    found = sorted((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8"))
                   for entry in folder.iterdir() if (m := _MIGRATION_NAME.match(entry.name)))
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError("E503", detail=f"postgres migrations are not numbered 1..n: {versions}")
    return found


class PostgresStore(SqliteStore):
    """A :class:`~ghatna.store.base.Store` on a PostgreSQL database (one connection, one thread)."""

    _fts = pgsearch

    def __init__(self, url: str, *, create: bool = True, migrations: list[tuple[int, str, str]] | None = None) -> None:
        """Connect to ``url`` and apply pending migrations.

        Raises:
            StoreError: E500 cannot connect (or psycopg is missing); E501 the schema is newer.
        """
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("E500", url=url, detail="psycopg is not installed: pip install 'ghatna[postgres]'") from exc
        self.url = url
        self._psycopg = psycopg
        try:
            self._conn = PgConnection(psycopg.connect(url, autocommit=True, connect_timeout=10))  # type: ignore[assignment]
        except psycopg.Error as exc:
            raise StoreError("E500", url=_redact(url), detail=str(exc).strip().splitlines()[0]) from exc
        try:
            self._migrate(load_migrations() if migrations is None else migrations)
        except BaseException:
            self._conn.close()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """Run the body as one transaction; any error rolls all of it back (driver errors become E503)."""
        try:
            with self._conn.raw.transaction():  # type: ignore[attr-defined]
                yield self._conn
        except self._psycopg.Error as exc:
            raise StoreError("E503", detail=f"{_redact(self.url)}: {str(exc).strip().splitlines()[0]}") from exc

    def _reading(self, func: Any, *args: Any) -> Any:
        """Run a read function in one transaction (one snapshot), errors coded."""
        with self._transaction() as c:
            return func(c, *args)

    def _read(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Run a read query, turning driver errors into StoreError."""
        try:
            return self._conn.execute(sql, args)
        except self._psycopg.Error as exc:
            raise StoreError("E503", detail=f"{_redact(self.url)}: {str(exc).strip().splitlines()[0]}") from exc

    def _migrate(self, migrations: list[tuple[int, str, str]]) -> None:
        """Apply pending migrations in order under an advisory lock; refuse a newer schema."""
        supported = migrations[-1][0] if migrations else 0
        with self._transaction() as c:
            c.raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                      " name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            found = int(c.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0])
            if found > supported:
                raise StoreError("E501", found=found, supported=supported)
            for version, name, sql in migrations:
                if version <= found:
                    continue
                c.raw.execute(sql)  # a whole script: no parameters, so several statements are allowed
                c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                          (version, name, _now()))
                log.info("%s: applied migration %04d_%s", _redact(self.url), version, name)

    def schema_version(self) -> int:
        """Return the highest applied migration."""
        return int(self._read("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0])

    def journal_mode(self) -> str:
        """PostgreSQL has its own write-ahead log; there is no journal mode to report."""
        return "postgres"

    def integrity_check(self) -> str:
        """Return 'ok' when the server answers (PostgreSQL checks its own pages)."""
        self._read("SELECT 1").fetchone()
        return "ok"

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if not self._conn.raw.closed:  # type: ignore[attr-defined]
            self._conn.close()


def _redact(url: str) -> str:
    """Return the URL without its password (for messages and logs)."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
