"""Shared fixtures for the KB tests: the shipped KB and a gazetteer over it (built once per session)."""

from __future__ import annotations

import pytest

from ghatna.extract.gazetteer import Gazetteer
from ghatna.kb.knowledge import KnowledgeBase, load_kb


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The compiled KB shipped in the package."""
    return load_kb()


@pytest.fixture(scope="session")
def gazetteer(kb: KnowledgeBase) -> Gazetteer:
    """A gazetteer over the shipped KB's aliases."""
    return Gazetteer(kb.gazetteer_entries())
