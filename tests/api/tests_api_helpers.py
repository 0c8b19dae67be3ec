"""Shared names and checks of the API tests."""

from __future__ import annotations

from typing import Any

A, B = "000_cb69fbd326acacde", "002_5b730da54bd7f90e"
TOKAYEV = "ghatna:kassym-jomart-tokayev"


def assert_error(response: Any, status: int, code: str) -> None:
    """Assert the one error shape: ok false, the status, a message, coded error items."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "status", "error", "errors"}
    assert body["ok"] is False and body["status"] == status and body["error"]
    assert body["errors"] and body["errors"][0]["code"] == code
