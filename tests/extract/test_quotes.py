"""Quotes: every attribution pattern, speaker spans and pronoun chaining on team-written Hindi.

Each case lists every quote the passage holds as (start of quote, direct, speaker, resolved
speaker, cue); a missing or an extra quote fails the case.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from ghatna.extract.quotes import find_quotes
from ghatna.types import QuoteSpan

N = lambda s: None if s is None else unicodedata.normalize("NFC", s)  # noqa: E731

CASES = [
    # 1 cue before: X ने कहा, "…"
    ('विदेश मंत्री ने कहा, "भारत शांति का पक्षधर है।"',
     [("भारत शांति का पक्षधर है।", True, "विदेश मंत्री", "विदेश मंत्री", "ने कहा")]),
    # 2 cue after: "…," X ने कहा।
    ('"हम इस समझौते का स्वागत करते हैं," प्रधानमंत्री ने कहा।',
     [("हम इस समझौते का स्वागत करते हैं", True, "प्रधानमंत्री", "प्रधानमंत्री", "ने कहा")]),
    # 3 cue after with a compound verb
    ('"दोनों देशों के संबंध मज़बूत हैं," जर्मन चांसलर ने निष्कर्ष निकाला।',
     [("दोनों देशों के संबंध मज़बूत हैं", True, "जर्मन चांसलर", "जर्मन चांसलर", "ने निष्कर्ष निकाला")]),
    # 4 "…"- X ने X पर पोस्ट किया
    ('"आज की बातचीत बहुत उपयोगी रही।"- राष्ट्रपति बाइडेन ने X पर पोस्ट किया।',
     [("आज की बातचीत बहुत उपयोगी रही।", True, "राष्ट्रपति बाइडेन", "राष्ट्रपति बाइडेन", "ने X पर पोस्ट किया")]),
    # 5 a quotation of three sentences is one quote
    ('रक्षा मंत्री ने कहा, "सीमा पर हालात सामान्य हैं। सेना पूरी तरह तैयार है। किसी को चिंता करने की ज़रूरत नहीं है।"',
     [("सीमा पर हालात सामान्य हैं। सेना पूरी तरह तैयार है। किसी को चिंता करने की ज़रूरत नहीं है।", True,
       "रक्षा मंत्री", "रक्षा मंत्री", "ने कहा")]),
    # 6 reported speech: X ने कहा कि …
    ("गृह मंत्री ने कहा कि राज्य में कानून व्यवस्था बनी रहेगी।",
     [("राज्य में कानून व्यवस्था बनी रहेगी", False, "गृह मंत्री", "गृह मंत्री", "ने कहा")]),
    # 7 X के अनुसार, …
    ("पुलिस के अनुसार, हादसे में तीन लोग घायल हुए।",
     [("हादसे में तीन लोग घायल हुए", False, "पुलिस", "पुलिस", "के अनुसार")]),
    # 8 pronoun speaker resolved to the previous ने-subject
    ('वित्त मंत्री ने संसद में बजट पेश किया। उन्होंने कहा, "यह बजट किसानों के लिए है।"',
     [("यह बजट किसानों के लिए है।", True, "उन्होंने", "वित्त मंत्री", "कहा")]),
    # 9 "उन्होंने आगे कहा कि "…"" chained to the previous quote's speaker
    ('राष्ट्रपति पुतिन ने कहा, "रूस बातचीत के लिए तैयार है।" उन्होंने आगे कहा कि "प्रतिबंधों से कुछ हासिल नहीं होगा।"',
     [("रूस बातचीत के लिए तैयार है।", True, "राष्ट्रपति पुतिन", "राष्ट्रपति पुतिन", "ने कहा"),
      ("प्रतिबंधों से कुछ हासिल नहीं होगा।", True, "उन्होंने", "राष्ट्रपति पुतिन", "कहा")]),
    # 10 a paragraph that is all quotation continues the previous speaker
    ('मुख्यमंत्री ने कहा, "राज्य में निवेश बढ़ रहा है।"\n"हमने उद्योगों के लिए नई नीति बनाई है और इससे रोज़गार बढ़ेगा।"',
     [("राज्य में निवेश बढ़ रहा है।", True, "मुख्यमंत्री", "मुख्यमंत्री", "ने कहा"),
      ("हमने उद्योगों के लिए नई नीति बनाई है", True, None, "मुख्यमंत्री", None)]),
    # 11 genitive subject: X का कहना है कि …
    ("विशेषज्ञों का कहना है कि महंगाई अगले महीने घटेगी।",
     [("महंगाई अगले महीने घटेगी", False, "विशेषज्ञों", "विशेषज्ञों", "कहना है")]),
    # 12 genitive pronoun resolved to the previous subject
    ("कंपनी के प्रवक्ता ने बयान जारी किया। उनका कहना है कि उत्पादन जल्द शुरू होगा।",
     [("उत्पादन जल्द शुरू होगा", False, "उनका", "कंपनी के प्रवक्ता", "कहना है")]),
    # 13 attribution at the end: …, X ने बताया।
    ("दोनों देश व्यापार बढ़ाने पर सहमत हुए, विदेश मंत्रालय ने बताया।",
     [("दोनों देश व्यापार बढ़ाने पर सहमत हुए", False, "विदेश मंत्रालय", "विदेश मंत्रालय", "ने बताया")]),
    # 14 a speaker with its acronym in brackets
    ("भारतीय रिज़र्व बैंक (आरबीआई) ने कहा कि ब्याज दरें स्थिर रहेंगी।",
     [("ब्याज दरें स्थिर रहेंगी", False, "भारतीय रिज़र्व बैंक (आरबीआई)", "भारतीय रिज़र्व बैंक (आरबीआई)", "ने कहा")]),
    # 15 a participle clause before the speaker is not part of the name
    ('संवाददाताओं से बात करते हुए सांसद ने कहा, "हम संसद में यह मुद्दा उठाएंगे।"',
     [("हम संसद में यह मुद्दा उठाएंगे।", True, "सांसद", "सांसद", "ने कहा")]),
    # 16 a scare-quoted word is no quotation
    ('सरकार ने इस योजना को "ऐतिहासिक" बताया।', []),
    # 17 a quoted title is no quotation
    ('उन्होंने "मेक इन इंडिया" अभियान की चर्चा की।', []),
    # 18 headline style: X: "…"
    ('राहुल गांधी: "देश में बेरोज़गारी सबसे बड़ा मुद्दा है"',
     [("देश में बेरोज़गारी सबसे बड़ा मुद्दा है", True, "राहुल गांधी", "राहुल गांधी", ":")]),
    # 19 curly quotation marks
    ("प्रधानमंत्री ने कहा, “हम मिलकर आगे बढ़ेंगे।”",
     [("हम मिलकर आगे बढ़ेंगे।", True, "प्रधानमंत्री", "प्रधानमंत्री", "ने कहा")]),
    # 20 two speakers joined by और
    ("मोदी और पुतिन ने संयुक्त बयान में कहा कि दोनों देश सहयोग बढ़ाएंगे।",
     [("दोनों देश सहयोग बढ़ाएंगे", False, "मोदी और पुतिन", "मोदी और पुतिन", "कहा")]),
    # 21 a role with a genitive chain and a name
    ("भारत के विदेश मंत्री एस जयशंकर ने कहा कि वार्ता सकारात्मक रही।",
     [("वार्ता सकारात्मक रही", False, "भारत के विदेश मंत्री एस जयशंकर", "भारत के विदेश मंत्री एस जयशंकर", "ने कहा")]),
    # 22 a time phrase before the speaker is not part of the name
    ("मंगलवार को राष्ट्रपति ने कहा कि चुनाव समय पर होंगे।",
     [("चुनाव समय पर होंगे", False, "राष्ट्रपति", "राष्ट्रपति", "ने कहा")]),
    # 23 के मुताबिक
    ("अधिकारियों के मुताबिक, बाढ़ से 200 गांव प्रभावित हुए हैं।",
     [("बाढ़ से 200 गांव प्रभावित हुए हैं", False, "अधिकारियों", "अधिकारियों", "के मुताबिक")]),
    # 24 an agency credit in brackets is no statement
    ("संवाददाता (पीटीआई के अनुसार)", []),
    # 25 a direct quotation after "कहा कि"
    ('मंत्री ने कहा कि "सरकार हर नागरिक की मदद करेगी।"',
     [("सरकार हर नागरिक की मदद करेगी।", True, "मंत्री", "मंत्री", "ने कहा")]),
    # 26 the attribution in its own sentence after the quotation
    ('"हम हार नहीं मानेंगे।" कप्तान ने कहा।',
     [("हम हार नहीं मानेंगे।", True, "कप्तान", "कप्तान", "ने कहा")]),
    # 27 a present-tense verb after a plain subject
    ('विशेषज्ञ कहते हैं, "बाज़ार में जल्द सुधार होगा।"',
     [("बाज़ार में जल्द सुधार होगा।", True, "विशेषज्ञ", "विशेषज्ञ", "कहते हैं")]),
    # 28 English attribution inside Hindi text
    ('Modi said, "India stands with its friends."',
     [("India stands with its friends.", True, "Modi", "Modi", "said")]),
    # 29 two speakers one after the other; the second cue is not taken for the first quote
    ('अमेरिकी राजदूत ने कहा, "हम भारत के साथ हैं।" चीनी प्रवक्ता ने कहा, "हम शांति चाहते हैं।"',
     [("हम भारत के साथ हैं।", True, "अमेरिकी राजदूत", "अमेरिकी राजदूत", "ने कहा"),
      ("हम शांति चाहते हैं।", True, "चीनी प्रवक्ता", "चीनी प्रवक्ता", "ने कहा")]),
    # 30 reported speech twice, the second by pronoun
    ("प्रवक्ता ने बताया कि हमले में कोई हताहत नहीं हुआ। उन्होंने कहा कि जांच जारी है।",
     [("हमले में कोई हताहत नहीं हुआ", False, "प्रवक्ता", "प्रवक्ता", "ने बताया"),
      ("जांच जारी है", False, "उन्होंने", "प्रवक्ता", "कहा")]),
    # 31 the trailing attribution with words between ने and the verb
    ("प्रधानमंत्री ने राष्ट्रपति को बधाई दी, मंत्रालय ने यह भी जोड़ा।",
     [("प्रधानमंत्री ने राष्ट्रपति को बधाई दी", False, "मंत्रालय", "मंत्रालय", "ने यह भी जोड़ा")]),
    # 32 a quotation with no cue anywhere near, short: not a quote
    ('बैठक के बाद "नई शुरुआत" की बात हुई।', []),
]


def _summary(q: QuoteSpan) -> tuple:
    """The fields a case checks."""
    return (q.direct, q.speaker and q.speaker.text, q.resolved and q.resolved.text, q.cue and q.cue.text)


@pytest.mark.parametrize(("passage", "expected"), CASES)
def test_find_quotes_patterns(passage, expected):
    text = N(passage)
    found = find_quotes(text)
    assert len(found) == len(expected), [(q.text, _summary(q)) for q in found]
    for q, (start, direct, speaker, resolved, cue) in zip(found, expected):
        assert q.text.startswith(N(start)), q.text
        assert _summary(q) == (direct, N(speaker), N(resolved), N(cue))


def test_find_quotes_case_count_is_at_least_twenty_five():
    assert len(CASES) >= 25


def test_find_quotes_spans_slice_the_text():
    text = N('संवाददाताओं से बात करते हुए सांसद ने कहा, "हम संसद में यह मुद्दा उठाएंगे।" उन्होंने कहा कि बहस होगी।')
    for q in find_quotes(text):
        for span in (q, q.cue, q.speaker, q.resolved):
            if span is not None:
                assert text[span.start:span.end] == span.text


def test_find_quotes_multi_sentence_quote_covers_all_its_sentences():
    text = N('रक्षा मंत्री ने कहा, "सीमा पर हालात सामान्य हैं। सेना तैयार है।" बैठक खत्म हुई।')
    (q,) = find_quotes(text)
    assert q.text == N("सीमा पर हालात सामान्य हैं। सेना तैयार है।")


def test_find_quotes_first_person_outside_quotes_stays_unresolved():
    (q,) = find_quotes(N("मैंने कहा कि यह योजना सफल होगी।"))
    assert q.speaker.text == N("मैंने") and q.resolved is None


def test_find_quotes_records_round_trip_through_dict():
    for q in find_quotes(N('राष्ट्रपति ने कहा, "हम तैयार हैं और आगे बढ़ेंगे।" उन्होंने कहा कि बातचीत जारी रहेगी।')):
        assert QuoteSpan.from_dict(q.to_dict()) == q


def test_find_quotes_accepts_given_sentences():
    from ghatna.text.segment import split_sentences

    text = N('तोकायेव ने कहा, "रूस हमारा साझेदार है। हम सहयोगी हैं।"')
    assert find_quotes(text, split_sentences(text)) == find_quotes(text)


# ---- the shared sample articles (raw text; the cleaner's output may not exist yet) -------------

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


@pytest.mark.parametrize("stem", ["000_cb69fbd326acacde", "002_5b730da54bd7f90e"])
def test_sample_quotes_found_with_speaker_span(stem):
    path = SAMPLES / f"{stem}.txt"
    if not path.exists():
        pytest.fail(f"{path} is missing: tests need ../shared beside the repository")
    text = N(path.read_text(encoding="utf-8"))
    expected = json.loads((SAMPLES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))
    names = {e["name_en"]: {N(m) for m in e.get("mentions", []) + e.get("role_mentions", [])}
             for e in expected["entities"]}
    found = find_quotes(text)
    for q in found:
        for span in (q, q.cue, q.speaker, q.resolved):
            if span is not None:
                assert text[span.start:span.end] == span.text
    for want in expected["quotes"]:
        hits = [q for q in found if q.direct and q.text.startswith(N(want["starts_with"]))]
        assert len(hits) == 1, want["starts_with"]
        assert hits[0].resolved is not None and hits[0].resolved.text in names[want["speaker"]], hits[0]


def test_find_quotes_feminine_verb_after_yah_baat():
    (q,) = find_quotes(N('"हम हर चुनौती का सामना करेंगे।" यह बात प्रधानमंत्री ने संसद में कही।'))
    assert (q.speaker.text, q.cue.text) == (N("प्रधानमंत्री"), N("ने संसद में कही"))


def test_find_quotes_uncued_quote_inside_a_sentence_does_not_inherit_a_speaker():
    text = N('मंत्री ने कहा, "हम तैयार हैं और काम शुरू होगा।" बैठक में "सभी दलों को साथ लेकर चलने की पुरानी परंपरा" पर बात हुई।')
    first, second = find_quotes(text)
    assert first.resolved.text == N("मंत्री")
    assert second.speaker is None and second.resolved is None


def test_cue_lead_finds_where_every_cue_pattern_can_match() -> None:
    from ghatna.extract.quote_lexicon import quote_cues
    from ghatna.resources.loader import read_lines, read_yaml

    cues = quote_cues()
    data = read_yaml("hi/quote_cues.yaml")
    words = [*read_lines("hi/quote_verbs.txt"), *(str(w) for w in [*data["source_phrases"], *data["genitive_phrases"]])]
    text = " ".join(words) + " " + " ".join(w.upper() for w in words)
    starts = {m.start() for m in cues.lead.finditer(text)}
    for pattern in (cues.verbs, cues.sources, cues.genitive_phrases):
        found = [m.start() for m in pattern.finditer(text)]
        assert found and set(found) <= starts
    assert not cues.lead.search("भारत और रूस के बीच व्यापार")
