"""Browser-test fixtures: the samples ingested by the real pipeline, served by uvicorn, seen by Debian's chromium.

The browser is the system chromium (``scripts/install_browser.sh`` installs it; ``make test`` runs
that first); Playwright only drives it, so nothing is downloaded. Screenshots go to
``tests/artifacts/`` (ignored by git, kept by CI as artefacts).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_helpers import ARGS, ARTIFACTS, BROWSER, SAMPLES, serve
from ghatna.config import ApiSettings, Settings, StoreSettings


@pytest.fixture(scope="session")
def pipeline_store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Settings:
    """The two samples ingested with the whole pipeline (NER, linking, dates, quotes, events, facts) and indexed."""
    from ghatna.indexing import index_pending
    from ghatna.persist import Annotator
    from ghatna.store import open_store
    from ghatna.types import RawRecord, SourceRef

    db = tmp_path_factory.mktemp("browser") / "samples.db"
    settings = replace(Settings(), store=StoreSettings(url=str(db)), api=ApiSettings())
    annotate = Annotator(settings)
    items, bundles = [], []
    for name in SAMPLES:
        path = shared_dir / "samples" / f"{name}.txt"
        record = RawRecord(SourceRef(str(path), 0, "txt"), path.read_bytes())
        built = annotate(record, settings)
        assert isinstance(built, tuple) and built[1] is not None, f"the pipeline failed on {name}"
        items.append((built[0], record))
        bundles.append(built[1])
    with open_store(settings.store) as store:
        store.put_articles(items, bundles)
        index_pending(store)
    return settings


@pytest.fixture(scope="session")
def base_url(pipeline_store: Settings) -> Iterator[str]:
    """The URL of a server over the pipeline store."""
    yield from serve(pipeline_store)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(BROWSER).exists():
        pytest.fail(f"{BROWSER} is missing: run scripts/install_browser.sh (make test does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=BROWSER, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any script dialog (an alert would mean injected script ran)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="hi-IN")
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(15_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield pg
    context.close()
    assert not dialogs, f"a script ran in the page: {dialogs}"
