"""The web UI in a real browser: search in any spelling → entity page → evidence highlighted in the article."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from ghatna.config import Settings

from browser_helpers import ARTIFACTS, serve

pytestmark = pytest.mark.browser

TOKAYEV = "ghatna:kassym-jomart-tokayev"
#: spellings of Tokayev in the two samples (one from each, and the variants in between)
SPELLINGS = ("तोकायेव", "कासीम-जोमार्ट तोकायेव", "कासिम-जोमार्ट टोकाएव", "कासिम-जोमार्ट टोकायेव")


def _api(base_url: str, path: str) -> Any:
    """GET a JSON endpoint of the running server."""
    with urlopen(base_url + path) as r:  # noqa: S310 - the test's own loopback server
        return json.loads(r.read())


def test_browser_search_leads_to_the_entity_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("#q", "Tokayev")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=Tokayev")
    hits = page.locator("li.hit")
    assert hits.count() == 2  # both samples, though neither spells the name in Latin script
    page.screenshot(path=str(ARTIFACTS / "search-tokayev.png"), full_page=True)
    page.locator(f".matched-entities a[href='/entity/{TOKAYEV.replace(':', '%3A')}']").click()
    page.wait_for_selector("article.entity-page")
    page.screenshot(path=str(ARTIFACTS / "entity-tokayev.png"), full_page=True)

    spellings = page.locator("table.aliases td.spelling").all_inner_texts()
    for s in SPELLINGS:
        assert s in spellings, (s, spellings)
    counts = page.locator("table.aliases td.count").all_inner_texts()
    assert all(int(c) >= 1 for c in counts)

    # the events the events engineer's extractor stored for Tokayev are all on the page
    stored = _api(base_url, f"/api/entities/{TOKAYEV}/events?limit=100")
    rows = page.locator("#events table.events tr.event")
    assert rows.count() == stored["total"] > 0
    kinds = [(r["event_type"], r["mode"]) for r in stored["items"]]
    shown = page.locator("#events").inner_text()
    assert ("CONSULT", "phone") in kinds and "phone" in shown  # the phone calls (with Putin, with Modi)
    meetings = [r for r in stored["items"] if r["event_type"] == "CONSULT" and r["mode"] != "phone"]
    assert meetings  # the meeting with Lavrov in Astana
    assert any("Lavrov" in n for m in meetings for n in m["names"].values())
    assert "Sergey Lavrov" in shown and "Narendra Modi" in shown
    assert page.locator("figure.timeline svg rect").count() >= 2


def test_browser_article_highlights_the_evidence(page: Any, base_url: str) -> None:
    events = _api(base_url, f"/api/entities/{TOKAYEV}/events?limit=100")["items"]
    call = next(e for e in events if e["mode"] == "phone" and e["evidence"])
    page.goto(base_url + f"/entity/{TOKAYEV}")
    page.locator(f"#events a[href='/article/{call['article_id']}#ev{call['seq']}']").first.click()
    page.wait_for_selector("article.article-page")
    page.screenshot(path=str(ARTIFACTS / "article-evidence.png"), full_page=True)

    evidence = " ".join(page.locator(".text .hl-evidence").all_inner_texts())
    assert page.locator(".text .hl-trigger").count() >= 1
    names = page.locator(".text a.hl-mention")
    assert names.count() >= 5
    # a role phrase around a country name is cut in two links; a name of Tokayev's is one link
    tokayev = page.locator(f".text a.hl-mention[data-entity='{TOKAYEV}']", has_text=re.compile("तोका|टोका")).first
    assert tokayev.count() == 1
    # the highlighted evidence is the stored span: the page text at those offsets
    doc = _api(base_url, f"/api/articles/{call['article_id']}")
    text = doc["article"]["text"]
    ev = call["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["text"]
    assert ev["text"].split()[0] in evidence
    tokayev.click()
    page.wait_for_selector("article.entity-page")
    assert TOKAYEV in page.locator("article.entity-page").get_attribute("data-entity")


def test_browser_event_table_filters(page: Any, base_url: str) -> None:
    page.goto(base_url + "/events")
    every = page.locator("table.events tr.event").count()
    page.select_option("select[name=type]", "CONSULT")
    page.click("form.filters button")
    page.wait_for_url("**/events?**")
    types = page.locator("table.events tr.event").evaluate_all("rows => rows.map(r => r.dataset.type)")
    assert types and set(types) == {"CONSULT"} and len(types) < every
    page.screenshot(path=str(ARTIFACTS / "events-consult.png"), full_page=True)


def test_browser_injected_markup_stays_text(page: Any, settings: Settings, shared_dir: Path) -> None:
    from sample_store import load_samples

    from ghatna.store import open_store

    with open_store(settings.store) as store:
        ids = load_samples(store, settings, shared_dir)
    for url in serve(settings):
        page.goto(url + f"/article/{ids['evil']}")
        text = page.locator(".text").inner_text()
        assert '<script>alert("x")</script>' in text and "onerror=alert(1)" in text
        assert page.locator(".text img, .text script").count() == 0
        assert page.locator(".text a[href^='javascript']").count() == 0
        page.screenshot(path=str(ARTIFACTS / "article-evil.png"), full_page=True)
        page.goto(url + "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        assert page.locator("h1 q").inner_text() == "<script>alert(1)</script>"
