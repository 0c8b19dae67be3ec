"""``create_app(settings, store_factory)``: the FastAPI application serving the REST API and the web UI.

Read-only by default: the only write, ``POST /api/articles``, needs ``api.token``. Every error,
whatever raised it, is answered in one shape (``ghatna.api.errors``); bodies over
``api.max_body_bytes`` are refused before they are read whole; pages and responses carry a strict
Content-Security-Policy (no script, no remote anything), so the UI works offline and injected markup
could not run even if it escaped the templates.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ghatna import __version__
from ghatna.api.context import Context, StoreProvider
from ghatna.api.errors import error_body, install_error_handlers
from ghatna.api.routes import articles, entities, events, exports, pages, stories
from ghatna.config import Settings
from ghatna.errors import GhatnaError
from ghatna.store import Store, open_store

log = logging.getLogger(__name__)

WEB = Path(__file__).resolve().parent.parent / "web"
#: no script, no plugin, nothing from elsewhere: the pages are static HTML and CSS
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none';"
       " frame-ancestors 'none'")


class Guard:
    """ASGI middleware: refuse bodies over the limit (413, the error shape) and add security headers."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the body size, then pass the request on with the headers added to its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(send, int(declared))
            return
        chunks: list[bytes] = []
        if scope["method"] in ("POST", "PUT", "PATCH"):
            size = 0
            more = True
            while more:  # read it all first: a body without a length must not stream past the limit
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    await self._too_large(send, size)
                    return
                chunks.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(chunks)
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            receive = replay

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY")]
                if not scope["path"].startswith("/api/docs"):
                    extra.append((b"content-security-policy", CSP.encode()))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _too_large(self, send: Send, size: int) -> None:
        """Answer 413 in the error shape."""
        import json

        body = json.dumps(error_body(413, GhatnaError("E804", size=size, limit=self.max_body))).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def templates() -> jinja2.Environment:
    """Return the template environment: package templates, autoescape on for every template."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(WEB / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    return env


def create_app(settings: Settings, store_factory: Callable[[], Store] | None = None, *,
               build: Callable[..., Any] | None = None) -> FastAPI:
    """Build the application.

    Args:
        settings: ``api`` (token, page and body limits) and ``store`` (opened per thread unless
            ``store_factory`` is given).
        store_factory: opens one store; called once per server thread.
        build: ``(RawRecord, Settings) -> (Article, Annotations | None) | Article | Rejection`` used by
            ``POST /api/articles``; default: the whole annotation pipeline, built on first use.

    Example:
        >>> app = create_app(Settings())
        >>> app.title
        'ghatna'
    """
    factory = store_factory or (lambda: open_store(settings.store, create=False))
    provider = StoreProvider(factory)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        provider.close_all()

    app = FastAPI(title="ghatna", version=__version__, lifespan=lifespan, docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Hindi news as a knowledge base: articles with evidence spans, entities in every "
                              "spelling, PLOVER events, quotes, facts, search, timelines, dyads, exports.")
    app.state.ctx = Context(settings, provider, build)
    app.state.templates = templates()
    install_error_handlers(app, pages.render_error)
    for module in (articles, entities, events, exports, stories, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.add_middleware(Guard, max_body=settings.api.max_body_bytes)
    return app
