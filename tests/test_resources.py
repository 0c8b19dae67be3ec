"""Resource hygiene: every hand-edited data file says where it comes from; entries are NFC, sorted, unique."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

RESOURCES = Path(__file__).resolve().parents[1] / "ghatna" / "resources"
DATA_FILES = sorted(p for ext in ("*.txt", "*.tsv", "*.yaml") for p in RESOURCES.rglob(ext)
                    if "models" not in p.parts and p.name != "README.txt")


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(RESOURCES)) for p in paths]


@pytest.mark.parametrize("path", DATA_FILES, ids=_ids(DATA_FILES))
def test_data_file_has_provenance_header(path: Path) -> None:
    head = path.read_text(encoding="utf-8").splitlines()[:6]
    for tag in ("# source:", "# license:", "# updated:"):
        assert any(line.startswith(tag) for line in head), f"{path.name} lacks a '{tag}' line"


@pytest.mark.parametrize("path", DATA_FILES, ids=_ids(DATA_FILES))
def test_data_file_is_nfc(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


LIST_FILES = [p for p in DATA_FILES if p.suffix == ".txt"]


@pytest.mark.parametrize("path", LIST_FILES, ids=_ids(LIST_FILES))
def test_list_file_is_sorted_and_unique(path: Path) -> None:
    entries = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
               if ln.strip() and not ln.startswith("#")]
    assert entries == sorted(set(entries)), f"{path.name} must be sorted and unique"


def test_there_are_data_files() -> None:
    assert len(DATA_FILES) >= 5
