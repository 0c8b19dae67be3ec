"""NER: corpus readers and their noise fixes, scoring, the shipped model's pinned floors, the samples."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from ghatna.extract import nerdata
from ghatna.extract.ner import NerTagger, _widen_hyphenated
from ghatna.extract.nerdata import TaggedSentence, map_tags, parse_iob, tag_spans, to_text, token_tags
from ghatna.extract.nereval import evaluate, prf
from ghatna.types import Mention

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
needs_data = pytest.mark.skipif(not (DATA / "il-ner-hindi" / "Hindi-dev.txt").exists(), reason="shared data absent")

#: Pinned floors (strict entity-level micro F1 over PER/LOC/ORG). Raise them when the model
#: improves; never lower them without saying why in the commit.
FLOOR_ILNER_DEV = 0.73
FLOOR_HINER_HELDOUT = 0.87


# --- readers and noise fixes -------------------------------------------------------------------

def test_parse_iob_flushes_last_sentence_without_blank_line() -> None:
    sents = parse_iob(["भारत\tB-NEL", "", "रूस\tB-NEL", "गया\tO"])
    assert [s.tokens for s in sents] == [("भारत",), ("रूस", "गया")]


def test_parse_iob_skips_a_tag_without_token() -> None:
    sents = parse_iob(["मोदी\tB-NEP", "O", "\tO", "ने\tO"])
    assert sents[0].tokens == ("मोदी", "ने")


def test_parse_iob_normalises_tokens_to_nfc() -> None:
    decomposed = "क\u093c"  # already NFC-stable; U+0958 is the precomposed form NFC decomposes
    sents = parse_iob(["\u0958ज़ाख\tO"])
    assert sents[0].tokens[0].startswith(decomposed)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (["B-NEP", "-NEP", "-"], ("B-PER", "I-PER", "O")),
        (["-NEL", "I-NEL"], ("B-LOC", "I-LOC")),
        (["O", "I-NEO", "I-NEO"], ("O", "B-ORG", "I-ORG")),
        (["B-NEAR", "I-NEAR", "B-NETI", "B-NEN"], ("O", "O", "B-DATE", "B-NUM")),
        (["B-PERSON", "I-PERSON", "B-LANGUAGE", "B-TIMEX", "B-NUMEX"], ("B-PER", "I-PER", "O", "B-DATE", "B-NUM")),
        (["B-NEP", "I-NEL"], ("B-PER", "B-LOC")),
    ],
)
def test_map_tags_repairs_and_maps(raw: list[str], clean: tuple[str, ...]) -> None:
    assert map_tags(raw) == clean


def test_tag_spans_reads_iob2() -> None:
    assert tag_spans(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC")]


def test_to_text_trims_quotes_glued_to_a_name() -> None:
    text, spans = to_text(TaggedSentence(('"राम', "ने", "कहा"), ("B-PER", "O", "O")))
    assert [text[s:e] for s, e, _ in spans] == ["राम"]


def test_token_tags_follow_character_spans() -> None:
    tokens = [(0, 5), (5, 6), (6, 13), (14, 21)]
    assert token_tags(tokens, [(0, 21, "PER")]) == ["B-PER", "I-PER", "I-PER", "I-PER"]
    assert token_tags(tokens, [(14, 21, "PER")]) == ["O", "O", "O", "B-PER"]


# --- scoring ------------------------------------------------------------------------------------

def test_evaluate_is_strict_on_span_and_type() -> None:
    sent = TaggedSentence(("नरेंद्र", "मोदी", "भारत", "गए"), ("B-PER", "I-PER", "B-LOC", "O"))

    def stage(text: str) -> list[Mention]:
        return [Mention(8, 12, "मोदी", "PERSON"), Mention(13, 17, "भारत", "GPE")]

    report = evaluate(stage, [sent])
    assert report["per_type"]["LOC"]["f1"] == 1.0
    assert report["per_type"]["PER"]["tp"] == 0  # partial span does not count
    assert report["micro"] == prf(1, 2, 2)


def test_widen_hyphenated_joins_a_double_name_but_not_places() -> None:
    text = "कासिम-जोमार्ट तोकायेव और रूस-कज़ाकिस्तान"
    person = [(0, 5, "PER", 0.9, "model"), (6, 21, "PER", 0.8, "model")]
    assert _widen_hyphenated(text, person) == [(0, 21, "PER", 0.8, "model")]
    places = [(25, 28, "LOC", 0.9, "model"), (29, 40, "LOC", 0.9, "model")]
    assert _widen_hyphenated(text, places) == places


# --- the shipped model --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.from_disk()


def test_shipped_model_emits_exact_offsets(tagger: NerTagger) -> None:
    text = "रूसी राष्ट्रपति व्लादिमीर पुतिन 20 मई को कजाकिस्तान की राजधानी अस्ताना पहुंचे।"
    mentions = tagger(text)
    assert mentions and all(text[m.start:m.end] == m.text for m in mentions)
    assert ("व्लादिमीर पुतिन", "PERSON") in {(m.text, m.label) for m in mentions}
    assert {"GPE"} & {m.label for m in mentions}
    assert all(0.0 <= m.confidence <= 1.0 for m in mentions)


def test_shipped_model_keeps_a_hyphenated_name_whole(tagger: NerTagger) -> None:
    text = "कजाख राष्ट्रपति कासिम-जोमार्ट टोकायेव ने रूसी विदेश मंत्री से बात की।"
    assert "कासिम-जोमार्ट टोकायेव" in {m.text for m in tagger(text) if m.label == "PERSON"}


def test_shipped_model_handles_empty_and_punctuation_only_text(tagger: NerTagger) -> None:
    assert tagger("") == [] and tagger(" ।।  \n ") == []


@needs_data
def test_shipped_model_meets_pinned_floor_on_ilner_dev(tagger: NerTagger) -> None:
    splits = nerdata.load_splits(DATA)
    report = evaluate(tagger, splits.ilner_dev)
    assert report["sentences"] == 1389
    assert report["micro"]["f1"] >= FLOOR_ILNER_DEV, report["micro"]
    held = evaluate(tagger, splits.hiner_heldout)
    assert held["micro"]["f1"] >= FLOOR_HINER_HELDOUT, held["micro"]


@needs_data
def test_splits_keep_evaluation_sentences_out_of_training() -> None:
    splits = nerdata.load_splits(DATA)
    train = {s.key for s in splits.train} | {s.key for s in splits.tune}
    assert not train & {s.key for s in splits.hiner_heldout}
    assert not train & {s.key for s in splits.ilner_dev_unseen}
    assert len(splits.ilner_dev) > len(splits.ilner_dev_unseen) > 1200


SAMPLES = sorted((SHARED / "samples" / "expected").glob("*.json"))
_TYPES = {"PERSON": {"PERSON"}, "ORG": {"ORG"}, "GPE": {"GPE", "LOC"}, "LOC": {"LOC", "GPE"}}


def _found(expected: str, etype: str, mentions: list[Mention]) -> bool:
    """Exact mention, or (for a title + name such as 'राष्ट्रपति तोकायेव') the name at its end."""
    for m in mentions:
        if m.label in _TYPES[etype] and (m.text == expected or (expected.endswith(" " + m.text) and etype == "PERSON")):
            return True
    return False


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_every_named_mention_is_found(path: Path, tagger: NerTagger, make_article) -> None:
    expected = json.loads(path.read_text(encoding="utf-8"))
    text = (SHARED / "samples" / expected["sample"]).read_text(encoding="utf-8")
    # the byline comes from ingestion (page layout), as it would in the pipeline
    mentions = tagger.tag_article(make_article(text, byline=expected["document"].get("byline")))
    assert all(text[m.start:m.end] == m.text for m in mentions)
    missing = [(name, e["type"]) for e in expected["entities"] if e["type"] in _TYPES and not e.get("optional")
               for name in e["mentions"] if not _found(name, e["type"], mentions)]
    assert not missing


# --- the gazetteer build agrees with its sources --------------------------------------------------

@needs_data
@pytest.mark.skipif(importlib.util.find_spec("pycountry") is None, reason="needs the [build] extra")
def test_gazetteer_is_what_the_build_script_makes() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_ner_gazetteer as build
    finally:
        sys.path.pop(0)
    text = build.render(build.collect(DATA), "2026-11-22")
    assert text == build.OUT.read_text(encoding="utf-8")


# --- command line --------------------------------------------------------------------------------

def test_cli_eval_ner_prints_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ghatna.cli.eval import eval_app

    data = tmp_path / "tiny.txt"
    data.write_text("व्लादिमीर\tB-NEP\nपुतिन\tI-NEP\nने\tO\nभारत\tB-NEL\nका\tO\nदौरा\tO\nकिया\tO\n।\tO\n",
                    encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["ner", "--data", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"micro", "per_type", "sentences"} and out["sentences"] == 1
    assert set(out["micro"]) == {"p", "r", "f1"}
