"""ghatna (घटना, "event"): Hindi-first news intelligence.

Raw scraped articles in; cleaned text, metadata, entities, events, quotes and facts out, each
with character offsets into the article so that every value can be checked against its evidence.
"""

from __future__ import annotations

import logging

from ghatna.config import Settings, load_settings
from ghatna.errors import GhatnaError
from ghatna.types import Article, Mention, RawRecord, Rejection, SourceRef

__version__ = "0.1.0"

__all__ = [
    "Article", "GhatnaError", "Mention", "RawRecord", "Rejection", "Settings", "SourceRef",
    "__version__", "load_settings",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
