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


def test_gazetteer_punctuation_ends_a_name() -> None:
    assert _found("रूसी, संघ") == [("रूसी", "NORP")]
