"""End to end: a real uvicorn server on 127.0.0.1 and headless Chromium, as a reader would use it."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from crosswire.web.app import create_app
from crosswire.web.server import BackgroundServer


@pytest.fixture(scope="module")
def site(example_app):
    with BackgroundServer(example_app) as server:
        yield server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_story_comparison_search_and_provenance(site, page, example_app):
    story = (TestClient(example_app).get("/api/stories", params={"document": "dl-2023-11-15-0412"})
             .json()["records"][0])  # the al-Rashidi interview's story
    page.goto(site + "/")
    page.locator(f"a.story-link[href='/stories/{story['id']}']").click()
    page.wait_for_selector("svg.provenance")
    assert page.locator("svg.provenance a.edge").count() >= 3
    assert page.locator("svg.provenance a.node").count() == len(story["documents"])

    # Follow a provenance arrow: the transcript -> dispatch one leads to their comparison.
    arrows = page.locator("svg.provenance a.edge")
    hrefs = [arrows.nth(i).get_attribute("href") for i in range(arrows.count())]
    assert all(h.startswith("/compare?a=") for h in hrefs)
    arrows.nth(0).locator("path").dispatch_event("click")
    page.wait_for_url(re.compile(r"/compare\?a="))
    assert page.locator(".side").count() == 2

    # The transcript against the dispatch: the wording difference is highlighted on both sides.
    page.goto(site + "/search?q=occupying+our+ports")
    transcript = page.locator("li.hit a.hit-title").first.get_attribute("href").split("/documents/")[1].split("#")[0]
    page.goto(site + "/search?q=controlling+our+ports&scope=documents")
    dispatch_href = page.locator("li.hit a.hit-title").first.get_attribute("href")
    dispatch = dispatch_href.split("/documents/")[1]
    page.goto(f"{site}/compare?a={transcript}&b={dispatch}")
    old = page.locator("#side-a .diff.d-wording", has_text="occupying")
    new = page.locator("#side-b .diff.d-wording", has_text="controlling")
    assert old.count() == 1 and new.count() == 1
    assert old.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.locator("#side-a .shared").count() > 0
    new.hover()  # the script pairs the two sides of the difference
    assert "active" in old.get_attribute("class")

    # Full-text search from the header box, then into a document at the statement.
    page.fill("header input[name=q]", '"we will not kneel"')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("li.hit")
    assert hits.count() >= 2
    assert page.locator("li.hit mark").first.inner_text().lower() == "we will not kneel"  # the phrase, marked
    hits.first.locator("a.hit-title").click()
    page.wait_for_url(re.compile(r"/documents/.+#at-\d+"))
    assert page.locator(".document-text .statement").count() > 0
    assert page.locator(".document-text .mention a[href^='/entities/']").count() > 0
    assert not page.errors


def test_hostile_documents_never_run_script(hostile_db, browser, page):
    app = create_app(hostile_db)
    api = TestClient(app)
    statements = api.get("/api/statements").json()["records"]
    assert any("<script>" in s["text"] for s in statements)  # the payloads reach the annotations
    variants = [f"/variants/{v['id']}" for v in api.get("/api/variants").json()["records"]]
    entities = [f"/entities/{e['id']}" for e in api.get("/api/entities").json()["records"]]
    stories = [f"/stories/{s['id']}" for s in api.get("/api/stories").json()["records"]]
    assert variants and entities and stories
    reflected = "/search?q=%3Cscript%3Ealert(9)%3C/script%3E&speaker=%22%3E%3Csvg%20onload=alert(8)%3E"
    with BackgroundServer(app) as server:
        urls = ["/", "/search?q=script", "/search?q=alert&scope=documents", "/documents/xss-original",
                "/documents/xss-copy", "/compare?a=xss-original&b=xss-copy", "/api/documents", reflected,
                *variants, *entities, *stories]
        for url in urls:
            page.goto(server.url + url)
            page.wait_for_load_state("load")
            injected = page.evaluate("""() => ({
                scripts: [...document.scripts].filter(s => !s.src.endsWith('/static/app.js')).length,
                handlers: [...document.querySelectorAll('*')].filter(
                    e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                js_links: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]').length,
                foreign: document.querySelectorAll('img, iframe, textarea, body svg:not(.provenance)').length,
            })""")
            assert injected == {"scripts": 0, "handlers": 0, "js_links": 0, "foreign": 0}, (url, injected)
        page.goto(server.url + "/documents/xss-original")
        assert "<script>alert('script')</script>" in page.inner_text(".document-text")  # shown, as text
        assert "<svg onload=alert('o')>" in page.inner_text("aside")  # the outlet, as text
    assert page.dialogs == []
