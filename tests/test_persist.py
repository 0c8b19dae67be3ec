"""persist: the pipeline's annotations into the store, and NIL entities merged across team-written articles.

The articles below are written by the team. Unknown names reach the linker as an NER model's
mentions would: a stand-in NER stage tags the names listed in ``UNKNOWN`` (the shipped model is
tested on its own; this keeps the test fast and independent of what it finds).
"""

from __future__ import annotations

import doctest
from dataclasses import replace

import pytest

from ghatna import persist
from ghatna.cli.ingest import ingest_records
from ghatna.config import Settings, StoreSettings
from ghatna.output import article_document
from ghatna.persist import Annotator, merge_nil, to_annotations
from ghatna.registry import StageSpec, builtin_stages
from ghatna.store import open_store
from ghatna.types import Mention, RawRecord, SourceRef

UNKNOWN = ["दाउलेत ज़ुमाबेकोव", "दौलेत जुमाबेकोफ", "ज़ुमाबेकोव", "रमेश वर्मा", "सुनील वर्मा", "वर्मा"]

ARTICLES = {
    # one Kazakh official, spelled two ways, then named by his surname alone: one entity
    "full": "अस्ताना। कज़ाखस्तान के उप विदेश मंत्री दाउलेत ज़ुमाबेकोव ने मंगलवार को शंघाई सहयोग संगठन की बैठक से "
            "पहले रूस के विदेश मंत्री सर्गेई लावरोव से मुलाकात की। ज़ुमाबेकोव ने कहा कि दोनों देश व्यापार बढ़ाने "
            "पर सहमत हैं।",
    "variant": "अस्ताना में शंघाई सहयोग संगठन के सम्मेलन की तैयारी पर कजाखस्तान के उप विदेश मंत्री दौलेत जुमाबेकोफ "
               "ने रूसी विदेश मंत्री सर्गेई लावरोव के साथ लंबी चर्चा की।",
    "surname": "शंघाई सहयोग संगठन की बैठक के बाद ज़ुमाबेकोव ने पत्रकारों से कहा कि कज़ाखस्तान और रूस के संबंध "
               "मज़बूत हैं। अस्ताना में अगली बैठक जुलाई में होगी।",
    # a cricket coach, a selector with the same surname, and a diplomat called only by that surname: three people
    "coach": "मुंबई। भारतीय क्रिकेट टीम के कोच रमेश वर्मा ने वानखेड़े स्टेडियम में कहा कि टीम ऑस्ट्रेलिया के खिलाफ "
             "तैयार है।",
    "selector": "मुंबई। भारतीय क्रिकेट टीम के चयनकर्ता सुनील वर्मा ने वानखेड़े स्टेडियम में कहा कि ऑस्ट्रेलिया के "
                "खिलाफ टीम मज़बूत है।",
    "envoy": "अस्ताना। कज़ाखस्तान में भारत के राजदूत वर्मा ने शंघाई सहयोग संगठन की बैठक में रूस के प्रतिनिधियों से "
             "मुलाकात की।",
}


def _fake_ner(settings: Settings):
    """A stand-in NER stage: PERSON mentions of the names in ``UNKNOWN``."""
    def run(article):
        out = []
        for name in UNKNOWN:
            pos = article.text.find(name)
            while pos >= 0:
                out.append(Mention(pos, pos + len(name), name, "PERSON", 0.9, "model"))
                pos = article.text.find(name, pos + 1)
        return out
    return run


def stage_table() -> dict[str, StageSpec]:
    """The built-in stages with the stand-in NER."""
    table = dict(builtin_stages())
    table["ghatna.extract.ner.v1"] = StageSpec("ghatna.extract.ner.v1", _fake_ner, ("article",),
                                               ("model_mentions",), "test NER")
    return table


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    """The whole pipeline with the stand-in NER (KB and gazetteer loaded once for the module)."""
    return Annotator(Settings(), table=stage_table())


def records(*names: str) -> list[RawRecord]:
    """Raw records of the named team articles."""
    return [RawRecord(SourceRef(f"{n}.txt"), ARTICLES[n].encode("utf-8")) for n in names]


@pytest.fixture
def filled(annotator, tmp_path):
    """A store holding every team article, annotated."""
    settings = replace(Settings(), store=StoreSettings(url=str(tmp_path / "s.db")))
    store = open_store(settings.store)
    summary = ingest_records(records(*ARTICLES), settings, store, annotator)
    assert summary.ingested == summary.annotated == len(ARTICLES)
    yield store
    store.close()


def nil_of(store, text: str) -> str:
    """The entity id the mention ``text`` stands for now (in whichever article it occurs)."""
    row = store._conn.execute("SELECT entity_id FROM mentions WHERE text = ? AND how = 'model'", (text,)).fetchone()
    assert row is not None, text
    return row[0]


def test_stored_annotations_equal_the_pipeline_and_give_the_same_document(annotator, filled):
    (record,) = records("full")
    result = annotator.pipeline.run(record)
    bundle = to_annotations(result.article.id, result.annotations, annotator.pipeline.stage_names)
    assert filled.get_annotations(result.article.id) == bundle
    stored = article_document(filled.get_article(result.article.id), bundle.pipeline_annotations())
    assert stored == article_document(result.article, result.annotations)
    names = {e["name_en"] for e in stored["entities"]}
    assert {"Kazakhstan", "Sergey Lavrov", "Shanghai Cooperation Organisation"} <= names


def test_the_same_unknown_name_in_two_articles_is_one_entity(annotator, filled):
    extra = RawRecord(SourceRef("again.txt"), ("बिश्केक में दाउलेत ज़ुमाबेकोव ने किर्गिस्तान के नेताओं से "
                                               "मुलाकात की।").encode("utf-8"))
    settings = replace(Settings(), store=StoreSettings(url=filled.url))
    ingest_records([extra], settings, filled, annotator)
    eid = nil_of(filled, "दाउलेत ज़ुमाबेकोव")
    assert eid.startswith("nil:person:")
    page = filled.get_entity(eid)
    assert page.entity.nil and (page.entity.articles, len(page.articles)) == (2, 2)


def test_merge_nil_joins_spellings_and_surname_and_keeps_namesakes_apart(filled):
    full, variant, surname = (nil_of(filled, n) for n in ("दाउलेत ज़ुमाबेकोव", "दौलेत जुमाबेकोफ", "ज़ुमाबेकोव"))
    coach, selector, envoy = (nil_of(filled, n) for n in ("रमेश वर्मा", "सुनील वर्मा", "वर्मा"))
    assert len({full, variant, surname, coach, selector, envoy}) == 6  # before: six unknown entities

    dry = merge_nil(filled, apply=False)
    assert {(o.proposal.kept, o.proposal.merged) for o in dry} == {(full, variant), (full, surname)}
    assert filled.list_merges() == []

    outcomes = merge_nil(filled)
    assert all(o.merge is not None for o in outcomes) and len(outcomes) == 2
    assert {filled.resolve_entity(x) for x in (full, variant, surname)} == {full}
    assert len({filled.resolve_entity(x) for x in (coach, selector, envoy)}) == 3
    page = filled.get_entity(variant)
    assert page.entity.id == full and page.entity.articles == 3
    assert {"दाउलेत ज़ुमाबेकोव", "दौलेत जुमाबेकोफ", "ज़ुमाबेकोव"} <= {a.text for a in page.aliases}
    merge = filled.list_merges(entity=variant)[0]
    assert merge.created_by == "merge-nil" and "ghatna:sergey-lavrov" in merge.evidence["shared_context"]
    assert merge_nil(filled) == []  # nothing left to merge


def test_an_undone_merge_is_not_proposed_again(filled):
    first = merge_nil(filled)[0].merge
    filled.undo_merge(first.id)
    again = merge_nil(filled)
    assert (first.kept, first.merged) not in {(o.proposal.kept, o.proposal.merged) for o in again}


def test_annotator_keeps_the_article_when_an_annotation_stage_fails(tmp_path):
    table = stage_table()

    def broken(settings):
        def run(article, sentences):
            raise ZeroDivisionError("quotes bug")
        return run

    table["ghatna.extract.quotes.v1"] = replace(table["ghatna.extract.quotes.v1"], factory=broken)
    annotator = Annotator(Settings(), table=table)
    (record,) = records("coach")
    article, bundle = annotator(record, Settings())
    assert bundle is None and article.text.startswith("मुंबई")
    rejection = annotator(RawRecord(SourceRef("empty.txt"), b""), Settings())
    assert rejection.code == "E100"  # bad input is still a rejection

    settings = replace(Settings(), store=StoreSettings(url=str(tmp_path / "s.db")))
    with open_store(settings.store) as store:
        summary = ingest_records([record, RawRecord(SourceRef("empty.txt"), b"")], settings, store, annotator)
        assert (summary.ingested, summary.unannotated, summary.annotated) == (1, 1, 0)
        assert summary.rejected == {"E100": 1} and store.get_annotations(article.id) is None


def test_persist_doctest():
    result = doctest.testmod(persist)
    assert result.attempted > 0 and result.failed == 0
