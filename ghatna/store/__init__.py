"""Persistence: articles, their raw sources and rejections (SQLite now, PostgreSQL later)."""

from ghatna.store.base import ArticleRow, Counts, RejectRow, Store, WriteResult, open_store

__all__ = ["ArticleRow", "Counts", "RejectRow", "Store", "WriteResult", "open_store"]
