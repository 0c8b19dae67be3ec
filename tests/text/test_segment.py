"""Sentence split: terminators, abbreviations, numbers, URLs, quotations, paragraphs, offsets."""

from __future__ import annotations

import doctest
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghatna.text import segment
from ghatna.text.segment import paragraph_spans, quotation_spans, split_sentences


def _texts(text: str) -> list[str]:
    """Sentence texts of NFC ``text``."""
    return [s.text for s in split_sentences(unicodedata.normalize("NFC", text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("भारत ने बधाई दी। रूस ने धन्यवाद किया।", ["भारत ने बधाई दी।", "रूस ने धन्यवाद किया।"]),
    ("क्या वार्ता होगी? हाँ, अगले सप्ताह! तैयारी पूरी है।", ["क्या वार्ता होगी?", "हाँ, अगले सप्ताह!", "तैयारी पूरी है।"]),
    ("बैठक खत्म हुई।नतीजा अच्छा रहा।", ["बैठक खत्म हुई।", "नतीजा अच्छा रहा।"]),
    ("बैठक खत्म हुई | नतीजा अच्छा रहा |", ["बैठक खत्म हुई |", "नतीजा अच्छा रहा |"]),
    ("India News Network | 2024-06-25", ["India News Network | 2024-06-25"]),
    ("डॉ. शर्मा और प्रो. वर्मा ने भाग लिया।", ["डॉ. शर्मा और प्रो. वर्मा ने भाग लिया।"]),
    ("Mr. Modi met Dr. Tokayev. They spoke.", ["Mr. Modi met Dr. Tokayev.", "They spoke."]),
    ("विकास दर 2.5 प्रतिशत रही। महंगाई घटी।", ["विकास दर 2.5 प्रतिशत रही।", "महंगाई घटी।"]),
    ("विवरण www.mea.gov.in पर है। देखें।", ["विवरण www.mea.gov.in पर है।", "देखें।"]),
    ("ए.पी.जे. अब्दुल कलाम राष्ट्रपति थे।", ["ए.पी.जे. अब्दुल कलाम राष्ट्रपति थे।"]),
    ("The U.S. embassy issued a note. It was brief.", ["The U.S. embassy issued a note.", "It was brief."]),
    ("1. पहला बिंदु यह है।", ["1. पहला बिंदु यह है।"]),
    ("वह घर पर है. फिर बाज़ार गया.", ["वह घर पर है.", "फिर बाज़ार गया."]),
    ("वे आए... और चले गए।", ["वे आए... और चले गए।"]),
    ("रु. 500 का जुर्माना लगा। मामला खत्म।", ["रु. 500 का जुर्माना लगा।", "मामला खत्म।"]),
    ("पहली पंक्ति बिना विराम\nदूसरी पंक्ति।", ["पहली पंक्ति बिना विराम", "दूसरी पंक्ति।"]),
    ("सूची (देखें पृष्ठ 2।) में है।", ["सूची (देखें पृष्ठ 2।)", "में है।"]),
])
def test_split_sentences_boundaries(text, expected):
    assert _texts(text) == [unicodedata.normalize("NFC", e) for e in expected]


def test_split_sentences_quote_sentences_share_quote_open():
    text = 'तोकायेव ने कहा, "रूस साझेदार है। हम उस पर निर्भर हैं।" फिर बैठक हुई।'
    sents = split_sentences(text)
    assert [s.text for s in sents] == ['तोकायेव ने कहा, "रूस साझेदार है।', 'हम उस पर निर्भर हैं।"', "फिर बैठक हुई।"]
    opening = text.index('"')
    assert [s.quote_open for s in sents] == [opening, opening, None]


def test_split_sentences_single_sentence_quote_has_no_quote_open():
    sents = split_sentences('उन्होंने कहा, "निवेश बढ़ रहा है।" बैठक खत्म हुई।')
    assert [s.quote_open for s in sents] == [None, None]


def test_split_sentences_keeps_attribution_after_closing_quote():
    text = '"अच्छी बातचीत हुई। धन्यवाद दिया।"- प्रधानमंत्री मोदी ने X पर पोस्ट किया।'
    assert [s.text for s in split_sentences(text)] == [
        '"अच्छी बातचीत हुई।', 'धन्यवाद दिया।"- प्रधानमंत्री मोदी ने X पर पोस्ट किया।']


def test_split_sentences_curly_quotes_and_unclosed_quote_at_line_end():
    text = "उन्होंने कहा, “हम तैयार हैं। काम शुरू होगा।”\nउसने कहा, \"अधूरा उद्धरण। दूसरा वाक्य।\nनई पंक्ति।"
    sents = split_sentences(text)
    assert sents[0].quote_open == sents[1].quote_open == text.index("“")
    assert sents[2].quote_open == sents[3].quote_open == text.index('"')
    assert sents[4].quote_open is None


def test_split_sentences_paragraph_numbers_skip_blank_lines():
    sents = split_sentences("पहला। दूसरा।\n\n  \nतीसरा।\n")
    assert [(s.text, s.paragraph) for s in sents] == [("पहला।", 0), ("दूसरा।", 0), ("तीसरा।", 1)]


def test_split_sentences_cuts_overlong_sentence_at_space():
    text = "शब्द " * 30
    sents = split_sentences(text, max_chars=20)
    assert all(len(s.text) <= 20 for s in sents)
    assert " ".join(s.text for s in sents) == text.strip()


def test_paragraph_spans_and_quotation_spans_offsets():
    text = ' क "ख ग" \n\n“घ”'
    assert [(p.start, p.text) for p in paragraph_spans(text)] == [(1, 'क "ख ग"'), (11, "“घ”")]
    assert [q.text for q in quotation_spans(text)] == ['"ख ग"', "“घ”"]


def test_quotation_spans_ignore_apostrophes_inside_words():
    assert [q.text for q in quotation_spans("Modi’s visit and ‘Make in India’ plan")] == ["‘Make in India’"]


_ALPHABET = st.sampled_from(list("कखगमनरलसहािीुेो्ं .।?!|\"“”‘’'()\n0123456789डॉप्रोMrD"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=120), st.integers(min_value=1, max_value=60))
def test_split_sentences_partitions_non_space_text(text, max_chars):
    sents = split_sentences(text, max_chars=max_chars)
    covered = set()
    for s in sents:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert "\n" not in s.text
        assert len(s.text) <= max_chars
        covered.update(range(s.start, s.end))
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


def test_docstring_examples_run():
    result = doctest.testmod(segment)
    assert result.attempted > 0 and result.failed == 0
