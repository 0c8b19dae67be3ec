"""The team-written article pairs of tests/cluster/articles run through the pipeline once per session.

The NER model is replaced by a stage that finds nothing (the shipped model is built separately);
the gazetteer and the linker still find every name the knowledge base knows, which is what the
cross-document steps need.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ghatna.config import Settings
from ghatna.ingest.readers import read_inputs
from ghatna.pipeline import FULL_STAGES, Pipeline
from ghatna.registry import StageSpec, builtin_stages
from ghatna.store.crossdoc import CrossDocInput

ARTICLES = Path(__file__).parent / "articles"


def _no_mentions(settings: Settings) -> Any:
    """Factory of an NER stage that finds nothing."""
    return lambda article: []


def stub_ner_table() -> dict[str, StageSpec]:
    """Return the built-in stage table with the NER stage finding nothing."""
    table = builtin_stages()
    ner = table["ghatna.extract.ner.v1"]
    table[ner.name] = dataclasses.replace(ner, factory=_no_mentions)
    return table


@dataclasses.dataclass(frozen=True)
class Corpus:
    """The articles as the cross-document steps read them, and their ids by file name."""

    inputs: tuple[CrossDocInput, ...]
    ids: dict[str, str]

    def name(self, article_id: str) -> str:
        """Return the file stem of an article id."""
        return next(k for k, v in self.ids.items() if v == article_id)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """Run the full pipeline (NER stubbed) over tests/cluster/articles."""
    pipeline = Pipeline(Settings(), FULL_STAGES, stub_ner_table())
    inputs, ids = [], {}
    for record in read_inputs([str(ARTICLES)], Settings()):
        result = pipeline.run(record)
        a = result.article
        assert a is not None, result.rejection
        ids[Path(record.source.path).stem] = a.id
        links = result.annotations["links"]
        ents = Counter(m.entity_id for m in links.mentions if m.entity_id)
        events = tuple(e.to_dict() for e in result.annotations.get("events", ()))
        inputs.append(CrossDocInput(a.id, a.title, a.publisher, a.published.value if a.published else None,
                                    a.text, tuple(sorted(ents.items())), events))
    return Corpus(tuple(inputs), ids)
