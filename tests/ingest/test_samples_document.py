"""The founding samples: the `document` block of ../shared/samples/expected/*.json is reproduced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghatna.config import Settings
from ghatna.ingest.article import build_article
from ghatna.output import article_block
from ghatna.types import RawRecord, SourceRef

SAMPLES = ["000_cb69fbd326acacde", "002_5b730da54bd7f90e"]


def _load(shared: Path, name: str) -> tuple[dict, dict]:
    path = shared / "samples" / f"{name}.txt"
    article = build_article(RawRecord(SourceRef(str(path)), path.read_bytes()), Settings())
    expected = json.loads((shared / "samples" / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    return article_block(article), expected["document"]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_document_fields_match_expected(shared_dir: Path, name: str) -> None:
    got, want = _load(shared_dir, name)
    for key in ("language", "translated_from", "title", "publisher", "source_url", "byline", "agencies",
                "title_truncated"):
        if key in want:
            assert got[key] == want[key], key
    if "title_starts_with" in want:
        assert got["title"].startswith(want["title_starts_with"])
    if "subtitle_starts_with" in want:
        assert got["subtitle"].startswith(want["subtitle_starts_with"])
    published = want.get("published")
    if published and published["kind"] == "stated":  # inferred dates belong to the dates stage
        assert got["published"]["value"] == published["value"]
        assert got["published"]["kind"] == "stated"


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_captions_and_boilerplate_match_expected(shared_dir: Path, name: str) -> None:
    got, want = _load(shared_dir, name)
    for cap in want.get("photo_captions", []):
        match = [c for c in got["photo_captions"] if c["text"].startswith(cap["starts_with"])]
        assert match, cap
        assert match[0]["credit"] == cap["credit"] and match[0]["date"] == cap["date"]
        assert got["text"][match[0]["start"]:match[0]["end"]] == match[0]["text"]
    removed = [b["text"] for b in got["boilerplate"]]
    for line in want.get("boilerplate_removed", []):
        assert line in removed
    for fragment in want.get("must_not_contain_in_clean_text", []):
        assert fragment not in got["text"]


def test_translation_comes_with_evidence(shared_dir: Path) -> None:
    got, _ = _load(shared_dir, SAMPLES[0])
    assert got["translated_from"] == "vi"
    assert any(".vn" in e for e in got["translation_evidence"])


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_clean_text_maps_back_to_raw(shared_dir: Path, name: str) -> None:
    path = shared_dir / "samples" / f"{name}.txt"
    article = build_article(RawRecord(SourceRef(str(path)), path.read_bytes()), Settings())
    raw = path.read_text(encoding="utf-8")
    assert article.raw == raw
    # every line of the clean text is found, unchanged, where the offset map says
    pos = 0
    for line in article.text.split("\n"):
        rs, re_ = article.raw_span(pos, pos + len(line))
        assert raw[rs:re_] == line
        pos += len(line) + 1
    for b in article.boilerplate:
        assert raw[b.raw_start:b.raw_end] == b.text
