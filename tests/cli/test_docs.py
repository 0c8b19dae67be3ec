"""Every command a user can type is documented in the README (datasette-style doc test)."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from ghatna.cli import app as app_module

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[str]:
    app_module._register()
    root = get_command(app_module.app)
    paths = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            paths += [f"ghatna {name} {s}" for s in sub]
        else:
            paths.append(f"ghatna {name}")
    return paths


def test_every_command_is_in_the_readme() -> None:
    paths = _command_paths()
    assert len(paths) >= 5
    missing = [p for p in paths if p not in README]
    assert not missing, f"document these commands in README.md: {missing}"


def test_readme_starts_with_the_two_setup_commands() -> None:
    block = README.split("```", 2)[1]
    lines = [ln.split("#")[0].strip() for ln in block.strip().splitlines()]
    assert lines[:2] == ["make run", "make test"]
