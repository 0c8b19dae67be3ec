"""One error shape for every failure the API answers, 404 to 500 (the datasette idea).

Every error body is ``{"ok": false, "status": N, "error": "message", "errors": [{"code", "message",
"hint", "loc"}]}``; web pages show the same information in HTML. Store and settings errors keep their
coded messages (``ghatna.errors``); HTTP-level ones get E8xx codes.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ghatna.errors import GhatnaError

log = logging.getLogger(__name__)

#: store error codes that mean "no such thing" (404) or "say more" (409)
NOT_FOUND = {"E502", "E505", "E506", "E508"}
AMBIGUOUS = {"E504", "E507"}


class ApiError(Exception):
    """An error the API answers with ``status`` and a coded message (codes in ``ghatna.errors``)."""

    def __init__(self, status: int, code: str, *, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None, **values: Any) -> None:
        self.status = status
        self.error = GhatnaError(code, **values)
        self.errors = errors
        self.headers = headers or {}
        super().__init__(self.error.message)


def error_body(status: int, error: GhatnaError, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return the error shape: ``ok``, ``status``, ``error`` (message) and ``errors`` (details)."""
    return {"ok": False, "status": status, "error": error.message,
            "errors": errors if errors is not None else [{**error.to_dict(), "loc": None}]}


def status_of(error: GhatnaError) -> int:
    """Return the HTTP status a coded error stands for."""
    if error.code in NOT_FOUND:
        return 404
    if error.code in AMBIGUOUS:
        return 409
    if error.code.startswith("E6"):
        return 400
    return 500


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Return pydantic's validation problems as error items (input values are not echoed back)."""
    out = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ())]
        out.append({"code": "E801", "message": f"{'.'.join(loc)}: {e.get('msg', 'invalid')}",
                    "hint": "see /api/docs for the parameters each endpoint takes", "loc": loc})
    return out


def install_error_handlers(app: FastAPI, render_html: Any) -> None:
    """Answer every error in the one shape; ``render_html(request, status, body)`` draws it for web pages."""

    def respond(request: Request, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
        """JSON under /api (and for clients asking for JSON), an HTML page elsewhere."""
        wants_json = request.url.path.startswith("/api") or "application/json" in request.headers.get("accept", "")
        if wants_json or render_html is None:
            return JSONResponse(body, status_code=status, headers=headers)
        return render_html(request, status, body)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, error_body(exc.status, exc.error, exc.errors), exc.headers)

    @app.exception_handler(GhatnaError)
    async def _ghatna_error(request: Request, exc: GhatnaError) -> Response:
        status = status_of(exc)
        if status == 500:
            log.error("store failure on %s: %s", request.url.path, exc)
        return respond(request, status, error_body(status, exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        detail = "; ".join(e["message"] for e in errors)[:300]
        return respond(request, 422, error_body(422, GhatnaError("E801", detail=detail), errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err = GhatnaError("E800", path=request.url.path)
        elif exc.status_code == 405:
            err = GhatnaError("E806", method=request.method)
        else:
            err = GhatnaError("E801", detail=str(exc.detail))
        return respond(request, exc.status_code, error_body(exc.status_code, err), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        # the type only: a message could carry data from the store or the request
        return respond(request, 500, error_body(500, GhatnaError("E805", detail=type(exc).__name__)))
