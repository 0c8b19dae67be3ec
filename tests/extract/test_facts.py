"""Dated facts on team-written Hindi sentences: every predicate, validity dates, amounts, quotations left out.

Each case lists every fact the text states as (subject, predicate, object or value, unit,
valid_from, valid_to), entities by their English KB name; a missing or an extra fact fails.
"""

from __future__ import annotations

import pytest

from ghatna.extract.facts import find_facts
from ghatna.text.segment import split_sentences
from ghatna.types import Mention

CASES = [
    ("भारत 2017 में शंघाई सहयोग संगठन का पूर्ण सदस्य बना।",
     [("India", "member_of", "Shanghai Cooperation Organisation", None, "2017", None)]),
    ("नाटो की स्थापना 1949 में हुई थी।",
     [("NATO", "founded", None, None, "1949", None)]),
    ("यूरोपीय संघ ने 2013 में क्रोएशिया को सदस्य के रूप में शामिल किया।",
     [("Croatia", "member_of", "European Union", None, "2013", None)]),
    ("एससीओ एक क्षेत्रीय संगठन है। इसके पर्यवेक्षक देश हैं: अफ़ग़ानिस्तान, बेलारूस और मंगोलिया।",
     [("Afghanistan", "observer_of", "Shanghai Cooperation Organisation", None, None, None),
      ("Belarus", "observer_of", "Shanghai Cooperation Organisation", None, None, None),
      ("Mongolia", "observer_of", "Shanghai Cooperation Organisation", None, None, None)]),
    ("भारत को 2005 में एससीओ में पर्यवेक्षक का दर्जा मिला।",
     [("India", "observer_of", "Shanghai Cooperation Organisation", None, "2005", None)]),
    ("कजाकिस्तान जुलाई 2023 से जुलाई 2024 तक एससीओ की अध्यक्षता करेगा।",
     [("Kazakhstan", "chair_of", "Shanghai Cooperation Organisation", None, "2023-07", "2024-07")]),
    ("भारत ने 1 दिसंबर 2022 को जी20 की अध्यक्षता संभाली।",
     [("India", "chair_of", "G20", None, "2022-12-01", None)]),
    ("भारत इस वर्ष ब्रिक्स की अध्यक्षता कर रहा है।",
     [("India", "chair_of", "BRICS", None, "2024", None)]),
    ("भारत और जापान के बीच राजनयिक संबंध 28 अप्रैल 1952 को स्थापित हुए थे।",
     [("India", "diplomatic_relations_since", "Japan", None, "1952-04-28", None)]),
    ("भारत और इज़राइल के संबंध मजबूत हैं। दोनों देशों के बीच पूर्ण राजनयिक संबंध 1992 में स्थापित हुए।",
     [("India", "diplomatic_relations_since", "Israel", None, "1992", None)]),
    ("भारत और फ्रांस ने 1998 में रणनीतिक साझेदारी स्थापित की।",
     [("India", "strategic_partner_of", "France", None, "1998", None)]),
    ("भारत और अमेरिका के बीच द्विपक्षीय व्यापार 2023 में 190 अरब डॉलर रहा।",
     [("India", "trade_volume_with", "United States", (190e9, "USD"), "2023", None)]),
    ("चीन के साथ भारत का व्यापार 1.2 लाख करोड़ रुपये तक पहुंच गया।",
     [("China", "trade_volume_with", "India", (1.2e12, "INR"), None, None)]),
    ("भारत के प्रधानमंत्री नरेंद्र मोदी ने कहा कि देश तेजी से आगे बढ़ रहा है।",
     [("Narendra Modi", "holds_office", "Prime Minister of India", None, None, None)]),
    ("रूस के राष्ट्रपति व्लादिमीर पुतिन कल भारत आएंगे।",
     [("Vladimir Putin", "holds_office", "President of Russia", None, None, None)]),
    ('पुतिन ने कहा, "भारत और रूस के बीच व्यापार 65 अरब डॉलर तक पहुंच गया है।"', []),
    ("भारत की अर्थव्यवस्था 3 ट्रिलियन डॉलर की है।", []),
    ("भारत ने 2023 में नई दिल्ली में जी20 शिखर सम्मेलन की मेजबानी की।",
     [("India", "hosts_summit_of", "G20", None, "2023", None)]),
    ("ब्रिक्स में ब्राजील, रूस, भारत, चीन और दक्षिण अफ्रीका के अलावा अब मिस्र और ईरान भी सदस्य हैं।",
     [("Egypt", "member_of", "BRICS", None, None, None), ("Iran", "member_of", "BRICS", None, None, None)]),
    ("आसियान की स्थापना 1967 में इंडोनेशिया, मलेशिया, फिलीपींस, सिंगापुर और थाईलैंड द्वारा की गई थी।",
     [("Association of Southeast Asian Nations", "founded", None, None, "1967", None)]
     + [(c, "member_of", "Association of Southeast Asian Nations", None, "1967", None)
        for c in ("Indonesia", "Malaysia", "Philippines", "Singapore", "Thailand")]),
]


def _fact_rows(doc: dict) -> list[tuple]:
    names = {e["id"]: e["name_en"] for e in doc["entities"]}
    rows = []
    for f in doc["facts"]:
        obj = names.get(f["object"], f["object"]) if f["object"] else (f["value"] if f["unit"] is None else None)
        money = (f["value"], f["unit"]) if f["unit"] else None
        rows.append((names.get(f["subject"], f["subject"]), f["predicate"], obj, money, f["valid_from"], f["valid_to"]))
    return rows


def _same(row: tuple, want: tuple) -> bool:
    if row[1] != want[1] or row[4:] != want[4:]:
        return False
    money_ok = (row[3] is None) == (want[3] is None) and (
        want[3] is None or (abs(row[3][0] - want[3][0]) < 1e-6 * want[3][0] and row[3][1] == want[3][1]))
    pair, wpair = (row[0], row[2]), (want[0], want[2])
    symmetric = want[1] in ("diplomatic_relations_since", "strategic_partner_of", "trade_volume_with")
    return money_ok and (pair == wpair or (symmetric and pair == wpair[::-1]))


@pytest.mark.parametrize("text,expected", CASES, ids=[f"fact-{i:02d}" for i in range(len(CASES))])
def test_facts_case(extract_doc, text, expected) -> None:
    rows = _fact_rows(extract_doc(text))
    missing = [w for w in expected if not any(_same(r, w) for r in rows)]
    extra = [r for r in rows if not any(_same(r, w) for w in expected)]
    assert not missing and not extra, f"missing {missing}\nextra {extra}"


def test_facts_evidence_is_a_slice_of_the_text(extract_doc) -> None:
    doc = extract_doc(CASES[0][0])
    text = doc["article"]["text"]
    for f in doc["facts"]:
        ev = f["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_find_facts_without_a_pipeline() -> None:
    text = "भारत 2005 में एससीओ का पर्यवेक्षक बना।"
    ms = [Mention(0, 4, "भारत", "GPE", entity_id="Q668"), Mention(14, 19, "एससीओ", "ORG", entity_id="Q485207")]
    from ghatna.extract.dates import find_dates

    facts = find_facts(text, split_sentences(text), ms, find_dates(text))
    assert [(f.subject, f.predicate, f.object, f.valid_from) for f in facts] == [("Q668", "observer_of", "Q485207", "2005")]


def test_cue_search_with_the_cues_present_agrees_with_a_scan() -> None:
    from ghatna.extract.facts import _cues, _cues_in, _find
    from ghatna.text.normalize import devanagari_key

    words = [devanagari_key(w) for w in "दोनों देशों के बीच द्विपक्षीय व्यापार और रणनीतिक साझेदारी की स्थापना".split()]
    present = _cues_in(words)
    assert {"trade", "both_countries", "partnership", "founded", "relations_start"} <= present
    assert "member" not in present and "observer" not in present
    for name, seqs in _cues().seqs.items():
        naive = next((i for i in range(len(words)) if any(tuple(words[i:i + len(s)]) == s for s in seqs)), -1)
        assert _find(words, name) == naive == _find(words, name, present=present), name
    assert _find(words, "trade", present=present) == 5
    assert _find(words, "both_countries") == 0 and _find(words, "partnership") == 7 == _find(words, "partnership", 7)
    assert _find(words, "member", present=present) == -1
