"""Fixtures of the API tests: an app over a store holding the samples (hand-annotated) and an evil article."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from ghatna.api.app import create_app
from ghatna.config import ApiSettings, Settings
from ghatna.ingest.article import build_article
from ghatna.store import open_store
from sample_store import load_samples

TOKEN = "s3cret-token"


@pytest.fixture
def api_settings(settings: Settings) -> Settings:
    """Settings with a write token and small limits (so the limits can be tested cheaply)."""
    return replace(settings, api=ApiSettings(token=TOKEN, max_page_size=100, max_body_bytes=200_000))


@pytest.fixture
def sample_ids(api_settings: Settings, shared_dir: Path) -> dict[str, str]:
    """Write the samples into the store file; return their article ids."""
    with open_store(api_settings.store) as store:
        return load_samples(store, api_settings, shared_dir)


@pytest.fixture
def client(api_settings: Settings, sample_ids: dict[str, str]) -> Iterator[TestClient]:
    """A client of the app (writes build articles without the model-backed stages)."""
    app = create_app(api_settings, build=lambda record, settings: build_article(record, settings))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
