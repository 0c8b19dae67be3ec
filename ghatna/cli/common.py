"""What every command shares: loading settings from flags, and the documented exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ghatna.config import Settings, load_settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def load_cli_settings(config: Path | None, overrides: Mapping[str, Any]) -> Settings:
    """Load settings (file < env < flags), dropping flags the user did not give."""
    return load_settings(config, overrides={k: v for k, v in overrides.items() if v is not None})


def exit_code_for(ok: int, rejected: int) -> int:
    """0 when everything succeeded, 3 (partial) when some inputs were rejected, 1 when none succeeded."""
    if rejected == 0:
        return EXIT_OK
    return EXIT_PARTIAL if ok else EXIT_ERROR
