"""The pipeline: requires/assigns checked at build time; bad records become coded rejections."""

from __future__ import annotations

import pytest

from ghatna.config import Settings
from ghatna.errors import InputError, PipelineError
from ghatna.pipeline import Pipeline
from ghatna.registry import StageSpec, builtin_stages
from ghatna.types import RawRecord, Rejection, SourceRef


def _record(data: bytes, path: str = "t.txt") -> RawRecord:
    return RawRecord(SourceRef(path), data)


def test_unmet_requirement_fails_at_build_time() -> None:
    table = dict(builtin_stages())
    table["needs.mentions"] = StageSpec("needs.mentions", lambda s: (lambda m: m), ("mentions",), ("events",), "")
    with pytest.raises(PipelineError) as err:
        Pipeline(Settings(), ["ghatna.ingest.article.v1", "needs.mentions"], table)
    assert err.value.code == "E700" and "mentions" in str(err.value)


def test_unknown_stage_is_named() -> None:
    with pytest.raises(PipelineError) as err:
        Pipeline(Settings(), ["no.such.stage"])
    assert err.value.code == "E701"


def test_good_record_becomes_article() -> None:
    result = Pipeline(Settings()).run(_record("भारत और रूस के विदेश मंत्रियों ने मास्को में मुलाकात की।".encode()))
    assert result.ok and result.article is not None and result.article.language == "hi"


@pytest.mark.parametrize("data, code", [(b"", "E100"), (b"   \n\t ", "E101"), (b"\x89PNG\r\n\x1a\n" + bytes(64), "E102")])
def test_bad_record_becomes_rejection(data: bytes, code: str) -> None:
    result = Pipeline(Settings()).run(_record(data))
    assert not result.ok and result.rejection is not None
    assert result.rejection.code == code and result.rejection.reason and result.rejection.source.path == "t.txt"


def test_stage_bug_is_recorded_not_raised() -> None:
    def broken(settings: Settings):
        def run(record: RawRecord) -> None:
            raise ZeroDivisionError("boom")
        return run

    table = {"broken": StageSpec("broken", broken, ("record",), ("article",), "")}
    result = Pipeline(Settings(), ["broken"], table).run(_record(b"x"))
    assert result.rejection is not None and result.rejection.code == "E702" and "boom" in result.rejection.reason


def test_coded_error_in_stage_keeps_its_code() -> None:
    def refusing(settings: Settings):
        def run(record: RawRecord) -> None:
            raise InputError("E104", size=10, limit=5)
        return run

    table = {"r": StageSpec("r", refusing, ("record",), ("article",), "")}
    result = Pipeline(Settings(), ["r"], table).run(_record(b"x"))
    assert result.rejection is not None and result.rejection.code == "E104" and "10" in result.rejection.reason


def test_reader_rejections_pass_through() -> None:
    rej = Rejection(SourceRef("bad.jsonl", 2), "E106", "bad json")
    out = list(Pipeline(Settings()).run_all([rej]))
    assert out[0][1].rejection == rej


def test_stages_share_one_kb_until_a_kb_file_changes(tmp_path) -> None:
    import os

    from ghatna.config import KbSettings
    from ghatna.registry import shared_kb

    mine = tmp_path / "mine.yaml"
    mine.write_text("- {name_en: Minh Duc, name_hi: मिन्ह डुक, type: PERSON}\n", encoding="utf-8")
    settings = KbSettings(user_files=(str(mine),))
    first = shared_kb(settings)
    assert shared_kb(settings) is first  # loaded once for every stage that reads it
    assert first.search("Minh Duc")[0][0].id == "user:minh-duc"
    mine.write_text("- {name_en: Minh Duc, name_hi: मिन्ह डुक, type: PERSON}\n"
                    "- {name_en: Ly Van, name_hi: ली वान, type: PERSON}\n", encoding="utf-8")
    os.utime(mine, ns=(1, 1))  # a different mtime even on a coarse-clock file system
    again = shared_kb(settings)
    assert again is not first and again.search("Ly Van")[0][0].id == "user:ly-van"
    assert shared_kb(KbSettings()) is not again
