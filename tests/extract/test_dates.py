"""Dates: absolute, relative and ranges resolved against an article date; inference; fuzzing.

Every sentence below was written by the team for these tests. Unless a case says otherwise the
article date is Tuesday 2024-06-25.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghatna.extract.dates import article_dates, find_dates, infer_article_date
from ghatna.types import DateRef, DateValue

TUESDAY = "2024-06-25"
N = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731


def _anchor(value: str | None) -> DateValue | None:
    """A DateValue of the granularity its value shows."""
    if value is None:
        return None
    return DateValue(value, {1: "year", 2: "month", 3: "day"}[len(value.split("-"))])


def _find(text: str, anchor: str | None = TUESDAY) -> list[DateRef]:
    """find_dates on NFC text (as the cleaner hands it over)."""
    return find_dates(unicodedata.normalize("NFC", text), _anchor(anchor))


def _only(text: str, span: str, anchor: str | None = TUESDAY) -> DateRef:
    """The one DateRef whose text is ``span``."""
    span = unicodedata.normalize("NFC", span)
    found = [d for d in _find(text, anchor) if d.text == span]
    assert len(found) == 1, [(d.text, d.value) for d in _find(text, anchor)]
    return found[0]


# (sentence, span, value, granularity, range_end, article date)
ABSOLUTE = [
    ("पुतिन 9 नवंबर, 2023 को अस्ताना में थे।", "9 नवंबर, 2023", "2023-11-09", "day", None),
    ("कूटनीतिक संबंध 22 फरवरी, 1992 को स्थापित हुए थे।", "22 फरवरी, 1992", "1992-02-22", "day", None),
    ("पहला सम्मेलन 27 जनवरी, 2022 को वर्चुअल हुआ।", "27 जनवरी, 2022", "2022-01-27", "day", None),
    ("दिसंबर 2004 में संगठन को पर्यवेक्षक का दर्जा मिला।", "दिसंबर 2004", "2004-12", "month", None),
    ("भारत 2017 में पूर्ण सदस्य बना।", "2017", "2017", "year", None),
    ("The talks were held on Oct 21, 2020 in Delhi.", "Oct 21, 2020", "2020-10-21", "day", None),
    ("प्रकाशित: 2024-06-25", "2024-06-25", "2024-06-25", "day", None),
    ("आदेश 21/05/2024 को जारी हुआ।", "21/05/2024", "2024-05-21", "day", None),
    ("रिपोर्ट 05.03.2023 को सदन में रखी गई।", "05.03.2023", "2023-03-05", "day", None),
    ("अनुबंध पर 3 मार्च 2021 को हस्ताक्षर हुए।", "3 मार्च 2021", "2021-03-03", "day", None),
    ("२१ मई २०२४ को मतदान हुआ।", "२१ मई २०२४", "2024-05-21", "day", None),
    ("सितम्बर 2019 में प्रधानमंत्री का दौरा हुआ।", "सितम्बर 2019", "2019-09", "month", None),
    ("फ़रवरी 2020 में दोनों पक्षों की वार्ता हुई।", "फ़रवरी 2020", "2020-02", "month", None),
    ("On 15 August 1947 India became free.", "15 August 1947", "1947-08-15", "day", None),
    ("वह 1st March 2022 को स्वदेश लौटे।", "1st March 2022", "2022-03-01", "day", None),
    ("May 5, 2019 को मतदान हुआ।", "May 5, 2019", "2019-05-05", "day", None),
    ("सन 1992 में दोनों देशों के संबंध बने।", "सन 1992", "1992", "year", None),
    ("वर्ष 2005 में भारत पर्यवेक्षक बना।", "वर्ष 2005", "2005", "year", None),
    ("India News Network | 2024-06-25", "2024-06-25", "2024-06-25", "day", None),
    ("कज़ाखस्तान 2024 एससीओ शिखर सम्मेलन की मेज़बानी करेगा।", "2024", "2024", "year", None),
    ("रिपोर्ट 2024-06 में प्रकाशित हुई।", "2024-06", "2024-06", "month", None),
    ("12/31/2023 को अमेरिकी दूतावास ने सूचना दी।", "12/31/2023", "2023-12-31", "day", None),
    # ranges
    ("कजाकिस्तान जुलाई 2023 से जुलाई 2024 तक अध्यक्ष रहेगा।", "जुलाई 2023 से जुलाई 2024", "2023-07", "month", "2024-07"),
    ("सम्मेलन 20-22 मई 2024 को होगा।", "20-22 मई 2024", "2024-05-20", "day", "2024-05-22"),
    ("वे 2001 से 2005 तक राजदूत रहे।", "2001 से 2005", "2001", "year", "2005"),
    ("वित्त वर्ष 2023-24 में निर्यात बढ़ा।", "2023-24", "2023", "year", "2024"),
    ("2019-2022 के दौरान व्यापार दोगुना हुआ।", "2019-2022", "2019", "year", "2022"),
    ("1990 के दशक में आर्थिक सुधार हुए।", "1990 के दशक", "1990", "year", "1999"),
    ("In the 1990s trade with Russia grew.", "1990s", "1990", "year", "1999"),
    ("मार्च से जून 2024 तक अभियान चला।", "मार्च से जून 2024", "2024-03", "month", "2024-06"),
    ("1 जनवरी 2020 से 31 दिसंबर 2022 तक समझौता लागू रहा।", "1 जनवरी 2020 से 31 दिसंबर 2022", "2020-01-01", "day",
     "2022-12-31"),
]


@pytest.mark.parametrize(("text", "span", "value", "granularity", "range_end"), ABSOLUTE)
def test_find_dates_absolute_resolves_stated_value(text, span, value, granularity, range_end):
    d = _only(text, span)
    assert (d.value, d.granularity, d.range_end, d.kind) == (value, granularity, range_end, "stated")


# (sentence, span, value, granularity, range_end, article date)
RELATIVE = [
    ("परिषद की बैठक 21 मई को हुई।", "21 मई", "2024-05-21", "day", None, TUESDAY),
    ("विदेश मंत्री 20 मई को अस्ताना पहुंचे।", "20 मई", "2024-05-20", "day", None, TUESDAY),
    ("मेला 21 से 23 मई तक चला।", "21 से 23 मई", "2024-05-21", "day", "2024-05-23", TUESDAY),
    ("मंगलवार को दोनों नेताओं ने फोन पर बात की।", "मंगलवार", "2024-06-25", "day", None, TUESDAY),
    ("सोमवार को संसद की बैठक हुई।", "सोमवार", "2024-06-24", "day", None, TUESDAY),
    ("रविवार को विपक्ष की रैली हुई थी।", "रविवार", "2024-06-23", "day", None, TUESDAY),
    ("शुक्रवार को वे दिल्ली जाएंगे।", "शुक्रवार", "2024-06-28", "day", None, TUESDAY),
    ("गुरुवार को दोनों देशों के बीच समझौता होने वाला है।", "गुरुवार", "2024-06-27", "day", None, TUESDAY),
    ("पिछले मंगलवार को नई नीति की घोषणा हुई।", "पिछले मंगलवार", "2024-06-18", "day", None, TUESDAY),
    ("अगले सोमवार को मंत्रिमंडल की बैठक होगी।", "अगले सोमवार", "2024-07-01", "day", None, TUESDAY),
    ("कल बैठक हुई थी।", "कल", "2024-06-24", "day", None, TUESDAY),
    ("कल बैठक होगी।", "कल", "2024-06-26", "day", None, TUESDAY),
    ("कल होने वाली बैठक में मंत्री ने भाग लिया।", "कल", "2024-06-24", "day", None, TUESDAY),
    ("कल भारत और चीन के बीच वार्ता होगी।", "कल", "2024-06-26", "day", None, TUESDAY),
    ("आज प्रधानमंत्री ने राष्ट्र को संबोधित किया।", "आज", "2024-06-25", "day", None, TUESDAY),
    ("परसों चुनाव परिणाम आएंगे।", "परसों", "2024-06-27", "day", None, TUESDAY),
    ("परसों मतदान हुआ था।", "परसों", "2024-06-23", "day", None, TUESDAY),
    ("बीते दिन राजधानी में हादसा हुआ।", "बीते दिन", "2024-06-24", "day", None, TUESDAY),
    ("The leaders met yesterday in Astana.", "yesterday", "2024-06-24", "day", None, TUESDAY),
    ("पिछले वर्ष नवंबर में पुतिन ने अस्ताना का दौरा किया।", "पिछले वर्ष नवंबर", "2023-11", "month", None, TUESDAY),
    ("इस वर्ष जुलाई में शिखर सम्मेलन होगा।", "इस वर्ष जुलाई", "2024-07", "month", None, TUESDAY),
    ("अगले साल मार्च में चुनाव होंगे।", "अगले साल मार्च", "2025-03", "month", None, TUESDAY),
    ("अगले महीने चुनाव होंगे।", "अगले महीने", "2024-07", "month", None, TUESDAY),
    ("पिछले महीने दोनों देशों में समझौता हुआ।", "पिछले महीने", "2024-05", "month", None, TUESDAY),
    ("इस महीने की शुरुआत में कीमतें बढ़ीं।", "इस महीने", "2024-06", "month", None, TUESDAY),
    ("कुछ दिन पहले दोनों राष्ट्रपतियों की बात हुई।", "कुछ दिन पहले", "2024-06", "month", None, TUESDAY),
    ("कुछ महीने पहले यह फैसला लिया गया।", "कुछ महीने पहले", "2024-03", "month", None, TUESDAY),
    ("पिछले सप्ताह विदेश मंत्री भारत आए।", "पिछले सप्ताह", "2024-06-17", "day", "2024-06-23", TUESDAY),
    ("अगले हफ्ते प्रधानमंत्री जापान जाएंगे।", "अगले हफ्ते", "2024-07-01", "day", "2024-07-07", TUESDAY),
    ("दो दिन पहले सीमा पर गोलीबारी हुई।", "दो दिन पहले", "2024-06-23", "day", None, TUESDAY),
    ("10 दिन पहले जांच रिपोर्ट आई।", "10 दिन पहले", "2024-06-15", "day", None, TUESDAY),
    ("एक सप्ताह पहले राजदूत स्वदेश लौटे।", "एक सप्ताह पहले", "2024-06-18", "day", None, TUESDAY),
    ("तीन साल पहले यह समझौता हुआ था।", "तीन साल पहले", "2021", "year", None, TUESDAY),
    ("पांच साल बाद परियोजना पूरी होगी।", "पांच साल बाद", "2029", "year", None, TUESDAY),
    ("पिछले साल भारत ने अध्यक्षता की।", "पिछले साल", "2023", "year", None, TUESDAY),
    ("अगले वर्ष आम चुनाव होंगे।", "अगले वर्ष", "2025", "year", None, TUESDAY),
    ("इस साल व्यापार में तेज़ी आई है।", "इस साल", "2024", "year", None, TUESDAY),
    ("पिछले नवंबर में वार्ता का पहला दौर हुआ।", "पिछले नवंबर", "2023-11", "month", None, TUESDAY),
    ("अगले मार्च तक पुल बनकर तैयार होगा।", "अगले मार्च", "2025-03", "month", None, TUESDAY),
    ("पिछले 10 वर्षों में व्यापार दोगुना हुआ।", "पिछले 10 वर्षों", "2014", "year", "2024", TUESDAY),
    ("15 तारीख को बोर्ड की बैठक हुई।", "15 तारीख", "2024-06-15", "day", None, TUESDAY),
    ("30 तारीख को परीक्षा के नतीजे आएंगे।", "30 तारीख", "2024-06-30", "day", None, TUESDAY),
    ("नवंबर में चुनाव हुए थे।", "नवंबर", "2023-11", "month", None, TUESDAY),
    ("नवंबर में चुनाव होंगे।", "नवंबर", "2024-11", "month", None, TUESDAY),
    ("15 अगस्त को स्वतंत्रता दिवस है।", "15 अगस्त", "2024-08-15", "day", None, TUESDAY),
    ("28 दिसंबर को बैठक हुई।", "28 दिसंबर", "2023-12-28", "day", None, "2024-01-05"),
    ("2 जनवरी को बैठक होगी।", "2 जनवरी", "2024-01-02", "day", None, "2023-12-20"),
    ("20 मई को प्रतिनिधिमंडल पहुंचा।", "20 मई", "2024-05-20", "day", None, "2024-05"),
    ("पिछले वर्ष नवंबर में दौरा हुआ।", "पिछले वर्ष नवंबर", "2023-11", "month", None, "2024-05"),
    ("कुछ दिन पहले फोन पर बात हुई।", "कुछ दिन पहले", "2024-05", "month", None, "2024-05"),
    ("मंगलवार को बैठक हुई।", "मंगलवार", "2024-05", "month", None, "2024-05"),
]


@pytest.mark.parametrize(("text", "span", "value", "granularity", "range_end", "anchor"), RELATIVE)
def test_find_dates_relative_resolves_against_anchor(text, span, value, granularity, range_end, anchor):
    d = _only(text, span, anchor)
    assert (d.value, d.granularity, d.range_end, d.kind) == (value, granularity, range_end, "relative")


def test_find_dates_count_of_dates_tested_is_at_least_sixty():
    assert len(ABSOLUTE) + len(RELATIVE) >= 60


@pytest.mark.parametrize("text", [
    "भारत का इतिहास 2000 से अधिक वर्षों से पुराना है।",
    "लगभग 1500 लोग सभा में मौजूद थे।",
    "कुल 2024 रुपये खर्च हुए।",
    "कला और संस्कृति मंत्रालय ने प्रदर्शनी लगाई।",
    "कलाकारों ने शहर में मार्च निकाला।",
    "आज़ादी के बाद देश ने तरक्की की।",
    "खबर https://example.com/2024/06/25/news पर है।",
    "संस्करण 2.5.1 जारी किया गया।",
    "17वीं एससीओ बैठक और 30वीं वर्षगांठ।",
    "स्कोर 10-9 रहा।",
    "अगले दिन वे घर लौटे।",
])
def test_find_dates_ignores_numbers_and_words_that_are_not_dates(text):
    assert _find(text) == []


def test_find_dates_without_anchor_keeps_relative_unresolved():
    d = _only("21 मई को बैठक हुई।", "21 मई", None)
    assert (d.value, d.kind, d.pattern, d.shift) == (None, "relative", "XXXX-05-21", "")
    d = _only("पिछले वर्ष नवंबर में दौरा हुआ।", "पिछले वर्ष नवंबर", None)
    assert (d.value, d.pattern, d.shift) == (None, "XXXX-11", "-P1Y")


def test_find_dates_marks_vague_distance_approximate():
    assert _only("कुछ दिन पहले बात हुई।", "कुछ दिन पहले").approximate
    assert not _only("दो दिन पहले बात हुई।", "दो दिन पहले").approximate


def test_find_dates_offsets_slice_the_text_and_do_not_overlap():
    text = "21 मई को बैठक हुई, 9 नवंबर, 2023 को दौरा और पिछले सप्ताह वार्ता। कल फिर मिलेंगे।"
    found = _find(text)
    assert [d.text for d in found] == ["21 मई", "9 नवंबर, 2023", "पिछले सप्ताह", "कल"]
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    assert all(text[d.start:d.end] == d.text for d in found)


def test_find_dates_records_round_trip_through_dict():
    for d in _find("जुलाई 2023 से जुलाई 2024 तक, मंगलवार को"):
        assert DateRef.from_dict(d.to_dict()) == d


def test_find_dates_as_value_gives_date_value():
    d = _only("मंगलवार को बैठक हुई।", "मंगलवार")
    assert d.as_value() == DateValue("2024-06-25", "day", "relative")


# ---- article date inference ------------------------------------------------------------------

def test_infer_article_date_ties_relative_cue_to_stated_date():
    text = "पिछले वर्ष मार्च में समझौता हुआ। समझौता 15 मार्च, 2022 को हुआ था। 3 जून को मंत्री आए।"
    assert infer_article_date(text, find_dates(text)) == DateValue("2023-06", "month", "inferred")


def test_infer_article_date_without_yearless_days_gives_the_year():
    text = "भारत 2019 में सदस्य बना और 2021 में अध्यक्ष।"
    assert infer_article_date(text, find_dates(text)) == DateValue("2021", "year", "inferred")


def test_infer_article_date_skips_deadlines():
    text = "2019 में योजना शुरू हुई। लक्ष्य 2030 तक पूरा होगा।"
    assert infer_article_date(text, find_dates(text)) == DateValue("2019", "year", "inferred")


def test_infer_article_date_without_evidence_is_none():
    text = "दोनों नेताओं ने बातचीत की।"
    assert infer_article_date(text, find_dates(text)) is None


def test_infer_article_date_takes_latest_yearless_month():
    text = "इस वर्ष जनवरी में 2 जनवरी, 2024 को बैठक हुई। 30 अप्रैल को और 2 मई को फिर मिले।"
    assert infer_article_date(text, find_dates(text)) == DateValue("2024-05", "month", "inferred")


# ---- robustness ------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list(
    "0123456789०१२३४५६७८९ -–/.,:।?!\"'()\n"
    "कखगघचजटडतथदधनपफबभमयरलवशसहािीुूेैोौंँ़्"
    "abcdefghijklmnopqrstuvwxyzADJMNOS"
))
_WORDS = st.sampled_from([
    "मई", "21", "2024", "से", "तक", "पिछले", "वर्ष", "नवंबर", "कल", "मंगलवार", "को", "कुछ", "दिन", "पहले",
    "इस", "अगले", "महीने", "सप्ताह", "Oct", "21,", "2020", "2023-24", "1990", "के", "दशक", "तारीख", "31",
    "29", "फरवरी", "00", "9999", "हुई", "होगी", "-", " ", "\n", "।", "\"",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(_ALPHABET, max_size=80), st.lists(_WORDS, max_size=25).map(" ".join)),
       st.sampled_from([None, "2024-06-25", "2024-05", "2024", "2000-02-29", "0001-01-01", "9999-12-31", "x"]))
def test_find_dates_never_raises_and_keeps_offsets(text, anchor_value):
    anchor = None if anchor_value is None else DateValue(
        anchor_value, {1: "year", 2: "month", 3: "day"}.get(len(anchor_value.split("-")), "day"))
    found = find_dates(text, anchor)
    for d in found:
        assert text[d.start:d.end] == d.text
        assert d.granularity in ("day", "month", "year")
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    infer_article_date(text, found)


# ---- the shared sample articles (raw text; the cleaner's output may not exist yet) -------------

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def _sample(stem: str) -> tuple[str, dict]:
    """Raw text and expected JSON of a shared sample."""
    path = SAMPLES / f"{stem}.txt"
    if not path.exists():
        pytest.fail(f"{path} is missing: tests need ../shared beside the repository")
    expected = json.loads((SAMPLES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")), expected


def test_sample_000_article_date_is_inferred_from_its_own_evidence():
    text, expected = _sample("000_cb69fbd326acacde")
    inferred = infer_article_date(text, find_dates(text))
    assert inferred is not None
    assert (inferred.value, inferred.kind) == (expected["document"]["published"]["value"], "inferred")
    found = {d.text: d for d in find_dates(text, inferred)}
    assert all(text[d.start:d.end] == d.text for d in found.values())
    values = {d.value for d in found.values()}
    # event dates (20 and 21 May, last November, "a few days ago") and fact dates (2001, Dec 2004)
    assert {"2024-05-20", "2024-05-21", "2023-11", "2024-05", "2001", "2004-12", "2023-11-09"} <= values
    chair = found[N("जुलाई 2023 से जुलाई 2024")]
    assert (chair.value, chair.range_end) == ("2023-07", "2024-07")


def test_sample_002_dates_resolve_against_the_header_date():
    text, expected = _sample("002_5b730da54bd7f90e")
    header = find_dates(text.split("\n", 1)[0])
    assert [d.value for d in header] == [expected["document"]["published"]["value"]]
    found = find_dates(text, header[0].as_value())
    by_text = {d.text: d.value for d in found}
    assert by_text[N("मंगलवार")] == "2024-06-25"
    assert by_text[N("इस वर्ष जुलाई")] == "2024-07"
    assert {"2005", "2017", "1992-02-22", "2009", "2022-01-27", "2023"} <= set(by_text.values())
    assert "2000" not in by_text  # "2000 से अधिक वर्षों" counts years


@pytest.mark.parametrize(("text", "span", "value", "granularity", "range_end"), [
    ("यह यान पिछले वर्ष 2 सितंबर को प्रक्षेपित हुआ।", "पिछले वर्ष 2 सितंबर", "2023-09-02", "day", None),
    ("हमने आने वाले वर्षों में साझेदारी बढ़ाने की बात की।", "आने वाले वर्षों", "2024", "year", "2027"),
    ("पिछले दिनों राज्य में भारी बारिश हुई।", "पिछले दिनों", "2024-06", "month", None),
])
def test_find_dates_year_with_day_and_vague_stretches(text, span, value, granularity, range_end):
    d = _only(text, span)
    assert (d.value, d.granularity, d.range_end) == (value, granularity, range_end)


@pytest.mark.parametrize("text", [
    "17 वर्ष बाद भारत ने यह खिताब जीता।",  # years after a past event, not after the article date
    "इससे एक दिन पहले मंत्रियों की बैठक हुई।",  # a day before another event
    "चुनाव से दो साल पहले गठबंधन टूटा।",
    "सुरक्षा परिषद के प्रस्ताव 1701 का पालन हो।",  # a resolution number
])
def test_find_dates_skips_distances_from_other_events_and_labels(text):
    assert _find(text) == []


def test_infer_article_date_uses_stated_dates_of_its_year_and_ignores_future_ones():
    text = "14 जुलाई को यान प्रक्षेपित हुआ था। लैंडर उतरा, 23 अगस्त 2023। अगला मिशन मार्च 2025 में भेजा जाएगा।"
    assert infer_article_date(text, find_dates(text)) == DateValue("2023-08", "month", "inferred")


def test_article_dates_prefers_the_stated_date_and_infers_otherwise():
    text = "पिछले वर्ष नवंबर में दौरा हुआ। 21 मई को बैठक हुई। फोटो: 9 नवंबर, 2023"
    stated = DateValue("2024-06-25", "day")
    anchor, dates = article_dates(text, stated)
    assert anchor == stated and dates == find_dates(text, stated)
    anchor, dates = article_dates(text, None)
    assert anchor == DateValue("2024-05", "month", "inferred")
    assert [d.value for d in dates] == ["2023-11", "2024-05-21", "2023-11-09"]


@pytest.mark.parametrize(("text", "expected"), [
    ("राज्य में 6 और 11 नवंबर को मतदान होगा।", [("6", "2024-11-06"), ("11 नवंबर", "2024-11-11")]),
    ("4, 5 व 6 मई 2023 को परीक्षा हुई।", [("4", "2023-05-04"), ("5", "2023-05-05"), ("6 मई 2023", "2023-05-06")]),
    ("भारत ने मैच 3-1 से जीता और 6 मई को फाइनल हुआ।", [("6 मई", "2024-05-06")]),
])
def test_find_dates_days_listed_before_one_month(text, expected):
    assert [(d.text, d.value) for d in _find(text)] == expected


# ---- lead positions: patterns tried where they can start find what scanning the text finds -------

_EDGE = ["Jan. 5, 2024 और 5 Jan 2024", "पिछले वर्ष 2 सितंबर, इस वर्ष जुलाई, अगले मंगलवार", "x2024-06-25 और 2023-24",
         "a few days ago; कुछ दिन पहले; 1990s; 2000 के दशक", "२०२४ में १५ तारीख को", "सन 1992 से 1995 तक, 20-22 मई",
         "मई में, MAY 2024, may 3rd 2024", "12/05/2024 12.05.24 1,2024 ३१ दिसंबर"]


def _naive_matches(text: str) -> list[tuple[str, int, int]]:
    from ghatna.extract.date_lexicon import lexicon

    return [(name, m.start(), m.end()) for name, p in lexicon().patterns for m in p.finditer(text)]


def _lead_matches(text: str) -> list[tuple[str, int, int]]:
    from ghatna.extract.date_lexicon import lexicon
    from ghatna.extract.dates import _matches

    return [(name, m.start(), m.end()) for name, m in _matches(text, lexicon())]


def test_lead_positions_find_every_match_of_every_pattern():
    names = set()
    for text in _EDGE:
        got = _lead_matches(text)
        assert got == _naive_matches(text), text
        names.update(name for name, _, _ in got)
    assert {"dmy", "mdy", "md_en", "iso", "numeric", "rel_year_day", "rel_month_year", "rel_weekday", "ago",
            "decade", "decade_en", "year_dash", "year", "month_bare", "day_of_month", "day_range"} <= names


def test_lead_positions_on_whole_articles():
    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt"))[:12]
    assert examples
    for path in examples:
        text = path.read_text(encoding="utf-8")
        assert _lead_matches(text) == _naive_matches(text), path.name


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(_ALPHABET, max_size=60), st.lists(_WORDS, max_size=25).map(" ".join)))
def test_lead_positions_agree_on_random_strings(text):
    assert _lead_matches(text) == _naive_matches(text)


def test_article_dates_resolves_the_same_expressions_as_find_dates():
    text = "पिछले वर्ष नवंबर में दौरा हुआ। 21 मई को बैठक हुई। मंगलवार को 9 नवंबर, 2023 की बात हुई।"
    anchor, dates = article_dates(text, None)
    assert anchor == infer_article_date(text, find_dates(text))
    assert dates == find_dates(text, anchor)
    day = DateValue("2024-06-25", "day")
    assert article_dates(text, day) == (day, find_dates(text, day))


def test_load_resources_compiles_the_lexicon_once():
    from ghatna.extract.date_lexicon import lexicon
    from ghatna.extract.dates import load_resources

    load_resources()
    assert lexicon.cache_info().currsize == 1
    load_resources()
    assert lexicon.cache_info().currsize == 1 and lexicon() is lexicon()
