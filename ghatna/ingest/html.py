"""Main text and metadata of an HTML page, through trafilatura.

trafilatura (and lxml under it) stays inside this module: callers get an ``HtmlExtract`` of plain
strings. Extraction is offline (the HTML is passed in; nothing is fetched), favours precision over
recall (a news store would rather lose a sidebar sentence than keep a menu), and drops comments.
Active content never reaches the text: trafilatura removes ``script``/``style``/``iframe``/
``noscript``/``form`` elements before extraction, attributes (event handlers, ``javascript:`` URLs)
are never part of text output because links are not kept, and a last pass below drops lines that
still look like script (a page can put code in a plain ``<p>``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ghatna.errors import InputError
from ghatna.types import Record

log = logging.getLogger(__name__)

# Lines of text that are script, not prose: a "javascript:" URL, an inline event handler, or a
# script/iframe tag that came through as escaped text.
_ACTIVE_LINE = re.compile(
    r"javascript\s*:|\bon(?:error|load|click|mouseover|focus)\s*=|<\s*/?\s*(?:script|iframe)\b", re.I
)


@dataclass(frozen=True, slots=True)
class HtmlExtract(Record):
    """What a page yields: main text (paragraphs separated by newlines) and page metadata."""

    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD as declared by the page (meta tags, structured data)
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    description: str | None = None


def _clean_field(value: Any) -> str | None:
    """Turn a metadata value into a stripped string, or None when empty."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _restore_marks(names: str | None, html: str) -> str | None:
    """Give back combining marks trafilatura trims from the end of author names.

    trafilatura strips trailing non-``\\w`` characters from each name, and Devanagari vowel signs
    (categories Mn/Mc) are not ``\\w`` in Python, so "सुनीता वर्मा" comes back as "सुनीता वर्म". Each
    name is looked up in the page and extended by the marks that follow it there.
    """
    if not names:
        return names
    fixed = []
    for name in names.split("; "):
        at = html.find(name)
        if at >= 0:
            end = at + len(name)
            while end < len(html) and unicodedata.category(html[end]).startswith("M"):
                end += 1
            name = html[at:end]
        fixed.append(name)
    return "; ".join(fixed)


def _drop_active_lines(text: str) -> str:
    """Remove lines that carry script rather than prose (see _ACTIVE_LINE)."""
    kept = [line for line in text.split("\n") if not _ACTIVE_LINE.search(line)]
    if len(kept) != text.count("\n") + 1:
        log.debug("dropped %d script-like lines from HTML text", text.count("\n") + 1 - len(kept))
    return "\n".join(kept)


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Extract the main text and metadata of one HTML page.

    Args:
        html: the page's markup, already decoded.
        url: the page's address when known (helps trafilatura with relative links and site name);
            it is never fetched.

    Returns:
        An ``HtmlExtract``; ``text`` has one paragraph per line.

    Raises:
        InputError: E108 when the page has no extractable main text (or cannot be parsed).

    Example:
        >>> page = extract_html("<html><body><article><p>" + "Die Stadt plant eine neue Brücke. " * 6
        ...                     + "</p></article></body></html>")
        >>> page.text.startswith("Die Stadt plant")
        True
    """
    import trafilatura  # imported here so that code paths without HTML never load lxml

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_links=False,
            include_images=False,
            include_tables=True,
            with_metadata=True,
            # only dates the page declares (meta tags, JSON-LD, <time>); dates in running text are
            # for the cleaning and date stages, which know Hindi month names
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - untrusted markup: any parser failure is a bad input
        log.debug("trafilatura failed on %s: %r", url or "<html>", exc)
        raise InputError("E108") from exc
    if not doc:
        raise InputError("E108")
    # trafilatura 1.x returns a dict, 2.x a Document object: read both the same way
    get = doc.get if isinstance(doc, dict) else (lambda key: getattr(doc, key, None))
    text = _drop_active_lines(get("text") or "").strip()
    if not text:
        raise InputError("E108")
    return HtmlExtract(
        text=text,
        title=_clean_field(get("title")),
        date=_clean_field(get("date")),
        author=_restore_marks(_clean_field(get("author")), html),
        sitename=_clean_field(get("sitename")),
        url=_clean_field(get("url")) or url,
        description=_clean_field(get("description")),
    )
