"""A stage table for batch tests: the built-in stages with NER finding nothing (the model ships separately).

Kept in its own importable module so that Ray workers, which unpickle the table, can import it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ghatna.config import Settings
from ghatna.registry import StageSpec, builtin_stages


def no_mentions(settings: Settings) -> Any:
    """Factory of an NER stage that finds nothing."""
    return _nothing


def _nothing(article: Any) -> list[Any]:
    """Find no mentions."""
    return []


def stub_ner_table() -> dict[str, StageSpec]:
    """Return the built-in stage table with the NER stage finding nothing."""
    table = builtin_stages()
    ner = table["ghatna.extract.ner.v1"]
    table[ner.name] = dataclasses.replace(ner, factory=no_mentions)
    return table
