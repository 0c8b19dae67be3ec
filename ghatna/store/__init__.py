"""Persistence: articles, their raw sources, rejections, annotations and entities (SQLite now, PostgreSQL later)."""

from ghatna.store.base import (AliasCount, ArticleRow, Counts, EntityArticle, EntityMerge, EntityPage, EntityRow,
                               RejectRow, Store, WriteResult, open_store)

__all__ = ["AliasCount", "ArticleRow", "Counts", "EntityArticle", "EntityMerge", "EntityPage", "EntityRow",
           "RejectRow", "Store", "WriteResult", "open_store"]
