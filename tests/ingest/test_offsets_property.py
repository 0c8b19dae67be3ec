"""Property: for any scraped-looking document, every clean-text span maps back to the same raw characters."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from ghatna.config import Settings
from ghatna.errors import InputError
from ghatna.ingest.article import build_article
from ghatna.text.normalize import normalize_text
from ghatna.types import RawRecord, SourceRef

# building blocks of team-written scraped articles, with the noise real pages carry
_PROSE = st.sampled_from([
    "विदेश मंत्री ने मंगलवार को मास्को में अपने रूसी समकक्ष से मुलाकात की।",
    "भारत और कज़ाख़स्तान के बीच व्यापार 27 अरब डॉलर तक पहुंचा।",
    "उन्होंने कहा, \"हम मिलकर काम करेंगे।\"",
    "SCO शिखर सम्मेलन अगले महीने अस्ताना में होगा।",
    "प्रधानमंत्री ने X पर पोस्ट किया कि बातचीत अच्छी रही",
])
_NOISE = st.sampled_from(["", "\u200b", "\ufeff", "\u00a0", "\u202e", "\r", "\u095b", "क\u093c", "  ", "\t"])
_BOILER = st.sampled_from([
    "[विज्ञापन_1]", "टिप्पणी (3)", "स्रोत: https://example.ru/news/1", "यह भी पढ़ें: बजट की बातें",
    "शेयर करें: Facebook | Twitter", "Desh Samachar | 2024-02-11", "दोनों नेता हाथ मिलाते हुए, 3 मार्च 2024। फोटो: PTI",
    "रिपोर्ट: कविता शर्मा", "नई दिल्ली। संसद में बहस हुई।",
])


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(_PROSE, _BOILER), min_size=1, max_size=10))
    out = []
    for line in lines:
        cut = draw(st.integers(0, len(line)))
        out.append(line[:cut] + draw(_NOISE) + line[cut:] + draw(_NOISE))
    sep = draw(st.sampled_from(["\n", "\r\n", "\n\n", "\n \n"]))
    return sep.join(out)


@given(documents(), st.data())
@hsettings(max_examples=150, deadline=None)
def test_clean_spans_map_back_to_raw(doc: str, data: st.DataObject) -> None:
    try:
        article = build_article(RawRecord(SourceRef("gen.txt"), doc.encode("utf-8")), Settings())
    except InputError:
        return  # all-boilerplate documents are rejected, which is correct
    text, raw = article.text, article.raw
    assert raw == doc.removeprefix("\ufeff")  # a leading BOM is the encoding's, not the text's
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    rs, re_ = article.raw_span(start, end)
    assert 0 <= rs <= re_ <= len(raw)
    # a span may cut an indivisible block (a character NFC turned into two): widen it to whole blocks
    for seg in article.offset_map.segments:
        if not seg.linear and seg.start < start < seg.end:
            start = seg.start
        if not seg.linear and seg.start < end < seg.end:
            end = seg.end
    rs, re_ = article.raw_span(start, end)
    piece = text[start:end]
    if "\n" not in piece:
        # within a line the raw characters normalise to exactly the clean ones
        assert normalize_text(raw[rs:re_])[0] == piece
    for b in article.boilerplate:
        assert normalize_text(raw[b.raw_start:b.raw_end])[0].strip() == b.text
    for cap in article.photo_captions:
        assert text[cap.start:cap.end] == cap.text
    if article.title_span is not None:
        assert text[article.title_span.start:article.title_span.end] == article.title
