"""Fixtures every test may use: hermetic settings, a SQLite store in a temp dir, records built by hand."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from ghatna.config import Settings, StoreSettings
from ghatna.store import Store, open_store
from ghatna.types import Article, OffsetMap, RawRecord, Segment, SourceRef


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with the store in ``tmp_path`` (no ghatna.toml, no GHATNA_* env read)."""
    return replace(Settings(), store=StoreSettings(url=str(tmp_path / "ghatna.db")))


@pytest.fixture
def sqlite_store(settings: Settings) -> Iterator[Store]:
    """An empty, migrated SQLite store in ``tmp_path``, closed after the test."""
    store = open_store(settings.store)
    try:
        yield store
    finally:
        store.close()


def build_test_article(text: str, *, path: str = "test.txt", index: int = 0, **fields: Any) -> Article:
    """Build an Article without the ingest stages: raw = text, identity offset map, id = text hash."""
    raw = fields.pop("raw", text)
    offset_map = fields.pop("offset_map", None) or (
        OffsetMap.identity(len(text)) if len(raw) == len(text) else _block_map(len(text), len(raw)))
    return Article(
        id=fields.pop("id", None) or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        text=text, raw=raw, offset_map=offset_map,
        source=fields.pop("source", None) or SourceRef(path=path, index=index),
        **fields,
    )


def _block_map(target: int, source: int) -> OffsetMap:
    """A one-block map for a raw text whose length differs from the clean one."""
    return OffsetMap((Segment(0, target, 0, source),) if target else (), target, source)


def raw_record_of(article: Article, **fields: Any) -> RawRecord:
    """Return the RawRecord an article could have been read from (its raw text as UTF-8 bytes)."""
    return RawRecord(source=article.source, data=article.raw.encode("utf-8"), **fields)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Factory: ``make_article(text, path=…, index=…, **Article fields)`` builds a record by hand."""
    return build_test_article


@pytest.fixture
def make_raw() -> Callable[..., RawRecord]:
    """Factory: ``make_raw(article, content_type=…, fields=…)`` gives the matching RawRecord."""
    return raw_record_of


#: ``../shared`` beside the repository: the founding samples and corpora are read from there, never copied.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder beside the repository (samples, expected output, corpora)."""
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: tests need ../shared beside the repository")
    return SHARED


# Property tests explore the same examples on every run (CI must not fail by chance); run
# `pytest --hypothesis-profile=explore` locally to search with fresh random examples.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("default", derandomize=True, deadline=None)
_hypothesis_settings.register_profile("explore", derandomize=False, deadline=None, max_examples=2000)
_hypothesis_settings.load_profile("default")
