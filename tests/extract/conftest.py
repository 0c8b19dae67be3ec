"""Fixtures for the event and fact tests: the real pipeline with the NER stage giving no mentions.

Names then come from the knowledge base's gazetteer only, so these tests measure the event and
fact rules and do not move when the NER model is retrained.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import pytest

from ghatna.config import Settings
from ghatna.output import article_document
from ghatna.pipeline import FULL_STAGES, Pipeline
from ghatna.registry import builtin_stages
from ghatna.types import RawRecord, SourceRef


@pytest.fixture(scope="session")
def gazetteer_pipeline() -> Pipeline:
    """The full pipeline without NER mentions; short one-sentence inputs accepted."""
    table = builtin_stages()
    table["ghatna.extract.ner.v1"] = dataclasses.replace(
        table["ghatna.extract.ner.v1"], factory=lambda _s: (lambda _article: []))
    settings = Settings()
    settings = dataclasses.replace(settings, ingest=dataclasses.replace(settings.ingest, min_chars=1))
    return Pipeline(settings, FULL_STAGES, table)


@pytest.fixture(scope="session")
def extract_doc(gazetteer_pipeline: Pipeline) -> Callable[..., dict[str, Any]]:
    """``extract_doc(text, date="2024-06-25")`` -> the ``ghatna.article/1`` object of the text."""
    def run(text: str, date: str = "2024-06-25", name: str = "case") -> dict[str, Any]:
        result = gazetteer_pipeline.run(RawRecord(SourceRef(name), text.encode("utf-8"), fields={"published": date}))
        assert result.article is not None, result.rejection
        return article_document(result.article, result.annotations)
    return run
