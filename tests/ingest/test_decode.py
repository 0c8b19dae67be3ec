"""Decoding bytes to text: BOMs, UTF-16 without BOM, invalid UTF-8, legacy code pages, binaries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from ghatna.config import IngestSettings, Settings
from ghatna.errors import InputError
from ghatna.ingest.decode import decode_bytes, sniff_binary

from .badinputs import write_bad_corpus

HINDI = "भारत और नेपाल के बीच नई रेल सेवा शुरू हुई। दोनों देशों के मंत्री उद्घाटन में मौजूद थे।\n"
ENGLISH = "The new rail link between the two cities opened on Monday.\n"

DEFAULT = Settings()
REJECT = replace(DEFAULT, ingest=IngestSettings(encoding_fallback="reject"))


def code_of(data: bytes, settings: Settings = DEFAULT) -> str:
    """Return the InputError code decode_bytes raises for ``data``."""
    with pytest.raises(InputError) as info:
        decode_bytes(data, settings)
    return info.value.code


def test_decode_plain_utf8_has_no_warnings() -> None:
    assert decode_bytes(HINDI.encode("utf-8"), DEFAULT) == (HINDI, ())


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
def test_decode_empty_is_e100(data: bytes) -> None:
    assert code_of(data) == "E100"


@pytest.mark.parametrize("text", [" ", " \t\r\n\n  ", "\u00a0\u2003\n", "\u200b\u200d \ufeff", "\n" * 1000])
def test_decode_whitespace_only_is_e101(text: str) -> None:
    assert code_of(text.encode("utf-8")) == "E101"


def test_decode_whitespace_only_utf16_is_e101() -> None:
    assert code_of("   \n\t ".encode("utf-16")) == "E101"


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    (b"GIF89a\x01\x00\x01\x00", "GIF"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "Windows executable"),
])
def test_decode_binary_magic_is_e102_naming_the_format(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data + bytes(range(256)), DEFAULT)
    assert info.value.code == "E102"
    assert kind in info.value.message


def test_decode_nul_heavy_bytes_are_e102() -> None:
    data = bytes([0, 1, 2, 3, 250, 0, 0, 7]) * 500
    with pytest.raises(InputError) as info:
        decode_bytes(data, DEFAULT)
    assert info.value.code == "E102" and "NUL" in info.value.message


def test_decode_text_starting_like_weak_magic_is_text() -> None:
    # "MZ" is a KrutiDev syllable and "BZh" could start a line; without NUL bytes they are text
    for text in ("MZ dk QSlyk vkt gqvkA", "BZh is not bzip2 here"):
        assert decode_bytes(text.encode(), DEFAULT)[0] == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_bom_variants_give_the_text(encoding: str) -> None:
    data = HINDI.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # these codecs write no BOM: add it
        data = ("\ufeff" + HINDI).encode(encoding)
    text, warnings = decode_bytes(data, DEFAULT)
    assert text == HINDI
    assert warnings == ()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("sample", [HINDI, ENGLISH, HINDI + ENGLISH])
def test_decode_utf16_without_bom_is_detected(encoding: str, sample: str) -> None:
    text, warnings = decode_bytes(sample.encode(encoding), DEFAULT)
    assert text == sample
    assert len(warnings) == 1 and encoding.upper() in warnings[0]


def test_decode_invalid_utf8_replaced_with_count_and_offset() -> None:
    good = "पहला वाक्य।\n".encode()
    data = good + b"\xff\xfe" + "दूसरा वाक्य।\n".encode() + b"\xe0\xa4" + "तीसरा।".encode()
    text, warnings = decode_bytes(data, DEFAULT)
    assert text.count("\ufffd") == 3  # FF, FE, and the cut-off E0 A4 sequence
    assert text.startswith("पहला वाक्य।\n\ufffd")
    assert text.endswith("\ufffdतीसरा।")
    (warning,) = warnings
    assert "4 invalid UTF-8 bytes" in warning
    assert f"byte {len(good)}" in warning and "line 2" in warning


def test_decode_invalid_utf8_rejected_when_configured() -> None:
    data = "पहला वाक्य।".encode() + b"\xff" + "दूसरा।".encode()
    with pytest.raises(InputError) as info:
        decode_bytes(data, REJECT)
    assert info.value.code == "E103"
    assert "1 invalid bytes" in info.value.message and "byte 31" in info.value.message


def test_decode_cp1252_bytes_fall_back_to_a_code_page() -> None:
    source = "Café owners in Zürich said the naïve résumé was “fine” – they paid €20."
    text, warnings = decode_bytes(source.encode("cp1252"), DEFAULT)
    assert text == source
    assert "not UTF-8" in warnings[0]


def test_decode_declared_charset_wins_over_guessing() -> None:
    # byte A4 is "€" in ISO 8859-15 but "¤" in cp1252, which a guess would pick for ASCII-heavy text
    data = "The ticket costs 20€ and the pass 50€ this year.".encode("iso8859-15")
    assert decode_bytes(data, DEFAULT)[0].count("¤") == 2
    text, warnings = decode_bytes(data, DEFAULT, declared_encoding="ISO-8859-15")
    assert text == "The ticket costs 20€ and the pass 50€ this year."
    assert "declared" in warnings[0]


def test_decode_cyrillic_code_pages_are_guessed() -> None:
    source = "Министр заявил, что переговоры продолжатся в среду."
    for encoding in ("cp1251", "koi8-r"):
        assert decode_bytes(source.encode(encoding), DEFAULT)[0] == source


def test_decode_krutidev_in_cp1252_keeps_its_glyph_codes() -> None:
    # "Ø" (क्र) and "í" (द्द) are KrutiDev glyph codes saved as cp1252 bytes; a guesser must not
    # turn them into another alphabet
    source = "Hkkjr ds iz/kkuea=h dk;ZØe esa mís'; crk;kA"
    assert decode_bytes(source.encode("cp1252"), DEFAULT)[0] == source


def test_decode_html_meta_charset_is_used() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Министр заявил.</p></body></html>'
    text, warnings = decode_bytes(page.encode("cp1251"), DEFAULT)
    assert text == page
    assert "cp1251" in warnings[0]


def test_decode_stray_nul_bytes_are_dropped_with_warning() -> None:
    data = HINDI.encode() + b"\x00" + HINDI.encode()
    text, warnings = decode_bytes(data, DEFAULT)
    assert text == HINDI + HINDI
    assert "dropped 1 NUL" in warnings[0]


def test_sniff_binary_leaves_text_alone() -> None:
    assert sniff_binary(HINDI.encode()) is None
    assert sniff_binary(b"<!DOCTYPE html><html>") is None
    assert sniff_binary(b"GIF89a\x00") == "GIF image"


def test_decode_bad_corpus_items(tmp_path: Path) -> None:
    expected = write_bad_corpus(tmp_path, big=False)
    outcomes = {}
    for name in ("empty.txt", "whitespace.txt", "png_bytes.txt", "invalid_utf8.txt",
                 "utf16_bom.txt", "utf8_bom.txt", "legacy_krutidev.txt"):
        try:
            text, _ = decode_bytes((tmp_path / name).read_bytes(), DEFAULT)
            outcomes[name] = "article"
            assert "\ufeff" not in text and "\x00" not in text
        except InputError as exc:
            outcomes[name] = f"reject:{exc.code}"
    assert outcomes == {name: expected[name] for name in outcomes}


@hsettings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_decode_any_bytes_gives_text_or_input_error(data: bytes) -> None:
    try:
        text, warnings = decode_bytes(data, DEFAULT)
    except InputError as exc:
        assert exc.code in {"E100", "E101", "E102"}
        return
    assert isinstance(text, str) and text.strip()
    assert all(isinstance(w, str) for w in warnings)


@hsettings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda s: s.strip() and "\x00" not in s))
def test_decode_valid_utf8_round_trips(text: str) -> None:
    data = text.encode("utf-8")
    if sniff_binary(data) is not None or data.startswith(b"\xef\xbb\xbf"):
        return
    try:
        decoded, warnings = decode_bytes(data, DEFAULT)
    except InputError as exc:  # only control-heavy or invisible-only text may be refused
        assert exc.code in {"E101", "E102"}
        return
    assert decoded == text and warnings == ()
