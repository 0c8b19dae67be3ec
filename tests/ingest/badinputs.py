"""A corpus of bad (and awkward but good) inputs for ingestion tests; a helper, not a test module.

``write_bad_corpus(dir)`` writes the files and returns what must happen to each one:

================================  =====================  =========================================
file                              outcome                why
================================  =====================  =========================================
``empty.txt``                     ``reject:E100``        zero bytes
``whitespace.txt``                ``reject:E101``        spaces, tabs, newlines, a no-break space
``png_bytes.txt``                 ``reject:E102``        a PNG image behind a .txt name
``invalid_utf8.txt``              ``article``            Hindi with 4 bad bytes -> U+FFFD + warning
``utf16_bom.txt``                 ``article``            Hindi in UTF-16 LE with a byte order mark
``utf8_bom.txt``                  ``article``            Hindi in UTF-8 with a byte order mark
``legacy_krutidev.txt``           ``article``            Hindi typed in KrutiDev; converted
                                                         (``LEGACY_UNICODE`` is the expected text)
``big_50mb.txt``                  ``reject:E104``        52,428,800+ bytes of a repeated Hindi
                                                         paragraph; the default ``ingest.max_bytes``
                                                         (20 MB) rejects it from its size alone
``hostile.html``                  ``article``            scripts, iframes, event handlers and
                                                         ``javascript:`` links around real text;
                                                         none of ``FORBIDDEN_MARKERS`` may survive
``records.jsonl:1`` ``:2`` ``:4``  ``article``           good JSONL records (ids ``bad-1`` ...)
``records.jsonl:3``               ``reject:E106``        a malformed line between good ones
================================  =====================  =========================================

Keys are file names relative to ``dir``; a JSONL line is ``name:line`` (1-based). Every article's
text is distinct, so none is reported as a duplicate of another.
"""

from __future__ import annotations

import json
from pathlib import Path

# Hand-typed KrutiDev 010 for the five sentences of LEGACY_UNICODE (the font's glyph codes, typed
# as a KrutiDev typist would: "f" before its consonant, the reph "Z" after its syllable).
LEGACY_KRUTIDEV = (
    "Hkkjr ds iz/kkuea=h us dgk fd ns'k esa fodkl dh xfr rst+ gksxhA "
    "jkT; ljdkj us fdlkuksa ds fy, ubZ ;kstuk dh ?kks\"k.kk dh gSA "
    "bl o\"kZ ikVhZ dk dk;ZØe fnYyh esa vk;ksftr fd;k tk,xkA\n"
    "eq[;ea=h us vf/kdkfj;ksa ls fLFkfr dh tkudkjh yhA "
    "foi{k ds usrkvksa us laln esa bl eqís ij ppkZ dh ek¡x dhA\n"
)
LEGACY_UNICODE = (
    "भारत के प्रधानमंत्री ने कहा कि देश में विकास की गति तेज़ होगी। "
    "राज्य सरकार ने किसानों के लिए नई योजना की घोषणा की है। "
    "इस वर्ष पार्टी का कार्यक्रम दिल्ली में आयोजित किया जाएगा।\n"
    "मुख्यमंत्री ने अधिकारियों से स्थिति की जानकारी ली। "
    "विपक्ष के नेताओं ने संसद में इस मुद्दे पर चर्चा की माँग की।\n"
)

#: strings from the hostile page's active content; none may appear in any article text
FORBIDDEN_MARKERS = (
    "SCRIPT-MARKER", "IFRAME-MARKER", "ONERROR-MARKER", "JSLINK-MARKER", "ONCLICK-MARKER",
    "alert(", "javascript:", "evil.example", "<script", "<iframe",
)

_INVALID_UTF8 = (
    "पुणे में बारिश के कारण कई सड़कों पर पानी भर गया और यातायात धीमा रहा।\n".encode()
    + b"\xff\xfe"  # two bytes that are never valid in UTF-8
    + "नगर निगम ने निचले इलाक़ों में पंप लगाए हैं और लोगों से घर पर रहने को कहा है।\n".encode()
    + b"\xe0\xa4"  # a Devanagari letter cut after two of its three bytes
    + "मौसम विभाग ने अगले दो दिन तक भारी बारिश की चेतावनी दी है।\n".encode()
)
_UTF16 = (
    "चेन्नई में आज से अंतरराष्ट्रीय पुस्तक मेला शुरू हुआ, जिसमें तीस देशों के प्रकाशक हिस्सा ले रहे हैं।\n"
    "आयोजकों के अनुसार मेले में बच्चों की किताबों के लिए अलग मंडप बनाया गया है।\n"
)
_UTF8_BOM = (
    "गुवाहाटी में ब्रह्मपुत्र नदी पर बने नए पुल को यातायात के लिए खोल दिया गया।\n"
    "राज्य के लोक निर्माण विभाग ने कहा कि इससे दोनों किनारों के बीच का सफ़र एक घंटा कम हो जाएगा।\n"
)
_BIG_PARAGRAPH = (
    "यह एक बहुत लंबी फ़ाइल का अनुच्छेद है जो आकार की सीमा जाँचने के लिए बार बार दोहराया गया है। "
    "इसमें कोई नई बात नहीं है, केवल आकार मायने रखता है।\n"
)
BIG_BYTES = 50 * 1024 * 1024
_HOSTILE = """<!DOCTYPE html>
<html lang="hi"><head><meta charset="utf-8">
<title>नदी किनारे पौधारोपण अभियान</title>
<script>fetch("https://evil.example/SCRIPT-MARKER")</script>
</head>
<body onload="alert('ONLOAD-SCRIPT-MARKER')">
<article>
<h1>नदी किनारे पौधारोपण अभियान</h1>
<p>वाराणसी में गंगा के किनारे रविवार को पाँच हज़ार पौधे लगाए गए। इस अभियान में स्कूली बच्चों, स्वयंसेवी संस्थाओं और नगर निगम के कर्मचारियों ने हिस्सा लिया।</p>
<script>document.write("INLINE-SCRIPT-MARKER")</script>
<iframe src="https://evil.example/frame">IFRAME-MARKER</iframe>
<p>ज़िलाधिकारी ने बताया कि हर पौधे की देखभाल की ज़िम्मेदारी एक परिवार को दी गई है।<img src="x" onerror="alert('ONERROR-MARKER')"></p>
<p onclick="steal('ONCLICK-MARKER')">अगले महीने शहर के सभी घाटों पर इसी तरह का अभियान चलाया जाएगा। <a href="javascript:alert('JSLINK-MARKER')">विवरण</a> नगर निगम के कार्यालय में उपलब्ध हैं।</p>
</article>
</body></html>
"""
_JSONL_GOOD = (
    {"id": "bad-1", "text": "लखनऊ में नए मेडिकल कॉलेज का उद्घाटन हुआ। इसमें हर साल सौ छात्रों को दाख़िला मिलेगा।",
     "url": "https://example.org/lucknow-college", "published": "2024-03-04", "publisher": "उदाहरण समाचार",
     "title": "लखनऊ में नया मेडिकल कॉलेज"},
    {"id": "bad-2", "text": "जयपुर में पर्यटकों की संख्या इस साल पिछले रिकॉर्ड से आगे निकल गई, पर्यटन विभाग ने बताया।"},
    {"id": "bad-4", "html": "<html><body><article><p>भोपाल में झीलों की सफ़ाई के लिए नगर निगम ने नया अभियान शुरू किया। "
                            "अधिकारियों ने बताया कि काम तीन महीने चलेगा और इसमें दो सौ कर्मचारी लगेंगे।</p>"
                            "<p>नागरिकों से किनारों पर कचरा न फेंकने की अपील की गई है।</p></article></body></html>"},
)
_JSONL_BAD = '{"id": "bad-3", "text": "यह पंक्ति अधूरी है, "'  # no closing quote or brace


def _png_bytes() -> bytes:
    """A PNG signature, an IHDR chunk for a 1x1 image and a few more bytes, as a real file starts."""
    return (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00\x00\x00\x01" * 2
            + b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" + b"\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01")


def _write_big(path: Path, size: int) -> None:
    """Write ``size``+ bytes of a repeated Hindi paragraph in 1 MB pieces (never one huge string)."""
    block = _BIG_PARAGRAPH.encode("utf-8")
    piece = block * (1024 * 1024 // len(block) + 1)
    written = 0
    with path.open("wb") as fh:
        while written < size:
            fh.write(piece)
            written += len(piece)


def write_bad_corpus(dir: Path, *, big: bool = True) -> dict[str, str]:  # noqa: A002 - agreed name
    """Write the bad-input corpus into ``dir`` and return ``{name: "article" | "reject:CODE"}``.

    Args:
        dir: an existing (usually temporary) directory.
        big: write the 50 MB file (skip it for tests that only need the small items).

    Returns:
        The expected outcome per file name, JSONL lines keyed ``records.jsonl:<line>``.
    """
    dir = Path(dir)
    out: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        """Write one file and record what must happen to it."""
        (dir / name).write_bytes(data)
        out[name] = outcome

    put("empty.txt", b"", "reject:E100")
    put("whitespace.txt", " \t \n\r\n   \u00a0 \n\n".encode(), "reject:E101")
    put("png_bytes.txt", _png_bytes(), "reject:E102")
    put("invalid_utf8.txt", _INVALID_UTF8, "article")
    put("utf16_bom.txt", _UTF16.encode("utf-16"), "article")  # Python's "utf-16" writes a BOM
    put("utf8_bom.txt", _UTF8_BOM.encode("utf-8-sig"), "article")
    put("legacy_krutidev.txt", LEGACY_KRUTIDEV.encode("utf-8"), "article")
    put("hostile.html", _HOSTILE.encode("utf-8"), "article")
    lines = [json.dumps(_JSONL_GOOD[0], ensure_ascii=False), json.dumps(_JSONL_GOOD[1], ensure_ascii=False),
             _JSONL_BAD, json.dumps(_JSONL_GOOD[2], ensure_ascii=False)]
    (dir / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.update({"records.jsonl:1": "article", "records.jsonl:2": "article",
                "records.jsonl:3": "reject:E106", "records.jsonl:4": "article"})
    if big:
        _write_big(dir / "big_50mb.txt", BIG_BYTES)
        out["big_50mb.txt"] = "reject:E104"
    return out
