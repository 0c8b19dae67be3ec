"""Document passes of the NER stage: one sense per discourse, exact and across spellings."""

from __future__ import annotations

import pytest

from ghatna.extract import nerrules
from ghatna.text.translit import phonetic_key, skeleton_key


@pytest.fixture(scope="module")
def tagger():
    from ghatna.extract.ner import NerTagger

    return NerTagger.from_disk()


def _spans(text: str, found: list[nerrules.Found]) -> list[tuple[str, str, str]]:
    return [(text[s:e], t, how) for s, e, t, _, how in found]


def _at(text: str, name: str, etype: str, nth: int = 0) -> nerrules.Found:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(name, pos + 1)
    return (pos, pos + len(name), etype, 0.8, "model")


def test_propagate_tags_other_occurrences_and_the_last_name_alone() -> None:
    text = "विदेश मंत्री सर्गेई लावरोव ने कहा। लावरोव ने बाद में सर्गेई लावरोव का बयान दोहराया।"
    found = [_at(text, "सर्गेई लावरोव", "PER")]
    out = _spans(text, nerrules.propagate(text, found))
    assert out == [("सर्गेई लावरोव", "PER", "model"), ("लावरोव", "PER", "rule"), ("सर्गेई लावरोव", "PER", "rule")]


def test_propagate_variants_finds_another_spelling_of_a_full_name() -> None:
    text = ("मोदी ने कज़ाखस्तान के राष्ट्रपति कासीम-जोमार्ट तोकायेव का धन्यवाद किया।\n"
            "कज़ाखस्तान के राष्ट्रपति कासिम-जोमार्ट टोकाएव ने फोन किया।")
    found = sorted([_at(text, "मोदी", "PER"), _at(text, "कासिम-जोमार्ट टोकाएव", "PER")])
    out = _spans(text, nerrules.propagate_variants(text, found, phonetic_key))
    assert ("कासीम-जोमार्ट तोकायेव", "PER", "rule") in out
    assert len(out) == 3  # nothing else: मोदी is one word, so it is not spread by sound


def test_propagate_variants_leaves_short_names_words_across_punctuation_and_taken_spans() -> None:
    # a two-word name whose key is under six letters (अब तक: "ab tak") is not spread
    text = "अब तक आए। अब तक गए।"
    found = [_at(text, "अब तक", "PER")]
    assert nerrules.propagate_variants(text, found, phonetic_key) == found
    assert len(nerrules.propagate_variants(text, found, phonetic_key, min_key=5)) == 2  # the limit is what stops it
    # the words of a variant must stand together: a comma between them is not a name
    text = "कासिम-जोमार्ट टोकाएव ने कहा कि कासीम-जोमार्ट, तोकायेव"
    found = [_at(text, "कासिम-जोमार्ट टोकाएव", "PER")]
    assert nerrules.propagate_variants(text, found, phonetic_key) == found
    # a span already tagged (here as a place) is left as it is
    text = "कासिम-जोमार्ट टोकाएव आए। कासीम-जोमार्ट तोकायेव गए।"
    found = [_at(text, "कासिम-जोमार्ट टोकाएव", "PER"), _at(text, "कासीम-जोमार्ट तोकायेव", "LOC")]
    assert nerrules.propagate_variants(text, found, phonetic_key) == found


def test_propagate_variants_does_not_tag_inside_a_longer_word() -> None:
    text = "कासिम-जोमार्ट टोकाएव आए। पूर्व-कासीम-जोमार्ट तोकायेव गए।"
    found = [_at(text, "कासिम-जोमार्ट टोकाएव", "PER")]
    assert nerrules.propagate_variants(text, found, phonetic_key) == found


def test_repair_tags_the_full_variant_before_the_exact_pass_tags_a_shared_surname(tagger) -> None:
    text = "कासिम जोमार्ट टोकाएव आए।\nबाद में कासीम जोमार्ट टोकाएव ने कहा।"
    found = [_at(text, "कासिम जोमार्ट टोकाएव", "PER")]
    out = _spans(text, tagger.repair(text, found))
    assert ("कासीम जोमार्ट टोकाएव", "PER", "rule") in out and ("टोकाएव", "PER", "rule") not in out


def test_propagate_variants_prefers_the_longest_found_name() -> None:
    text = "कासिम जोमार्ट आए और कासिम जोमार्ट टोकाएव बोले। फिर कासीम जोमार्ट तोकायेव गए।"
    found = [_at(text, "कासिम जोमार्ट", "PER"), _at(text, "कासिम जोमार्ट टोकाएव", "PER")]
    out = _spans(text, nerrules.propagate_variants(text, found, phonetic_key))
    assert ("कासीम जोमार्ट तोकायेव", "PER", "rule") in out


def test_propagate_word_variants_tags_another_spelling_of_a_long_one_word_name() -> None:
    text = "मोदी कजाखस्तान गए। कजाखिस्तान में सम्मेलन है। कज़ाकिस्तान के राष्ट्रपति बोले।"
    found = [_at(text, "कजाखस्तान", "GPE")]
    out = _spans(text, nerrules.propagate_word_variants(text, found, phonetic_key, skeleton_key))
    assert out == [("कजाखस्तान", "GPE", "model"), ("कजाखिस्तान", "GPE", "rule"), ("कज़ाकिस्तान", "GPE", "rule")]


def test_propagate_word_variants_leaves_short_names_other_words_and_glued_words() -> None:
    # मोदी has a two-consonant skeleton: a word sounding like it is not taken for it
    text = "मोदी आए। मोडी गए।"
    assert nerrules.propagate_word_variants(text, [_at(text, "मोदी", "PER")], phonetic_key, skeleton_key) == \
        [_at(text, "मोदी", "PER")]
    # same skeleton but two sound edits away is another word
    text = "समरकंद पहुंचे। सुमेरकंद नाम का गांव।"
    found = [_at(text, "समरकंद", "GPE")]
    assert skeleton_key("सुमेरकंद") == skeleton_key("समरकंद") and phonetic_key("सुमेरकंद") != phonetic_key("समरकंद")
    assert nerrules.propagate_word_variants(text, found, phonetic_key, skeleton_key) == found
    # a variant inside a hyphenated word, or a date or number span, is not spread
    text = "कजाखस्तान गए। पूर्व-कजाखिस्तान की बात।"
    found = [_at(text, "कजाखस्तान", "GPE")]
    assert nerrules.propagate_word_variants(text, found, phonetic_key, skeleton_key) == found
    text = "जनवरी 2023 में। जनवरि आया।"
    found = [_at(text, "जनवरी", "DATE")]
    assert nerrules.propagate_word_variants(text, found, phonetic_key, skeleton_key) == found


def test_propagate_word_variants_leaves_the_same_spelling_to_propagate() -> None:
    text = "कज़ाकिस्तान सरकार ने कहा। कज़ाकिस्तान गए। फिर कज़ाकिस्तान सरकार बोली।"
    found = [_at(text, "कज़ाकिस्तान सरकार", "ORG"), _at(text, "कज़ाकिस्तान", "GPE", nth=1)]
    found.sort()
    assert nerrules.propagate_word_variants(text, found, phonetic_key, skeleton_key) == found
