"""Metadata carried by single lines of a scraped article: header, byline and agencies, photo
captions, datelines, titles, and evidence that the text is a translation.

Each parser looks at one stripped line and returns what it found with offsets into that line,
or None. The words that mark these lines are data (``hi/metadata.yaml``, ``hi/agencies.tsv``,
``tld_languages.tsv``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ghatna.resources.loader import read_lines, read_tsv, read_yaml
from ghatna.text.calendar import find_absolute_dates, parse_date
from ghatna.text.normalize import devanagari_key, spelling_alternation
from ghatna.types import DateValue, Translation

_END = r"(?![\w\u0900-\u097f])"
_SENTENCE_END = tuple("।.!?॥\"”’'")


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    """Alternations of the marker word lists in ``hi/metadata.yaml``."""
    return {key: spelling_alternation(values) for key, values in read_yaml("hi/metadata.yaml").items()}


@dataclass(frozen=True, slots=True)
class Header:
    """A header line: ``Publisher | 2024-06-25``, ``By Name | Oct 21, 2020``, ``प्रकाशित: 12 मार्च 2024``."""

    publisher: str | None
    byline: str | None
    published: DateValue


def parse_header(line: str) -> Header | None:
    """Parse a header line, or return None when the line is not one."""
    w = _words()
    if "|" in line:
        left, _, right = line.rpartition("|")
        date = parse_date(right.strip())
        left = left.strip(" |")
        if date is None or not 0 < len(left) <= 80:
            return None
        m = re.match(rf"(?:{w['byline_prefixes']}){_END}\s*[:：\-]?\s*(?P<name>.+)", left, re.IGNORECASE)
        if m:
            return Header(None, m.group("name").strip(), date)
        return Header(left, None, date)
    m = re.match(rf"(?:{w['date_prefixes']}){_END}\s*[:：\-]?\s*(?P<date>.+)", line, re.IGNORECASE)
    if m:
        date = parse_date(m.group("date"))
        if date is not None:
            return Header(None, None, date)
    return None


@dataclass(frozen=True, slots=True)
class CaptionParts:
    """A caption line split into caption text ``line[:text_end]`` and credit fragment ``line[credit_start:]``."""

    text_end: int
    credit_start: int
    credit: str
    date: str | None


@functools.lru_cache(maxsize=1)
def _caption_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The caption-credit pattern, and its marker words alone (a cheap test that must pass first)."""
    w = _words()
    credit = re.compile(
        rf"[\s,।.|\-–]*\(?\s*(?:{w['caption_markers']})\s*[:：\-–]\s*(?P<credit>[^()।:]{{1,60}}?)\s*\)?\s*$",
        re.IGNORECASE,
    )
    return credit, re.compile(rf"(?:{w['caption_markers']})", re.IGNORECASE)


#: A credit needs one of these separators after its marker; most prose lines have none.
_CREDIT_SEPARATOR = re.compile("[:：\\-–]")


def parse_caption(line: str) -> CaptionParts | None:
    """Find a trailing photo credit (``… फोटो: Kremlin.ru``, ``(फोटो: PTI)``), or None."""
    pattern, marker = _caption_patterns()
    # the full pattern is slow to search (case-insensitive alternation at every offset): lines
    # without a separator or a marker word cannot match it
    if not _CREDIT_SEPARATOR.search(line) or not marker.search(line):
        return None
    m = pattern.search(line)
    if not m:
        return None
    credit = m.group("credit").strip(" .,")
    if not credit or len(credit.split()) > 6:
        return None
    text_end = m.start()
    dates = find_absolute_dates(line[:text_end])
    date = dates[-1].date.value if dates and dates[-1].date.granularity == "day" else None
    return CaptionParts(text_end, m.start(), credit, date)


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline / agency credit line: the writer's name and credited agencies (as written)."""

    name: str | None
    agencies: tuple[str, ...]


def _split_names(text: str) -> tuple[str, ...]:
    """Split ``TASS, काज़िनफॉर्म और PTI`` into names, dropping generic words like एजेंसी."""
    generic = re.compile(rf"(?:{_words()['dateline_agency_words']})", re.IGNORECASE)
    parts = re.split(r"\s*(?:,|/|&|\band\b|\sऔर\s|\sएवं\s|\sतथा\s)\s*", text.strip())
    names = (p.strip(" .") for p in parts)
    return tuple(n for n in names if n and not (generic.fullmatch(n) and not canonical_agency(n)))


def parse_byline(line: str) -> Byline | None:
    """Parse ``नाम (TASS, काज़िनफॉर्म के अनुसार)``, ``रिपोर्ट: नाम``, ``(इनपुट: PTI)``; None otherwise."""
    if len(line) > 120 or line.endswith(("।", "?", "!")):
        return None
    w = _words()
    m = re.fullmatch(
        rf"(?P<name>[^()]{{0,40}}?)\s*\(\s*(?P<ag>[^()]+?)\s+(?:{w['attribution_suffixes']})\s*\)\s*\.?", line,
        re.IGNORECASE)
    if m:
        name = m.group("name").strip(" -–,")
        return Byline(name or None, _split_names(m.group("ag")))
    m = re.fullmatch(rf"\(?\s*(?:{w['attribution_prefixes']}){_END}\s*[:：\-]?\s*(?P<ag>[^()]+?)\s*\)?\s*\.?",
                     line, re.IGNORECASE)
    if m:
        return Byline(None, _split_names(m.group("ag")))
    m = re.fullmatch(rf"(?:{w['byline_prefixes']}){_END}\s*[:：\-]?\s*(?P<name>[^|()]{{2,60}})", line,
                     re.IGNORECASE)
    if m and len(m.group("name").split()) <= 6:
        return Byline(m.group("name").strip(), ())
    m = re.fullmatch(r"\(\s*(?P<ag>[^()]{2,40})\s*\)", line)
    if m and all(canonical_agency(a) for a in _split_names(m.group("ag"))):
        return Byline(None, _split_names(m.group("ag")))
    return None


@functools.lru_cache(maxsize=1)
def _agency_index() -> dict[str, str]:
    """Folded spelling -> canonical agency name."""
    index: dict[str, str] = {}
    for row in read_tsv("hi/agencies.tsv"):
        for alias in [row["name"], *row["aliases"].split("|")]:
            if alias:
                index[devanagari_key(alias)] = row["name"]
    return index


def canonical_agency(name: str) -> str | None:
    """Return the agency's usual name for any listed spelling (काज़िनफॉर्म -> Kazinform), else None."""
    return _agency_index().get(devanagari_key(name))


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(read_lines("hi/function_words.txt"))


def parse_dateline(line: str) -> tuple[int, int, tuple[str, ...]] | None:
    """Find a dateline opening a paragraph (``नई दिल्ली।``, ``एजेन्सी/नई दिल्ली :``, ``मॉस्को, 3 जुलाई (भाषा)``).

    Returns (place start, end of the whole dateline prefix, agencies credited in it), or None.
    """
    w = _words()
    m = re.match(
        rf"(?:(?:{w['dateline_agency_words']})\s*/\s*)?"
        r"(?P<place>[^\s\d।:,()\-–|\"“]{2,20}(?: [^\s\d।:,()\-–|\"“]{2,20}){0,2})"
        r"(?:\s*,\s*\d{1,2}\s+[^\s\d()]{2,12}(?:\s+\d{4})?)?"
        r"(?:\s*\((?P<ag>[^()]{2,30})\)\s*[।:\-–]?|\s*(?P<sep>।|:))\s+(?=\S)",
        line, re.IGNORECASE)
    if not m:
        return None
    place = m.group("place")
    if any(word in _function_words() for word in place.split()):
        return None
    agencies = _split_names(m.group("ag")) if m.group("ag") else ()
    if agencies and not all(canonical_agency(a) for a in agencies):
        return None
    return m.start("place"), m.end(), agencies


def ends_like_sentence(line: str) -> bool:
    """True when a line ends with sentence-final punctuation (so it is prose, not a headline)."""
    return line.rstrip().endswith(_SENTENCE_END)


# letters, marks and digits; the danda (U+0964/5) is punctuation even though it sits in the Devanagari block
_WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u097f]+")


#: A headline word seen at least this often in running Hindi text is taken to be complete.
COMMON_WORD_COUNT = 20
_VIRAMA_OR_NUKTA = ("\u094d", "\u093c")


@functools.lru_cache(maxsize=1)
def _word_counts() -> dict[str, int]:
    """Word -> count in a Hindi news-like corpus (``hi/wordfreq.tsv``, built by scripts/build_wordfreq.py)."""
    return {row["word"]: int(row["count"]) for row in read_tsv("hi/wordfreq.tsv")}


def title_looks_truncated(title: str, body: str) -> bool:
    """Judge whether a headline was cut off mid-word by the scraper.

    True when it ends in an ellipsis or hyphen, or when its last word never stands alone in the
    body but starts a longer body word, and either the cut splits a conjunct (the body word goes on
    with a virama or nukta: ``धन|्यवाद``) or the last word is not a common Hindi word (``पर्या|प्त``).
    A complete word that merely starts a longer one (``आधार``/``आधारित``) is not a cut.
    """
    stripped = title.rstrip()
    if stripped.endswith(("…", "...", "-", "–")):
        return True
    words = _WORD.findall(stripped)
    if not words or ends_like_sentence(stripped):
        return False
    last = words[-1]
    body_words = set(_WORD.findall(body))
    if last in body_words or last in _function_words():
        return False
    longer = [b for b in body_words if len(b) > len(last) and b.startswith(last)]
    if not longer:
        return False
    if any(b[len(last)] in _VIRAMA_OR_NUKTA for b in longer):
        return True
    return _word_counts().get(last, 0) < COMMON_WORD_COUNT


@functools.lru_cache(maxsize=1)
def _tld_languages() -> dict[str, tuple[str, str]]:
    return {row["tld"]: (row["language"], row["name"]) for row in read_tsv("tld_languages.tsv")}


def detect_translation(source_url: str | None, text_language: str, notes: list[str]) -> Translation | None:
    """Say whether the article is a translation, with evidence.

    Evidence: the source URL's country-code domain has one main language that is not the text's
    (``…nguoiduatin.vn/…`` → Vietnamese), or an explicit translation note among ``notes`` lines.
    """
    evidence: list[str] = []
    language = None
    if source_url:
        host = urlsplit(source_url if "//" in source_url else "//" + source_url).hostname or ""
        tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
        if tld in _tld_languages():
            lang, name = _tld_languages()[tld]
            if lang != text_language:
                language = lang
                evidence.append(f"source URL {source_url} is on the .{tld} domain, whose news is in {name}")
        # a language segment opening the path (inform.kz/ru/…) names the page's language outright
        segment = urlsplit(source_url if "//" in source_url else "//" + source_url).path.strip("/").split("/")[0]
        names = {lang: name for lang, name in _tld_languages().values()}
        if segment.lower() == text_language:
            return None  # a Hindi edition of a foreign site (rfi.fr/hi/…) is written in Hindi
        if segment.lower() in names and segment.lower() != text_language:
            language = segment.lower()
            evidence.append(f"source URL {source_url} has the language path /{segment}/ ({names[language]})")
    w = _words()
    for note in notes:
        if re.search(rf"(?:{w['translation_phrases']})", note, re.IGNORECASE):
            evidence.append(f"translation note: {note}")
    if language is None:
        return None
    return Translation(language, tuple(evidence))


def load_resources() -> None:
    """Read the word lists and compile the patterns now (a stage does it when it is built, so that
    the first article it meets does not pay for them)."""
    _words()
    _caption_patterns()
    _agency_index()
    _function_words()
    _word_counts()
    _tld_languages()
