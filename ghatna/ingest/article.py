"""One raw record -> one Article: decode, extract HTML, undo legacy fonts, normalise, clean.

This is the ingest stage's single entry point. It raises ``InputError`` (with a code) for records
that cannot become articles; callers turn that into a recorded ``Rejection``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from ghatna.config import Settings
from ghatna.errors import InputError
from ghatna.ingest.boilerplate import load_patterns
from ghatna.ingest.clean import clean_text
from ghatna.ingest.decode import decode_bytes
from ghatna.ingest.metadata import load_resources as load_metadata_resources
from ghatna.text.normalize import normalize_text
from ghatna.types import Article, Boilerplate, RawRecord

#: Share of Devanagari among letters above which a text is Hindi (and Latin share for English).
MIN_SCRIPT_SHARE = 0.5


def article_id(text: str) -> str:
    """Return the stable id of an article: a SHA-256 prefix of its whitespace-collapsed clean text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


_DEVA_RUNS = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]+")
_ASCII_LETTER_RUNS = re.compile("[A-Za-z]+")
_OTHER_CHARS = re.compile("[^\x00-\x7f\u0900-\u097f\ua8e0-\ua8ff]")  # neither ASCII nor Devanagari


def script_profile(text: str) -> tuple[int, int, int]:
    """Count (Devanagari letters and marks, Latin letters, other letters) in ``text``."""
    # regex runs instead of a loop over every character: an article has thousands of them, and
    # only the few that are neither ASCII nor Devanagari need a closer look
    deva = sum(map(len, _DEVA_RUNS.findall(text)))
    latin = sum(map(len, _ASCII_LETTER_RUNS.findall(text)))
    other = 0
    for ch in _OTHER_CHARS.findall(text):
        if ch.isalpha():
            if unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return deva, latin, other


def _has_letters(text: str, n: int) -> bool:
    """True when ``text`` holds at least ``n`` letters (counting stops there)."""
    if n <= 0:
        return True
    for ch in text:
        if ch.isalpha():
            n -= 1
            if n == 0:
                return True
    return False


def _language(text: str, min_chars: int) -> tuple[str, str]:
    """Return (language, script) for a text, or raise E101/E112."""
    deva, latin, other = script_profile(text)
    letters = deva + latin + other
    if letters < min_chars:
        raise InputError("E101")
    if deva / letters >= MIN_SCRIPT_SHARE:
        return "hi", "Deva" if latin / letters < 0.2 else "Deva+Latn"
    if latin / letters >= MIN_SCRIPT_SHARE:
        return "en", "Latn"
    raise InputError("E112", detail=f"{other} of {letters} letters are in other scripts")


def _from_html(text: str, record: RawRecord, hints: dict[str, Any]) -> str:
    """Replace HTML by its main text and fill hints from the page's metadata."""
    from ghatna.ingest.html import extract_html  # trafilatura loads only when HTML is met

    page = extract_html(text, url=hints.get("url"))
    for key, value in (("title", page.title), ("published", page.date), ("publisher", page.sitename),
                       ("url", page.url), ("byline", page.author)):
        if value and not hints.get(key):
            hints[key] = value
    return page.text


def _undo_legacy_font(text: str, settings: Settings, warnings: list[str]) -> str:
    """Convert Hindi typed in a legacy font encoding to Unicode, or reject it (E105)."""
    from ghatna.ingest.legacy import conversion_quality, convert_krutidev, detect_legacy_font

    font = detect_legacy_font(text)
    if font is None:
        return text
    if settings.ingest.legacy_fonts == "reject":
        raise InputError("E105", font=font)
    converted = convert_krutidev(text)
    if conversion_quality(converted) < 0.9:
        raise InputError("E105", font=font)
    warnings.append(f"text was Hindi in the {font} legacy font encoding; converted to Unicode")
    return converted


def load_resources() -> None:
    """Load what cleaning reads (word lists, boilerplate patterns) before the first record comes."""
    load_patterns()
    load_metadata_resources()


def build_article(record: RawRecord, settings: Settings) -> Article:
    """Turn one raw record into a clean Article.

    Args:
        record: bytes as read plus their source and any structured fields.
        settings: ``settings.ingest`` decides size limit, legacy-font and encoding policy.

    Returns:
        The Article; ``raw`` is the decoded text (the extracted main text for HTML, the converted
        text for legacy-font input) and ``offset_map`` maps ``text`` offsets into it.

    Raises:
        InputError: the record cannot become an article (code says why).
    """
    if len(record.data) > settings.ingest.max_bytes:
        raise InputError("E104", size=len(record.data), limit=settings.ingest.max_bytes)
    text, decode_warnings = decode_bytes(record.data, settings, declared_encoding=record.fields.get("charset"))
    warnings = list(decode_warnings)
    hints = {k: v for k, v in record.fields.items() if v not in (None, "")}
    if record.content_type == "html":
        text = _from_html(text, record, hints)
        warnings.append("main text extracted from HTML; raw offsets refer to the extracted text")
    text = _undo_legacy_font(text, settings, warnings)
    normalized, norm_map = normalize_text(text)
    language, script = _language(normalized, settings.ingest.min_chars)
    cleaned = clean_text(normalized, hints, language)
    if not _has_letters(cleaned.text, settings.ingest.min_chars):
        raise InputError("E101")
    boilerplate = tuple(
        Boilerplate(r.kind, r.text, *norm_map.span_to_source(r.start, r.end)) for r in cleaned.removed
    )
    return Article(
        id=article_id(cleaned.text),
        text=cleaned.text,
        raw=text,
        offset_map=cleaned.offset_map.then(norm_map),
        source=record.source,
        language=language,
        script=script,
        title=cleaned.title,
        title_span=cleaned.title_span,
        title_truncated=cleaned.title_truncated,
        subtitle=cleaned.subtitle,
        subtitle_span=cleaned.subtitle_span,
        publisher=cleaned.publisher,
        published=cleaned.published,
        byline=cleaned.byline or (str(hints["byline"]) if hints.get("byline") else None),
        byline_span=cleaned.byline_span,
        dateline=cleaned.dateline,
        source_url=cleaned.source_url,
        agencies=cleaned.agencies,
        photo_captions=cleaned.captions,
        translated_from=cleaned.translated_from,
        boilerplate=boilerplate,
        warnings=tuple(warnings) + cleaned.warnings,
    )
