"""Cleaning team-written scraped articles: boilerplate out, metadata in, offsets kept."""

from __future__ import annotations

import pytest

from ghatna.ingest.boilerplate import classify_line
from ghatna.ingest.clean import clean_text
from ghatna.ingest.metadata import parse_byline, parse_caption, parse_dateline, parse_header, title_looks_truncated
from ghatna.text.normalize import normalize_text


@pytest.mark.parametrize(
    "line, kind",
    [
        ("[विज्ञापन_2]", "ad"), ("[ad_1]", "ad"), ("Advertisement", "ad"), ("विज्ञापन", "ad"),
        ("टिप्पणी (0)", "comments"), ("टिप्पणियाँ (12)", "comments"), ("Comments (3)", "comments"),
        ("5 टिप्पणियां", "comments"),
        ("स्रोत: https://example.vn/a.html", "source"), ("Source : Reuters", "source"), ("साभार: दैनिक पत्र", "source"),
        ("यह भी पढ़ें: संसद में हंगामा", "read_more"), ("ये भी पढ़ें- बजट की बड़ी बातें", "read_more"),
        ("यह भी पढें: बिना नुक्ता", "read_more"), ("Read more: Budget 2024", "read_more"), ("Also Read: x", "read_more"),
        ("शेयर करें: Facebook | Twitter | WhatsApp", "share"), ("Facebook Twitter WhatsApp", "share"),
        ("हमें फॉलो करें Google News पर", "share"), ("Tags: भारत, रूस", "other"),
    ],
)
def test_classify_line_finds_boilerplate(line: str, kind: str) -> None:
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "भारत ने कहा कि बातचीत जारी रहेगी।",
        "शेयर बाजार में आज तेजी रही और निवेशकों ने ट्विटर पर खुशी जताई।",
        "विज्ञापन पर सरकार ने नए नियम जारी किए हैं जो अगले महीने से लागू होंगे।",
        "स्रोत बताते हैं कि बैठक देर रात तक चली।",
        "टिप्पणी करते हुए मंत्री ने कहा कि 12 लोग घायल हुए।",
    ],
)
def test_classify_line_leaves_prose_alone(line: str) -> None:
    assert classify_line(line) is None


def test_header_forms() -> None:
    h = parse_header("Dainik Samvad | 2023-04-02")
    assert h is not None and h.publisher == "Dainik Samvad" and h.published.value == "2023-04-02"
    h = parse_header("By Ravi Kumar | Oct 21, 2020")
    assert h is not None and h.byline == "Ravi Kumar" and h.published.value == "2020-10-21"
    h = parse_header("प्रकाशित: 12 मार्च 2024")
    assert h is not None and h.published.value == "2024-03-12"
    assert parse_header("भारत | रूस") is None


def test_caption_credit_split_and_date() -> None:
    line = "विदेश मंत्री जयशंकर और वांग यी बीजिंग में, 14 जुलाई, 2023। फोटो: PTI"
    c = parse_caption(line)
    assert c is not None and c.credit == "PTI" and c.date == "2023-07-14"
    assert line[: c.text_end].endswith("2023")
    c = parse_caption("संसद भवन के बाहर प्रदर्शनकारी (फोटो: रॉयटर्स)")
    assert c is not None and c.credit == "रॉयटर्स" and c.date is None
    assert parse_caption("उन्होंने कहा कि फोटो खींचना मना है।") is None


def test_byline_and_agencies() -> None:
    b = parse_byline("अनुराधा सिंह (रॉयटर्स, एएफपी के अनुसार)")
    assert b is not None and b.name == "अनुराधा सिंह" and b.agencies == ("रॉयटर्स", "एएफपी")
    b = parse_byline("रिपोर्ट: अमित वर्मा")
    assert b is not None and b.name == "अमित वर्मा"
    assert parse_byline("भारत ने रूस के साथ समझौता किया (सूत्रों के अनुसार) और आगे बढ़ा।") is None


@pytest.mark.parametrize(
    "line, place",
    [
        ("नई दिल्ली। सरकार ने आज घोषणा की", "नई दिल्ली"),
        ("एजेन्सी/नई दिल्ली : संसद का सत्र", "नई दिल्ली"),
        ("मॉस्को, 3 जुलाई (भाषा) रूस ने कहा", "मॉस्को, 3 जुलाई (भाषा)"),
    ],
)
def test_dateline_found(line: str, place: str) -> None:
    found = parse_dateline(line)
    assert found is not None
    assert line[found[0]:found[1]].rstrip(" ।:").startswith(place.split(",")[0])


@pytest.mark.parametrize("line", ["भारत ने कहा: हम तैयार हैं", "उन्होंने कहा। फिर", "रूस से बातचीत: अगले हफ्ते"])
def test_dateline_not_found_in_sentences(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    "title, body, truncated",
    [
        ("मोदी ने तोकायेव का धन", "उन्होंने धन्यवाद दिया।", True),
        ("भारत और चीन के बीच वार्ता", "चीन और भारत ने चीनी सामान पर बात की।", False),
        ("संसद में बजट पेश…", "बजट पेश हुआ।", True),
        ("बजट पेश हुआ।", "बजट पेश हुआ।", False),
    ],
)
def test_title_truncation(title: str, body: str, truncated: bool) -> None:
    assert title_looks_truncated(title, body) is truncated


ARTICLE = """Samachar Setu | 2025-03-14
संसद में बजट पर बहस के दौरान विपक्ष ने सरकार पर निशाना
वित्त मंत्री ने कहा, विकास दर आठ प्रतिशत रहेगी
नई दिल्ली। लोकसभा में गुरुवार को बजट पर चर्चा हुई और वित्त मंत्री ने सरकार का पक्ष रखा।
[विज्ञापन_1]
विपक्ष के नेता ने कहा कि महंगाई पर सरकार चुप है।
यह भी पढ़ें: राज्यसभा में नया विधेयक
संसद भवन के बाहर सांसद, 13 मार्च 2025। फोटो: PTI
रिपोर्ट: सीमा राठौर
शेयर करें: Facebook | Twitter | WhatsApp
टिप्पणियाँ (4)
"""


def test_clean_text_end_to_end_on_team_article() -> None:
    text, _ = normalize_text(ARTICLE)
    c = clean_text(text)
    assert c.publisher == "Samachar Setu" and c.published is not None and c.published.value == "2025-03-14"
    assert c.title == "संसद में बजट पर बहस के दौरान विपक्ष ने सरकार पर निशाना"
    assert c.subtitle == "वित्त मंत्री ने कहा, विकास दर आठ प्रतिशत रहेगी"
    assert c.title_span is not None and c.text[c.title_span.start:c.title_span.end] == c.title
    assert c.dateline is not None and c.dateline.text == "नई दिल्ली"
    assert c.byline == "सीमा राठौर"
    assert [cap.credit for cap in c.captions] == ["PTI"] and c.captions[0].date == "2025-03-13"
    kinds = sorted(r.kind for r in c.removed)
    assert kinds == ["ad", "caption", "comments", "header", "read_more", "share"]
    for bad in ("[विज्ञापन_1]", "यह भी पढ़ें", "फोटो: PTI", "Facebook", "टिप्पणियाँ", "Samachar Setu |"):
        assert bad not in c.text
    for r in c.removed:
        assert text[r.start:r.end] == r.text


def test_clean_text_hints_win_over_text() -> None:
    text, _ = normalize_text("भारत और रूस के बीच व्यापार बढ़ा है और आगे भी बढ़ेगा।\nदूसरा अनुच्छेद यहाँ है।")
    c = clean_text(text, {"title": "व्यापार बढ़ा", "publisher": "Desh", "published": "2024-01-05",
                          "url": "https://example.ru/x"})
    assert (c.title, c.title_span, c.publisher) == ("व्यापार बढ़ा", None, "Desh")
    assert c.published is not None and c.published.value == "2024-01-05"
    assert c.translated_from is not None and c.translated_from.language == "ru"


@pytest.mark.parametrize(
    "title, body, truncated",
    [
        ("सीमा पर शांति को बताया संबंधों का आधार", "यह आधारित है।", False),  # complete word, longer one in body
        ("विदेश मंत्री ने की एकजुटता की अपी", "उन्होंने अपील की।", True),  # not a common word
        ("खिलाड़ी ने जीता स्व", "उसने स्वर्ण पदक जीता।", True),
        ("राष्ट्रपति को धन", "धन्यवाद दिया।", True),  # the cut splits a conjunct (न्य)
        ("सरकार ने नया कानून लागू किया", "कानून लागू कियाँ", False),  # function word
    ],
)
def test_title_truncation_uses_word_evidence(title: str, body: str, truncated: bool) -> None:
    assert title_looks_truncated(title, body) is truncated


@pytest.mark.parametrize(
    "url, language",
    [
        ("https://www.nguoiduatin.vn/tong-thong.html", "vi"),
        ("https://tass.ru/politika/1", "ru"),
        ("https://www.inform.kz/ru/indiya-i-kazahstan", "ru"),  # the path names the language
        ("https://www.rfi.fr/hi/bharat/1", None),  # a Hindi edition of a French site
        ("https://www.example.in/news/1", None),
        ("https://www.bbc.com/hindi/1", None),
    ],
)
def test_translation_detected_from_source_url(url: str, language: str | None) -> None:
    from ghatna.ingest.metadata import detect_translation

    found = detect_translation(url, "hi", [])
    assert (found.language if found else None) == language
    if found:
        assert found.evidence and url in found.evidence[0]


@pytest.mark.parametrize("line", [
    "संसद भवन के बाहर सांसद। फोटो: PTI", "संसद भवन के बाहर सांसद। फ़ोटो – रॉयटर्स", "बैठक (Photo Credit: ANI)",
    "बैठक, image - Kremlin.ru", "बैठक। PICTURE：AFP", "उन्होंने कहा कि फोटो खींचना मना है।", "रूस-भारत संबंध मजबूत हैं",
    "फोटो PTI", "बैठक: फोटो", "",
])
def test_caption_quick_tests_never_change_the_answer(line: str) -> None:
    from ghatna.ingest.metadata import _caption_patterns

    full = _caption_patterns()[0].search(line)
    c = parse_caption(line)
    if full is None:
        assert c is None
    elif full.group("credit").strip(" .,"):
        assert c is not None and c.credit_start == full.start()
