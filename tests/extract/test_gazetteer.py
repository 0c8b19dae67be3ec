"""extract.gazetteer: longest alias match over words, same script only, strict short names."""

from __future__ import annotations

from ghatna.extract.gazetteer import Gazetteer
from ghatna.text.translit import ortho_key, phonetic_key


def _entry(text: str, label: str, strict: bool = False):
    script = "Deva" if any("\u0900" <= c <= "\u097f" for c in text) else "Latn"
    return (tuple(phonetic_key(text).split()), ortho_key(text), label, script, strict)


G = Gazetteer([_entry("रूस", "GPE"), _entry("रूसी संघ", "GPE"), _entry("रूसी", "NORP"), _entry("चीन", "GPE"),
               _entry("कज़ाकिस्तान", "GPE"), _entry("Carney", "PERSON"), _entry("टोकायेव", "PERSON"),
               _entry("साक्री", "GPE", strict=True), _entry("SCO", "ORG")])


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in G.find(text)]


def test_gazetteer_longest_match_and_offsets() -> None:
    text = "रूसी संघ और रूसी लोग"
    ms = G.find(text)
    assert [(m.text, m.label) for m in ms] == [("रूसी संघ", "GPE"), ("रूसी", "NORP")]
    assert all(text[m.start:m.end] == m.text and m.how == "gazetteer" for m in ms)


def test_gazetteer_hyphenated_compound_gives_both_names() -> None:
    assert _found("रूस-कज़ाकिस्तान संबंध") == [("रूस", "GPE"), ("कज़ाकिस्तान", "GPE")]


def test_gazetteer_spelling_variants_match_phonetically() -> None:
    assert _found("तोकायेव ने कहा") == [("तोकायेव", "PERSON")]


def test_gazetteer_no_cross_script_or_loose_short_matches() -> None:
    assert _found("काम करने के लिए") == []  # Latin "Carney" never matches Hindi करने
    assert _found("उसने छीन लिया") == []  # चीन is short: orthographic key must agree
    assert _found("सक्रिय रूप से") == []  # strict alias: phonetic near-miss not enough
    assert _found("the sco said, SCO said") == [("SCO", "ORG")]  # lower-case Latin is not a name


def test_gazetteer_loose_matches_need_a_near_spelling_and_a_rare_word() -> None:
    g = Gazetteer([_entry("भारत", "GPE"), _entry("मिशेल", "PERSON"), _entry("कारनी", "PERSON"),
                   _entry("टोकाएव", "PERSON"), _entry("पुदुचेरी", "GPE")], common_words={"करनी"})
    found = lambda text: [(m.text, m.label) for m in g.find(text)]  # noqa: E731
    # a sound-alike common word two or more letters off a short alias: बढ़त "lead", मिसाइल "missile"
    assert found("चुनाव में बढ़त बनाई") == [] and found("उत्तर कोरिया ने मिसाइल दागी") == []
    # one letter off still matches (vowel and consonant variants of a name)
    assert found("तोकायेव ने कहा") == [("तोकायेव", "PERSON")]
    # a common word matches only exactly: करनी "to do" is not Carney, though one letter off
    assert found("बात करनी है") == []
    # long names keep their looser variants
    assert found("पुद्दुच्चेरी में") == [("पुद्दुच्चेरी", "GPE")]
    # without the common-word list, करनी would have matched
    assert [(m.text, m.label) for m in Gazetteer([_entry("कारनी", "PERSON")]).find("बात करनी है")] == [
        ("करनी", "PERSON")]


def test_common_words_come_from_the_word_counts() -> None:
    from ghatna.extract.gazetteer import common_words

    words = common_words()
    assert {"करनी", "बढ़ती", "भारत"} <= words and "तोकायेव" not in words
    assert common_words(10**9) == frozenset()


def test_gazetteer_punctuation_ends_a_name() -> None:
    assert _found("रूसी, संघ") == [("रूसी", "NORP")]


def test_gazetteer_one_word_memo_gives_the_same_mentions() -> None:
    g = Gazetteer([_entry("रूस", "GPE"), _entry("रूसी संघ", "GPE"), _entry("चीन", "GPE"), _entry("SCO", "ORG")])
    text = "रूस और चीन, रूसी संघ, उसने छीन लिया, sco और SCO"
    first = g.find(text)
    assert {"रूस", "चीन", "छीन", "sco", "SCO"} <= set(g._one_word)
    assert g.find(text) == first
    assert [(m.text, m.start) for m in g.find("अब चीन " + text)][1:] == [(m.text, m.start + 7) for m in first]


def test_gazetteer_one_word_memo_is_bounded(monkeypatch) -> None:
    from ghatna.extract import gazetteer

    monkeypatch.setattr(gazetteer, "_MEMO_SIZE", 2)
    g = Gazetteer([_entry("रूस", "GPE"), _entry("चीन", "GPE"), _entry("भारत", "GPE")])
    for _ in range(2):
        assert [m.text for m in g.find("रूस चीन भारत रूस")] == ["रूस", "चीन", "भारत", "रूस"]
        assert len(g._one_word) <= 2


def test_gazetteer_names_reach_only_as_far_as_an_alias_begins() -> None:
    g = Gazetteer([_entry("रूस", "GPE"), _entry("रूसी संघ के राष्ट्रपति", "PERSON"), _entry("रूसी संघ", "GPE")])
    assert [(m.text, m.label) for m in g.find("रूसी संघ के राष्ट्रपति और रूसी संघ का दल")] == [
        ("रूसी संघ के राष्ट्रपति", "PERSON"), ("रूसी संघ", "GPE")]
    assert [m.text for m in g.find("रूसी संघ के")] == ["रूसी संघ"]
