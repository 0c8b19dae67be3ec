"""Bytes -> text: BOMs, UTF-16 without BOM, invalid UTF-8, legacy 8-bit code pages, binary sniffing.

The decoded text is the article's *raw* text: every later offset map points back into it, so
decoding never rewrites content beyond what is needed to get a ``str`` (BOM dropped, NUL bytes
dropped, undecodable bytes replaced by U+FFFD), and each such change is reported as a warning.
"""

from __future__ import annotations

import codecs
import logging
import re

from ghatna.config import Settings
from ghatna.errors import InputError

log = logging.getLogger(__name__)

#: leading bytes of common binary formats -> the name given in the E102 message.
#: Magic numbers from each format's specification (PNG RFC 2083, JFIF, GIF89a, PDF 1.7, ZIP APPNOTE,
#: gzip RFC 1952, ELF, Windows PE, SQLite file format, OLE2/CFB, WebP RIFF).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP archive (empty)"),
    (b"\x1f\x8b\x08", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (DOC/XLS)"),
)

_WEAK_MAGIC = frozenset({b"MZ", b"BZh"})

_UTF8_BOM = codecs.BOM_UTF8
# UTF-32 BOMs must be tested before UTF-16 ones: FF FE 00 00 starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: how much of the input the sniffers look at; enough to judge, small enough to be cheap on 20 MB inputs
_SNIFF = 8192
#: share of C0 control bytes (other than tab/CR/LF/FF) above which plain bytes are called binary
_MAX_CONTROL_SHARE = 0.05
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: 8-bit code pages worth guessing among (multi-byte CJK codecs "decode" anything and mislead)
_SINGLE_BYTE = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
                "koi8_r", "koi8_u", "iso8859_5", "iso8859_7", "mac_cyrillic")
_LONE_SURROGATE = re.compile("[\udc80-\udcff]")
# whitespace that str.strip() does not know: zero-width space/joiners, word joiner, BOM
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or return None when it may be text.

    Example:
        >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n....")
        'PNG image'
        >>> sniff_binary("नमस्ते".encode()) is None
        True
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            # "MZ" and "BZh" are printable ASCII that can start a real text line (even KrutiDev
            # text: "MZ" is a valid legacy-font syllable), so they also need a NUL byte nearby
            if magic in _WEAK_MAGIC and b"\x00" not in data[:_SNIFF]:
                continue
            return kind
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"RIFF {data[8:12].decode('ascii').strip()} data"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """Guess UTF-16 LE/BE from NUL patterns when there is no BOM.

    Text in UTF-16 has a zero high byte for every ASCII character (spaces, newlines, digits, Latin
    letters) and 0x09 for Devanagari, so one byte column is almost all 0x00/0x09/0x20 while the other
    carries the varying low bytes. Returns the codec name or None.
    """
    n = len(head) - len(head) % 2
    if n < 8:
        return None
    even, odd = head[0:n:2], head[1:n:2]
    half = n // 2
    for name, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        nul_high = high.count(0)
        # high bytes drawn from few Unicode blocks: Basic Latin (00), Devanagari (09), punctuation (20)
        common = nul_high + high.count(0x09) + high.count(0x20)
        if nul_high >= 0.1 * half and common >= 0.9 * half and low.count(0) < 0.05 * half:
            return name
    return None


def _nul_heavy(head: bytes) -> bool:
    """True when NUL and other control bytes make up too much of the sample to be text."""
    if not head:
        return False
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    return controls > _MAX_CONTROL_SHARE * len(head)


def _invalid_utf8(data: bytes) -> tuple[int, int, int, int]:
    """Count undecodable UTF-8 bytes: (bad bytes, first bad byte offset, its line, valid non-ASCII chars)."""
    escaped = data.decode("utf-8", "surrogateescape")
    bad = _LONE_SURROGATE.findall(escaped)
    first = _LONE_SURROGATE.search(escaped)
    if first is None:
        return 0, -1, 0, 0
    head = escaped[: first.start()]
    offset = len(head.encode("utf-8", "surrogateescape"))
    line = head.count("\n") + 1
    non_ascii = sum(1 for ch in escaped if ord(ch) > 0x7F) - len(bad)
    return len(bad), offset, line, non_ascii


def _declared_charset(data: bytes, declared: str | None) -> str | None:
    """Return a usable codec name from an HTTP header value or an HTML ``<meta charset>``."""
    names = [declared] if declared else []
    if data[:1] == b"<" or b"<meta" in data[:2048].lower():
        m = _META_CHARSET.search(data[:4096])
        if m:
            names.append(m.group(1).decode("ascii", "replace"))
    for name in names:
        try:
            codec = codecs.lookup(name.strip()).name
        except LookupError:
            continue
        if codec not in ("utf-8", "ascii"):  # both already failed, or would have succeeded
            return codec
    return None


def _guess_legacy(data: bytes) -> str:
    """Pick an 8-bit code page: cp1252 unless its reading is implausible, then charset-normalizer.

    cp1252 comes first because it is what mis-saved Western text and KrutiDev legacy-font files
    use (KrutiDev glyph codes such as "Ø" and "Å" are cp1252 characters). Statistical guessers are
    unreliable on such input (KrutiDev ASCII looks like anything), so they are asked only when the
    cp1252 reading fails or is mostly accented letters, the sign of a non-Latin alphabet
    (Cyrillic, Greek, Arabic...) in its own code page.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    letters = [ch for ch in text[:65536] if ch.isalpha()]
    if text and sum(not ch.isascii() for ch in letters) <= 0.3 * len(letters):
        return "cp1252"
    from charset_normalizer import from_bytes  # imported here: only legacy inputs pay for it

    best = from_bytes(data[:65536], cp_isolation=list(_SINGLE_BYTE)).best()
    return best.encoding if best is not None else "cp1252"


def _check_not_blank(text: str) -> None:
    """Raise E101 when nothing but whitespace or invisible characters is left."""
    if not text.strip().strip(_INVISIBLE).strip():
        raise InputError("E101")


def decode_bytes(
    data: bytes, settings: Settings, *, declared_encoding: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """Decode one record's bytes to text, reporting every repair as a warning.

    Order: empty -> BOM (UTF-8/16/32) -> binary magic numbers -> BOM-less UTF-16 -> control-heavy
    binary -> UTF-8 -> (invalid UTF-8) replacement or a legacy code page.

    Args:
        data: the record's bytes as read.
        settings: ``settings.ingest.encoding_fallback`` chooses between repairing ("replace") and
            rejecting ("reject") input that is not valid UTF-8/UTF-16.
        declared_encoding: a charset named by the source (HTTP ``Content-Type``), tried before
            guessing when the bytes are not UTF-8.

    Returns:
        ``(text, warnings)``; warnings are short English sentences.

    Raises:
        InputError: E100 empty, E101 whitespace only, E102 binary (names the format), E103 not
            valid UTF-8 while ``encoding_fallback == "reject"``.

    Example:
        >>> from ghatna.config import Settings
        >>> decode_bytes("\\ufeffभारत".encode("utf-8"), Settings())
        ('भारत', ())
    """
    if not data:
        raise InputError("E100")
    warnings: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_wide(data[len(bom):], codec, settings, warnings)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
        if not data:
            raise InputError("E100")
    head = data[:_SNIFF]
    kind = sniff_binary(head)
    if kind is not None:
        raise InputError("E102", kind=kind)
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec is not None:
            warnings.append(f"no byte order mark; decoded as {codec.upper()} from its NUL-byte pattern")
            return _decode_wide(data, codec, settings, warnings)
    if _nul_heavy(head):
        raise InputError("E102", kind="NUL or control bytes, not text")
    if b"\x00" in data:
        # a few stray NULs in otherwise good text (bad scrapers): dropping them beats rejecting the article
        warnings.append(f"dropped {data.count(0)} NUL bytes (first at byte {data.index(0)})")
        data = data.replace(b"\x00", b"")
    text = _decode_utf8(data, settings, warnings, declared_encoding)
    _check_not_blank(text)
    return text, tuple(warnings)


def _decode_wide(data: bytes, codec: str, settings: Settings, warnings: list[str]) -> tuple[str, tuple[str, ...]]:
    """Decode UTF-16/32 (BOM already removed), replacing broken code units unless rejecting."""
    if not data:
        raise InputError("E100")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if settings.ingest.encoding_fallback == "reject":
            raise InputError("E103", encoding=codec.upper(),
                             detail=f"{exc.reason} at byte {exc.start}") from exc
        text = data.decode(codec, "replace")
        warnings.append(f"replaced undecodable {codec.upper()} code units with U+FFFD "
                        f"(first at byte {exc.start})")
    if "\x00" in text:
        warnings.append(f"dropped {text.count(chr(0))} NUL characters")
        text = text.replace("\x00", "")
    _check_not_blank(text)
    return text, tuple(warnings)


def _decode_utf8(data: bytes, settings: Settings, warnings: list[str], declared: str | None) -> str:
    """Decode as UTF-8; on failure replace a few bad bytes or fall back to a legacy code page."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    bad, offset, line, non_ascii = _invalid_utf8(data)
    if settings.ingest.encoding_fallback == "reject":
        raise InputError("E103", encoding="UTF-8",
                         detail=f"{bad} invalid bytes, first at byte {offset} (line {line})")
    # Valid multi-byte sequences outnumber the bad bytes: UTF-8 with damage (truncation, a bad
    # copy-paste). Otherwise no UTF-8 is there at all and the bytes are some 8-bit code page.
    if non_ascii >= 4 * bad:
        warnings.append(f"replaced {bad} invalid UTF-8 bytes with U+FFFD "
                        f"(first at byte {offset}, line {line})")
        return data.decode("utf-8", "replace")
    codec = _declared_charset(data, declared)
    how = "as declared"
    if codec is None:
        codec, how = _guess_legacy(data), "guessed"
    log.debug("decoding %d bytes as %s (%s)", len(data), codec, how)
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        codec = "cp1252"
        text = data.decode(codec, "replace")
    warnings.append(f"not UTF-8 ({bad} invalid bytes, first at byte {offset}); decoded as {codec} ({how})")
    return text
