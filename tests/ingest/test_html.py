"""Main text and metadata from HTML pages written by us (tests/pages/<site>/<slug>.html).

Each page is checked trafilatura-style: phrases the text must contain, phrases it must not.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from ghatna.errors import InputError
from ghatna.ingest.html import HtmlExtract, extract_html

from .badinputs import FORBIDDEN_MARKERS, write_bad_corpus

PAGES = Path(__file__).resolve().parents[1] / "pages"

# page -> (must contain, must not contain, expected metadata)
CASES: dict[str, tuple[list[str], list[str], dict[str, str | None]]] = {
    "hostile/jheel-safai.html": (
        ["भोपाल के नगर निगम ने शहर की बड़ी झील की सफ़ाई",
         "उन्होंने नागरिकों से अपील की कि वे किनारों पर कचरा न फेंकें।",
         "पर्यावरण विशेषज्ञों के अनुसार",
         "अभियान की प्रगति हर सप्ताह सार्वजनिक की जाएगी।"],
        ["MARKER", "alert", "javascript", "evil.example", "tracker.example", "document.write", "fetch(",
         "onerror", "onclick", "<", "कृपया जावास्क्रिप्ट चालू करें", "मेनू खोलें"],
        {"title": "झील की सफ़ाई के लिए नगर निगम ने शुरू किया अभियान", "date": None},
    ),
    "samachar/metro-vistar.html": (
        ["केंद्रीय मंत्रिमंडल ने बुधवार को राजधानी की मेट्रो परियोजना के तीसरे चरण को मंज़ूरी दे दी।",
         "बारह हज़ार करोड़ रुपये",
         "यात्री संगठनों ने फ़ैसले का स्वागत किया है।"],
        ["होम", "मनोरंजन", "ब्रेकिंग न्यूज़", "फेसबुक", "ट्विटर", "व्हाट्सऐप", "शेयर करें", "यह भी पढ़ें",
         "बस किराये", "टिप्पणियाँ", "बहुत अच्छी ख़बर", "सबसे ज़्यादा पढ़ी गईं", "कॉपीराइट", "गोपनीयता नीति",
         "फॉलो करें"],
        {"title": "मेट्रो के तीसरे चरण को मंज़ूरी, बीस नए स्टेशन बनेंगे", "sitename": "समाचार दर्पण",
         "description": "केंद्रीय मंत्रिमंडल ने मेट्रो के तीसरे चरण को मंज़ूरी दी।"},
    ),
    "dated/krishi-bajat.html": (
        ["सिंचाई परियोजनाओं के लिए पिछले वर्ष से तीस प्रतिशत अधिक राशि रखी।",
         "किसान संगठनों ने कहा कि घोषणाओं पर अमल की निगरानी ज़रूरी है।"],
        ["मुखपृष्ठ", "मौसम", "© ग्राम वार्ता"],
        # the published date, not the modified one; the author's final vowel sign kept
        {"title": "कृषि बजट में सिंचाई पर ज़ोर", "date": "2024-02-01", "author": "सुनीता वर्मा",
         "sitename": "ग्राम वार्ता"},
    ),
}


@pytest.mark.parametrize("page", sorted(CASES))
def test_extract_html_pages(page: str) -> None:
    must, must_not, meta = CASES[page]
    result = extract_html((PAGES / page).read_text(encoding="utf-8"))
    for phrase in must:
        assert phrase in result.text, f"{page}: missing {phrase!r}"
    for phrase in must_not:
        assert phrase not in result.text, f"{page}: kept {phrase!r}"
    for key, value in meta.items():
        assert getattr(result, key) == value, f"{page}: {key}"


def test_extract_html_pages_are_all_checked() -> None:
    on_disk = {str(p.relative_to(PAGES)) for p in PAGES.rglob("*.html")}
    assert on_disk == set(CASES) | {"empty/menu-only.html"}


def test_extract_html_menu_only_page_is_e108() -> None:
    with pytest.raises(InputError) as info:
        extract_html((PAGES / "empty/menu-only.html").read_text(encoding="utf-8"))
    assert info.value.code == "E108"


@pytest.mark.parametrize("html", ["", "   ", "<<<>>>", "<html></html>", "<html><body><script>alert(1)</script></body></html>",
                                  "\x00\x01\x02", "<?xml version='1.0' encoding='utf-8'?><html><body></body></html>"])
def test_extract_html_empty_or_broken_is_e108(html: str) -> None:
    with pytest.raises(InputError) as info:
        extract_html(html)
    assert info.value.code == "E108"


def test_extract_html_result_is_plain_record() -> None:
    result = extract_html((PAGES / "dated/krishi-bajat.html").read_text(encoding="utf-8"),
                          url="https://gramvarta.example/krishi/bajat")
    assert isinstance(result, HtmlExtract)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    data = result.to_dict()
    json.dumps(data)  # nothing of lxml: every value is a str or None
    assert all(v is None or type(v) is str for v in data.values())
    assert result.url == "https://gramvarta.example/krishi/bajat"


def test_extract_html_bad_corpus_hostile_page(tmp_path: Path) -> None:
    write_bad_corpus(tmp_path, big=False)
    result = extract_html((tmp_path / "hostile.html").read_text(encoding="utf-8"))
    assert "पाँच हज़ार पौधे लगाए गए" in result.text
    assert "नगर निगम के कार्यालय में उपलब्ध हैं" in result.text
    for marker in FORBIDDEN_MARKERS:
        assert marker not in result.text


def test_extract_html_drops_script_written_as_text() -> None:
    # script that a page shows as escaped text inside a paragraph is dropped line by line
    body = "".join(f"<p>नगर परिषद ने पार्क के नवीनीकरण का {i}वाँ चरण पूरा किया और नागरिकों का धन्यवाद किया।</p>"
                   for i in range(1, 5))
    html = (f"<html><body><article>{body}<p>&lt;script&gt;steal()&lt;/script&gt;</p>"
            f"<p>javascript:alert(document.cookie)</p></article></body></html>")
    result = extract_html(html)
    assert "नवीनीकरण" in result.text
    assert "script" not in result.text and "javascript" not in result.text
