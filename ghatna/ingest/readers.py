"""Readers: paths (files, directories, globs, ``-``) -> raw records, lazily.

Each yielded item is a ``RawRecord`` (bytes plus where they came from) or a ``Rejection`` (what
could not be read and why); reading never stops at a bad item. Formats are chosen by extension:

=================  ============================================================================
``.txt``           one article per file
``.jsonl``         one record per line: ``text`` or ``html``; optional ``id``, ``url``,
``.ndjson``        ``published``, ``publisher``, ``title`` (``author``/``byline`` -> ``byline``)
``.html`` ``.htm`` one page per file (content type "html")
``.warc[.gz]``     HTTP response records with an HTML or plain-text payload
other              files named explicitly are sniffed (WARC, JSONL, HTML or text); obvious
                   binaries are rejected; inside directories they are skipped
=================  ============================================================================

``settings.ingest.max_bytes`` bounds one record: a larger file is rejected from its size alone,
a longer JSONL line or WARC payload is skipped without being held in memory.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import logging
import os
import re
import sys
import zlib
from typing import Any, BinaryIO, Iterator, Sequence

from ghatna.config import Settings
from ghatna.errors import InputError
from ghatna.ingest.decode import sniff_binary
from ghatna.types import RawRecord, Rejection, SourceRef

log = logging.getLogger(__name__)

Item = RawRecord | Rejection

#: extension -> reader kind; ".warc.gz" is matched before ".gz"
EXTENSIONS: dict[str, str] = {
    ".txt": "txt", ".text": "txt",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".warc": "warc", ".warc.gz": "warc",
}
#: extensions that are never text; a file named explicitly with one of them is rejected (E113)
BINARY_EXTENSIONS = frozenset(
    ".png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .pdf .zip .gz .tgz .bz2 .xz .7z .rar .tar .exe "
    ".dll .so .dylib .bin .mp3 .mp4 .wav .avi .mov .mkv .doc .docx .xls .xlsx .ppt .pptx .odt .epub "
    ".db .sqlite .pyc .class .jar .woff .woff2 .ttf .otf".split()
)
STDIN_PATH = "<stdin>"

_HTML_MIMES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_MIMES = frozenset({"text/plain"})
# an HTML document starts with one of these tags; a bare "<" is not enough (in KrutiDev
# legacy-font text "<" is the letter ढ)
_HTML_START = re.compile(
    rb"\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype|html|head|body|\?xml|!--|meta|title|div|p|article|main|section)\b",
    re.I,
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_HEAD = 8192
_CHUNK = 1 << 20


def _reject(source: SourceRef, code: str, **values: Any) -> Rejection:
    """Build a Rejection carrying the catalogue message and hint for ``code``."""
    err = InputError(code, **values)
    return Rejection(source, err.code, err.message, err.hint)


def kind_of(path: str) -> str | None:
    """Return the reader kind for a file name from its extension, or None when unknown.

    Example:
        >>> kind_of("crawl/2024-06.warc.gz"), kind_of("a.JSONL"), kind_of("notes.md")
        ('warc', 'jsonl', None)
    """
    name = path.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return EXTENSIONS.get(os.path.splitext(name)[1])


def read_inputs(
    paths: Sequence[str | os.PathLike[str]], settings: Settings, *, stdin: BinaryIO | None = None
) -> Iterator[RawRecord | Rejection]:
    """Yield a raw record or a rejection for every article found under ``paths``, lazily.

    Args:
        paths: files, directories (walked recursively in sorted order, hidden entries skipped,
            files picked by extension), glob patterns (``**`` allowed) and ``-`` for stdin.
        settings: ``settings.ingest.max_bytes`` bounds each record.
        stdin: the byte stream ``-`` stands for (default ``sys.stdin.buffer``).

    Yields:
        ``RawRecord`` with a ``SourceRef(path, index, kind, line, byte_start, byte_end, id)``, or a
        ``Rejection`` with code E104 (too large), E106/E107 (bad JSONL line), E109 (bad WARC),
        E110 (no such path), E111 (unreadable), E102/E113 (binary or unsupported file).

    Example:
        >>> from ghatna.config import Settings
        >>> [r.code for r in read_inputs(["/no/such/file.txt"], Settings())]
        ['E110']
    """
    for arg in paths:
        arg = os.fspath(arg)
        if arg == "-":
            yield from _read_stream(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        for path, explicit in _expand(arg):
            if isinstance(path, Rejection):
                yield path
            else:
                yield from _read_path(path, explicit, settings)


def _expand(arg: str) -> Iterator[tuple[str | Rejection, bool]]:
    """Turn one argument into file paths (with whether they were named explicitly) or an E110."""
    if os.path.isdir(arg):
        yield from ((p, False) for p in _walk(arg))
    elif os.path.lexists(arg):
        yield arg, True
    elif glob.has_magic(arg):
        matches = sorted(glob.iglob(arg, recursive=True))
        if not matches:
            yield _reject(SourceRef(arg, kind="path"), "E110", path=arg), True
        for match in matches:
            if os.path.isdir(match):
                yield from ((p, False) for p in _walk(match))
            else:
                yield match, True
    else:
        yield _reject(SourceRef(arg, kind="path"), "E110", path=arg), True


def _walk(top: str) -> Iterator[str]:
    """Yield files under ``top`` with a known extension, sorted, skipping hidden files and dirs."""
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if kind_of(name) is None:
                log.debug("skipping %s: not a known input extension", path)
                continue
            yield path


def _read_path(path: str, explicit: bool, settings: Settings) -> Iterator[Item]:
    """Read one file according to its kind (sniffing the kind of explicitly named unknown files)."""
    kind = kind_of(path)
    if kind is None:
        ext = os.path.splitext(path.lower())[1]
        if ext in BINARY_EXTENSIONS:
            yield _reject(SourceRef(path, kind="unknown"), "E113", path=path)
            return
        try:
            with open(path, "rb") as fh:
                head = fh.read(_HEAD)
        except OSError as exc:
            yield _reject(SourceRef(path, kind="unknown"), "E111", path=path, detail=_os_detail(exc))
            return
        binary = sniff_binary(head)
        if binary is not None:
            yield _reject(SourceRef(path, kind="unknown"), "E102", kind=binary)
            return
        kind = _sniff_kind(head)
        if kind is None:
            yield _reject(SourceRef(path, kind="unknown"), "E113", path=path)
            return
    if kind == "jsonl":
        yield from _guard(path, kind, _read_jsonl, settings)
    elif kind == "warc":
        yield from _guard(path, kind, _read_warc, settings)
    else:
        yield _read_document(path, kind, settings)


def _guard(path: str, kind: str, reader: Any, settings: Settings) -> Iterator[Item]:
    """Open ``path`` for a streaming reader, turning open/read failures into an E111 rejection."""
    try:
        with open(path, "rb") as fh:
            yield from reader(fh, path, settings)
    except OSError as exc:
        yield _reject(SourceRef(path, kind=kind), "E111", path=path, detail=_os_detail(exc))


def _os_detail(exc: OSError) -> str:
    """A short reason for an OS error (without the path, which the message already names)."""
    return exc.strerror or exc.__class__.__name__


def _sniff_kind(head: bytes) -> str | None:
    """Guess the reader kind of content whose name says nothing: warc, jsonl, html or txt."""
    if head.startswith(b"WARC/"):
        return "warc"
    stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf")
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return None  # a JSON array: not a format we read
    if _HTML_START.match(head):
        return "html"
    return "txt"


def _read_document(path: str, kind: str, settings: Settings) -> Item:
    """Read a one-article file (txt/html) after checking its size from the file system."""
    source = SourceRef(path, 0, kind)
    limit = settings.ingest.max_bytes
    try:
        size = os.stat(path).st_size
        if not os.path.isfile(path):
            return _reject(source, "E111", path=path, detail="not a regular file")
        if size > limit:
            return _reject(source, "E104", size=size, limit=limit)
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        return _reject(source, "E111", path=path, detail=_os_detail(exc))
    if len(data) > limit:
        return _reject(source, "E104", size=f"more than {limit}", limit=limit)
    return RawRecord(
        SourceRef(path, 0, kind, None, 0, len(data)), data, "html" if kind == "html" else "text"
    )


# --- JSONL -------------------------------------------------------------------------------------

_FIELDS = ("url", "published", "publisher", "title")


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, int, int, bytes | None]]:
    """Yield ``(line number, byte start, byte end, content)``; content is None for over-long lines.

    A line longer than ``limit`` is consumed chunk by chunk and never held whole in memory. The
    end offset excludes the line terminator.
    """
    offset = 0
    lineno = 0
    while True:
        chunk = fh.readline(limit + 2)
        if not chunk:
            return
        lineno += 1
        start = offset
        offset += len(chunk)
        if not chunk.endswith(b"\n") and len(chunk) == limit + 2:
            while True:  # too long: skip to the end of the line
                rest = fh.readline(_CHUNK)
                offset += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            end = offset - (1 if rest.endswith(b"\n") else 0)
            yield lineno, start, end, None
            continue
        content = chunk.rstrip(b"\r\n")
        yield lineno, start, start + len(content), (content if len(content) <= limit else None)


def _read_jsonl(fh: BinaryIO, path: str, settings: Settings) -> Iterator[Item]:
    """Read JSONL records: one per non-blank line; bad lines become rejections, reading goes on."""
    limit = settings.ingest.max_bytes
    index = 0
    for lineno, start, end, content in _lines(fh, limit):
        if content is not None and not content.strip():
            continue  # blank lines separate nothing and are not records
        source = SourceRef(path, index, "jsonl", lineno, start, end)
        index += 1
        if content is None:
            yield _reject(source, "E104", size=end - start, limit=limit)
            continue
        yield _parse_jsonl_line(content, source)


def _parse_jsonl_line(content: bytes, source: SourceRef) -> Item:
    """Parse one JSONL line into a RawRecord, or an E106/E107 rejection."""
    line = source.line
    try:
        text = content.decode("utf-8")
        obj = json.loads(text.lstrip("\ufeff"))
    except UnicodeDecodeError as exc:
        return _reject(source, "E106", line=line, detail=f"invalid UTF-8 at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return _reject(source, "E106", line=line, detail=f"{exc.msg} at column {exc.colno}")
    except RecursionError:
        return _reject(source, "E106", line=line, detail="nested too deeply")
    if not isinstance(obj, dict):
        return _reject(source, "E106", line=line, detail=f"a JSON {type(obj).__name__}, not an object")
    rid = obj.get("id")
    rid = str(rid) if isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid) else None
    source = SourceRef(source.path, source.index, source.kind, line, source.byte_start, source.byte_end, rid)
    body, content_type = obj.get("text"), "text"
    if not isinstance(body, str) or not body.strip():
        body, content_type = obj.get("html"), "html"
    if not isinstance(body, str):
        return _reject(source, "E107", line=line)
    fields: dict[str, Any] = {"id": rid} if rid is not None else {}
    for key in _FIELDS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()
    byline = obj.get("byline") or obj.get("author")
    if isinstance(byline, str) and byline.strip():
        fields["byline"] = byline.strip()
    # lone surrogates ("\ud800") survive as invalid bytes; decoding reports and replaces them
    data = body.encode("utf-8", "surrogatepass")
    return RawRecord(source, data, content_type, fields)


# --- WARC --------------------------------------------------------------------------------------

def _is_warc(fh: BinaryIO) -> str | None:
    """Return None when the stream starts like a (gzipped) WARC, else a short reason; rewinds."""
    head = fh.read(_HEAD)
    fh.seek(0)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(head)) as gz:
                head = gz.read(16)
        except (OSError, EOFError, zlib.error) as exc:
            return f"not readable gzip data ({exc})"
    if head.startswith(b"WARC/"):
        return None
    return f"starts with {head[:16]!r}, not 'WARC/'"


def _read_warc(fh: BinaryIO, path: str, settings: Settings) -> Iterator[Item]:
    """Yield response records with HTML/text payloads; a read failure ends the file with E109."""
    from warcio.archiveiterator import ArchiveIterator  # only WARC input pays for importing it

    if fh.seekable():
        reason = _is_warc(fh)
        if reason is not None:
            yield _reject(SourceRef(path, kind="warc"), "E109", detail=reason)
            return
    limit = settings.ingest.max_bytes
    records = ArchiveIterator(fh)
    iterator = iter(records)
    index = -1
    end = 0  # where the last complete record ends
    while True:
        try:
            record = next(iterator)
            index += 1
            item = _warc_item(record, records, path, index, limit)
            records.read_to_end()
            end = records.get_record_offset() + records.get_record_length()
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - warcio/zlib/gzip raise many types on damaged files
            yield _reject(SourceRef(path, max(index, 0), "warc"), "E109",
                          detail=f"record {max(index, 0)}: {exc.__class__.__name__}: {exc}")
            return
        if item is not None:
            yield item
    # warcio ends quietly when the last record is cut off; bytes left over after the last complete
    # record mean a truncated file, which must not pass for a complete one
    if fh.seekable():
        left = fh.seek(0, os.SEEK_END) - end
        if left > 4:  # a few trailing CR/LF bytes are harmless
            yield _reject(SourceRef(path, index + 1, "warc", None, end), "E109",
                          detail=f"the last {left} bytes after record {index} are not a complete record "
                                 "(truncated file?)")


def _warc_item(record: Any, records: Any, path: str, index: int, limit: int) -> Item | None:
    """Turn one WARC record into a RawRecord/Rejection, or None when it is not an article payload."""
    headers = record.rec_headers
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    ctype = record.http_headers.get_header("Content-Type") or ""
    mime = ctype.split(";")[0].strip().lower()
    if not status.startswith("2") or mime not in _HTML_MIMES | _TEXT_MIMES:
        log.debug("skipping WARC record %d of %s: status %s, %s", index, path, status, mime or "no type")
        return None
    data = record.content_stream().read(limit + 1)
    records.read_to_end()  # the record's length is known only once it has been read through
    start = records.get_record_offset()
    source = SourceRef(path, index, "warc", None, start, start + records.get_record_length(),
                       headers.get_header("WARC-Record-ID"))
    if len(data) > limit:
        return _reject(source, "E104", size=f"more than {limit}", limit=limit)
    fields: dict[str, Any] = {}
    uri = headers.get_header("WARC-Target-URI")
    if uri:
        fields["url"] = uri
    crawled = headers.get_header("WARC-Date")
    if crawled:
        # when the page was fetched, not when it was published: kept apart so it is never
        # mistaken for the article's date (the page's own metadata gives that)
        fields["crawled"] = crawled
    charset = _CHARSET.search(ctype)
    if charset:
        fields["charset"] = charset.group(1)
    return RawRecord(source, data, "html" if mime in _HTML_MIMES else "text", fields)


# --- stdin -------------------------------------------------------------------------------------

class _Prefixed(io.RawIOBase):
    """A read-only stream that replays already-read ``head`` bytes before the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the head first, then from the underlying stream."""
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_stream(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    """Read stdin: a JSONL or WARC stream record by record, anything else as one document."""
    limit = settings.ingest.max_bytes
    head = stream.read(min(_HEAD, limit + 1))
    binary = sniff_binary(head) if not head.startswith(b"\x1f\x8b") else None
    kind = _sniff_kind(head) if binary is None else None
    if head.startswith(b"\x1f\x8b"):
        kind = "warc"  # a gzipped stream on stdin is taken for a .warc.gz
    if kind in ("jsonl", "warc"):
        buffered = io.BufferedReader(_Prefixed(head, stream))
        reader = _read_jsonl if kind == "jsonl" else _read_warc
        yield from reader(buffered, STDIN_PATH, settings)
        return
    source = SourceRef(STDIN_PATH, 0, kind or "txt")
    data = head + stream.read(limit + 1 - len(head))
    if len(data) > limit:
        yield _reject(source, "E104", size=f"more than {limit}", limit=limit)
        return
    source = SourceRef(STDIN_PATH, 0, kind or "txt", None, 0, len(data))
    # binary data is passed on: decoding rejects it with E102 naming the format
    yield RawRecord(source, data, "html" if kind == "html" else "text")
