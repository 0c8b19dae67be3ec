"""The only code that opens packaged resource files (lexicons, tables, models, the compiled KB).

Files live under ``ghatna/resources/``; names are relative paths such as ``hi/boilerplate.yaml``.
Text resources open with ``# source:``, ``# license:`` and ``# updated:`` comment lines; comment
lines (``#``) and blank lines are skipped. Results are cached per process (they are immutable).
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ghatna.errors import ResourceError

_PACKAGE = "ghatna.resources"


def resource_path(name: str) -> Path:
    """Return the filesystem path of a packaged resource (for models loaded by libraries)."""
    path = Path(str(resources.files(_PACKAGE).joinpath(name)))
    if not path.exists():
        raise ResourceError("E602", name=name)
    return path


@functools.lru_cache(maxsize=None)
def read_text(name: str) -> str:
    """Return a resource's text (UTF-8)."""
    try:
        return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, UnicodeDecodeError) as exc:
        raise ResourceError("E602", name=name) from exc


def _content_lines(name: str) -> list[tuple[int, str]]:
    return [
        (i, line) for i, line in enumerate(read_text(name).splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


@functools.lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Return the non-comment, non-blank lines of a one-entry-per-line resource, stripped."""
    return tuple(line.strip() for _, line in _content_lines(name))


@functools.lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Return rows of a TSV resource with a header row (after the comment lines) as dicts."""
    lines = [line for _, line in _content_lines(name)]
    if not lines:
        return ()
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for n, row in enumerate(reader, 2):
        if None in row or any(v is None for v in row.values()):
            raise ResourceError("E603", name=name, line=n, detail="wrong number of columns")
        rows.append({k: v.strip() for k, v in row.items()})
    return tuple(rows)


@functools.lru_cache(maxsize=None)
def read_yaml(name: str) -> Any:
    """Return a parsed YAML resource."""
    try:
        return yaml.safe_load(read_text(name))
    except yaml.YAMLError as exc:
        raise ResourceError("E603", name=name, line=getattr(getattr(exc, "problem_mark", None), "line", 0),
                            detail=str(exc)) from exc


@functools.lru_cache(maxsize=None)
def read_bytes(name: str) -> bytes:
    """Return a binary resource (a compiled artefact such as ``kb/compiled/kb.json.gz``)."""
    try:
        return resources.files(_PACKAGE).joinpath(name).read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError("E602", name=name) from exc
