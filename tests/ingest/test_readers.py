"""Readers: files, directories, globs, stdin, JSONL, HTML, WARC; sizes, bad lines, provenance."""

from __future__ import annotations

import doctest
import gzip
import io
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest

from ghatna.config import IngestSettings, Settings
from ghatna.errors import InputError
from ghatna.ingest import decode, html, legacy, readers
from ghatna.ingest.decode import decode_bytes
from ghatna.ingest.html import extract_html
from ghatna.ingest.legacy import conversion_quality, convert_krutidev, detect_legacy_font
from ghatna.ingest.readers import read_inputs
from ghatna.types import RawRecord, Rejection, SourceRef

from .badinputs import BIG_BYTES, FORBIDDEN_MARKERS, LEGACY_UNICODE, write_bad_corpus

DEFAULT = Settings()
HINDI = "भारत और नेपाल के बीच नई रेल सेवा शुरू हुई।\n"


def small_limit(limit: int) -> Settings:
    """Settings with ``ingest.max_bytes`` set to ``limit``."""
    return replace(DEFAULT, ingest=IngestSettings(max_bytes=limit))


def read(paths: list, settings: Settings = DEFAULT, **kw) -> list[RawRecord | Rejection]:
    """Read everything (as strings) into a list."""
    return list(read_inputs([str(p) if isinstance(p, Path) else p for p in paths], settings, **kw))


def write(path: Path, data: str | bytes) -> Path:
    """Write text (UTF-8) or bytes, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- files, directories, globs -----------------------------------------------------------------

def test_read_txt_file_keeps_bytes_and_source(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", HINDI)
    (record,) = read([path])
    assert isinstance(record, RawRecord)
    assert record.data == HINDI.encode()
    assert record.content_type == "text" and record.fields == {}
    assert record.source == SourceRef(str(path), 0, "txt", None, 0, len(HINDI.encode()), None)


def test_read_html_file_has_html_content_type(tmp_path: Path) -> None:
    path = write(tmp_path / "page.HTM", "<html><body><p>नमस्ते</p></body></html>")
    (record,) = read([path])
    assert record.content_type == "html" and record.source.kind == "html"


def test_read_directory_recursive_sorted_by_extension(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.html", "sub/deeper/d.txt", "notes.md", "image.png",
                 ".hidden.txt", ".git/e.txt", "sub/f.ndjson"):
        write(tmp_path / name, '{"text": "x"}' if name.endswith("ndjson") else HINDI)
    paths = [os.path.relpath(r.source.path, tmp_path) for r in read([tmp_path])]
    assert paths == ["a.txt", "b.txt", "sub/c.html", "sub/f.ndjson", "sub/deeper/d.txt"]


def test_read_glob_and_missing_paths(tmp_path: Path) -> None:
    for name in ("x1.txt", "x2.txt", "y.txt", "deep/x3.txt"):
        write(tmp_path / name, HINDI)
    items = read([f"{tmp_path}/x*.txt", f"{tmp_path}/**/x3.txt", f"{tmp_path}/none*.txt",
                  tmp_path / "missing.txt"])
    assert [os.path.basename(i.source.path) for i in items[:3]] == ["x1.txt", "x2.txt", "x3.txt"]
    assert [(type(i).__name__, i.code) for i in items[3:]] == [("Rejection", "E110"), ("Rejection", "E110")]
    assert "none*.txt" in items[3].reason and "missing.txt" in items[4].reason
    assert items[4].hint


def test_read_is_lazy(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path / name, HINDI)
    stream = read_inputs([str(tmp_path)], DEFAULT)
    first = next(stream)
    assert first.source.path.endswith("a.txt")
    (tmp_path / "c.txt").unlink()  # files are opened only when their turn comes
    rest = list(stream)
    assert isinstance(rest[0], RawRecord)
    assert isinstance(rest[1], Rejection) and rest[1].code == "E111"


def test_read_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    write(tmp_path / "story", HINDI)
    write(tmp_path / "page.php", "<!DOCTYPE html><html><body><p>नमस्ते</p></body></html>")
    write(tmp_path / "dump.json", '{"id": 7, "text": "नमस्ते दुनिया"}\n')
    write(tmp_path / "krutidev.doc1", "<kdk esa ckfj'kA")  # "<" is the KrutiDev letter ढ, not a tag
    write(tmp_path / "photo.dat", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "photo.jpg", b"\xff\xd8\xff\xe0")
    write(tmp_path / "array.json", "[1, 2]")
    names = ["story", "page.php", "dump.json", "krutidev.doc1", "photo.dat", "photo.jpg", "array.json"]
    items = read([tmp_path / n for n in names])
    got = [(i.source.kind, getattr(i, "content_type", None), getattr(i, "code", None)) for i in items]
    assert got == [("txt", "text", None), ("html", "html", None), ("jsonl", "text", None),
                   ("txt", "text", None), ("unknown", None, "E102"), ("unknown", None, "E113"),
                   ("unknown", None, "E113")]
    assert items[2].source.id == "7" and "PNG" in items[4].reason


# --- size limit ---------------------------------------------------------------------------------

def test_read_oversized_file_rejected_from_stat_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(5000)  # sparse: no data written
    write(tmp_path / "ok.txt", HINDI)

    def no_open(*args, **kwargs):
        raise AssertionError("an oversized file must not be opened")

    monkeypatch.setattr(readers, "open", no_open, raising=False)
    (item,) = read([path], small_limit(1000))
    assert isinstance(item, Rejection) and item.code == "E104"
    assert "5000 bytes" in item.reason and "1000" in item.reason
    monkeypatch.undo()
    assert isinstance(read([tmp_path / "ok.txt"], small_limit(1000))[0], RawRecord)


def test_read_file_exactly_at_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "edge.txt", b"a" * 1000)
    assert isinstance(read([path], small_limit(1000))[0], RawRecord)
    write(path, b"a" * 1001)
    assert read([path], small_limit(1000))[0].code == "E104"


# --- JSONL --------------------------------------------------------------------------------------

def test_read_jsonl_fields_lines_and_offsets(tmp_path: Path) -> None:
    rows = [
        {"id": "r1", "text": "पहली ख़बर", "url": "https://example.org/1", "published": "2024-06-25",
         "publisher": "India News Network", "title": "पहली", "author": "संवाददाता", "extra": 1},
        {"id": 2, "html": "<p>दूसरी</p>"},
        {"text": "", "html": "<p>तीसरी</p>"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    content = (lines[0] + "\r\n\n" + lines[1] + "\n" + lines[2]).encode()
    path = write(tmp_path / "feed.jsonl", content)
    a, b, c = read([path])
    assert a.fields == {"id": "r1", "url": "https://example.org/1", "published": "2024-06-25",
                        "publisher": "India News Network", "title": "पहली", "byline": "संवाददाता"}
    assert (a.source.id, a.source.line, a.source.index, a.content_type) == ("r1", 1, 0, "text")
    assert (b.source.id, b.source.line, b.source.index, b.content_type) == ("2", 3, 1, "html")
    assert (c.source.id, c.source.line, c.content_type) == (None, 4, "html")
    for item, line in zip((a, b, c), lines):
        assert content[item.source.byte_start:item.source.byte_end] == line.encode()
    assert a.data == "पहली ख़बर".encode()


def test_read_jsonl_bad_lines_are_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    lines = ['{"id": "a", "text": "एक"}', '{"id": "b", "text": "दो"', '["a list"]',
             '{"id": "c", "title": "no body"}', '{"id": "d", "text": 42}', b'{"text": "\xff"}',
             '{"id": "e", "text": "पाँच"}']
    content = b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines) + b"\n"
    items = read([write(tmp_path / "mixed.jsonl", content)])
    got = [(i.source.line, getattr(i, "code", "ok")) for i in items]
    assert got == [(1, "ok"), (2, "E106"), (3, "E106"), (4, "E107"), (5, "E107"), (6, "E106"), (7, "ok")]
    assert "line 2" in items[1].reason and "column" in items[1].reason
    assert items[3].source.id == "c"  # a rejected record still says which record it was


def test_read_jsonl_overlong_line_skipped_without_holding_it(tmp_path: Path) -> None:
    long_text = "क" * 5000
    lines = [json.dumps({"text": "पहला"}), json.dumps({"text": long_text}), json.dumps({"text": "तीसरा"})]
    items = read([write(tmp_path / "long.jsonl", "\n".join(lines))], small_limit(200))
    assert [getattr(i, "code", "ok") for i in items] == ["ok", "E104", "ok"]
    assert items[2].source.line == 3 and items[2].data == "तीसरा".encode()


# --- stdin ----------------------------------------------------------------------------------------

class CountingStream(io.RawIOBase):
    """A byte stream that records how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        self._buf = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        """Always readable."""
        return True

    def read(self, n: int = -1) -> bytes:
        """Read and count."""
        data = self._buf.read(n)
        self.consumed += len(data)
        return data

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        """Fill ``buffer`` and count."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def test_read_stdin_text_and_html() -> None:
    (item,) = read(["-"], stdin=io.BytesIO(HINDI.encode()))
    assert item.source == SourceRef("<stdin>", 0, "txt", None, 0, len(HINDI.encode()))
    (page,) = read(["-"], stdin=io.BytesIO(b"<html><body><p>x</p></body></html>"))
    assert page.content_type == "html"


def test_read_stdin_over_limit_reads_at_most_limit_plus_one() -> None:
    stream = CountingStream(b"x" * 10_000)
    (item,) = read(["-"], small_limit(1000), stdin=stream)
    assert item.code == "E104"
    assert stream.consumed <= 1001


def test_read_stdin_jsonl_stream() -> None:
    data = "\n".join(json.dumps({"id": str(i), "text": f"ख़बर {i}"}) for i in range(3)).encode()
    items = read(["-"], small_limit(1000), stdin=io.BytesIO(data))
    assert [(i.source.path, i.source.id, i.source.line) for i in items] == [
        ("<stdin>", "0", 1), ("<stdin>", "1", 2), ("<stdin>", "2", 3)]


# --- WARC -------------------------------------------------------------------------------------

def make_warc(path: Path, *, gz: bool) -> None:
    """Write a small WARC: warcinfo, HTML 200, PNG 200, HTML 404, request, text 200, revisit."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "ghatna-tests"}))
        payloads = [
            ("https://news.example/a", "200 OK", "text/html; charset=utf-8", "<html><p>पहली ख़बर</p></html>"),
            ("https://news.example/logo.png", "200 OK", "image/png", "\x89PNG"),
            ("https://news.example/gone", "404 Not Found", "text/html", "<p>नहीं मिला</p>"),
            ("https://news.example/b.txt", "200 OK", "text/plain", "दूसरी ख़बर"),
        ]
        for uri, status, ctype, body in payloads:
            data = body.encode()
            http = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(data)))],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(data),
                                                          length=len(data), http_headers=http))
            if uri.endswith("/a"):
                writer.write_record(writer.create_warc_record(uri, "request",
                                                              payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_read_warc_response_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    make_warc(path, gz=name.endswith(".gz"))
    items = read([path])
    assert [i.content_type for i in items] == ["html", "text"]
    first, second = items
    assert first.data == "<html><p>पहली ख़बर</p></html>".encode()
    assert first.fields["url"] == "https://news.example/a" and first.fields["charset"] == "utf-8"
    assert "crawled" in first.fields and "published" not in first.fields
    assert first.source.kind == "warc" and first.source.id.startswith("<urn:uuid:")
    assert (first.source.index, second.source.index) == (1, 5)  # warcinfo is 0; request, png, 404 skipped
    raw = path.read_bytes()
    assert first.source.byte_start < first.source.byte_end <= second.source.byte_start <= len(raw)
    assert second.data == "दूसरी ख़बर".encode()


def test_read_warc_unreadable_is_e109(tmp_path: Path) -> None:
    (item,) = read([write(tmp_path / "fake.warc", "this is not a warc file\n")])
    assert item.code == "E109" and "WARC/" in item.reason
    (item,) = read([write(tmp_path / "fake.warc.gz", gzip.compress(b"<html>nope</html>"))])
    assert item.code == "E109"


def test_read_warc_truncated_keeps_good_records_then_e109(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    make_warc(path, gz=True)
    full = read([path])
    cut_at = full[-1].source.byte_start + 40  # inside the last response record
    write(path, path.read_bytes()[:cut_at])
    items = read([path])
    assert isinstance(items[0], RawRecord) and items[0].fields["url"] == "https://news.example/a"
    assert isinstance(items[-1], Rejection) and items[-1].code == "E109"


# --- the bad-input corpus ---------------------------------------------------------------------

def outcomes_of(items: list[RawRecord | Rejection], root: Path) -> Iterator[tuple[str, str, str]]:
    """Run readers' output through decode/html/legacy as build_article will: (key, outcome, text)."""
    for item in items:
        name = os.path.relpath(item.source.path, root)
        key = f"{name}:{item.source.line}" if item.source.kind == "jsonl" else name
        if isinstance(item, Rejection):
            yield key, f"reject:{item.code}", ""
            continue
        try:
            text, _ = decode_bytes(item.data, DEFAULT)
            if item.content_type == "html":
                text = extract_html(text).text
            if detect_legacy_font(text):
                text = convert_krutidev(text)
                assert conversion_quality(text) >= 0.9
            yield key, "article", text
        except InputError as exc:
            yield key, f"reject:{exc.code}", ""


def test_read_bad_corpus_every_item_has_its_outcome(tmp_path: Path) -> None:
    expected = write_bad_corpus(tmp_path)
    assert (tmp_path / "big_50mb.txt").stat().st_size >= BIG_BYTES
    results = list(outcomes_of(read([tmp_path]), tmp_path))
    assert {key: outcome for key, outcome, _ in results} == expected
    texts = {key: text for key, _, text in results}
    assert texts["legacy_krutidev.txt"] == LEGACY_UNICODE
    assert texts["utf16_bom.txt"].startswith("चेन्नई") and texts["utf8_bom.txt"].startswith("गुवाहाटी")
    assert texts["invalid_utf8.txt"].count("\ufffd") == 3
    articles = [t for key, o, t in results if o == "article"]
    assert len(set(articles)) == len(articles)  # no two items are duplicates of each other
    for text in articles:
        for marker in FORBIDDEN_MARKERS:
            assert marker not in text


@pytest.mark.parametrize("module", [readers, decode, legacy, html], ids=lambda m: m.__name__)
def test_docstring_examples_run(module) -> None:  # type: ignore[no-untyped-def]
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_read_shared_samples_directory(shared_dir: Path) -> None:
    items = read([shared_dir / "samples"])  # expected/*.json is not an input extension: skipped
    assert [os.path.basename(i.source.path) for i in items] == [
        "000_cb69fbd326acacde.txt", "002_5b730da54bd7f90e.txt"]
    for item in items:
        text, warnings = decode_bytes(item.data, DEFAULT)
        assert warnings == () and detect_legacy_font(text) is None
