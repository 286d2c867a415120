"""The story brief, rendered by headless Chromium: what an editor sees, and what must not run."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_formats_interchange import DAILY_QUOTE, HOSTILE_TEXT, HOSTILE_TITLE, build_record

from crosswire.export import brief as brief_module
from crosswire.export.brief import brief_data, rendering_segments
from crosswire.link.wordalign import OMISSION, SPELLING, WORDING

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")


@pytest.fixture
def record(db: str, cli):
    build_record(db).close()
    return cli


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_brief_shows_the_story_to_an_editor(record, browser, tmp_path: Path):
    out = tmp_path / "brief.html"
    result = record("brief", "s1", "-o", out)
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(out.as_uri())
    summary = page.locator("#summary .summary").inner_text()
    assert "3 reports from 2 outlets (Coastal Daily, Harbor Wire) between 2023-11-10 and 2023-11-12" in summary
    assert "Jane Roe (3 statements)" in summary and "Outlets disagree on 1 fact: the date of start of the strike" in summary
    spelling = page.locator("#quotes mark[data-kind='spelling']")
    assert spelling.first.is_visible() and spelling.first.inner_text() == "harbours"
    assert page.locator("#quotes mark[data-kind='wording']").first.inner_text() == "won't"
    disputed = page.locator("#disputed")
    assert disputed.get_by_text("2023-11-09", exact=True).is_visible()
    assert disputed.get_by_text("The strike began on November 9.").is_visible()
    assert disputed.locator("a", has_text="Coastal Daily").get_attribute("href") == "https://daily.example/strike"
    svg = page.locator("#copy-chain svg")
    assert svg.is_visible() and svg.locator("g.doc").count() == 3 and svg.locator("path.reuse").count() == 2
    assert "80% copied" in svg.text_content()
    assert page.locator("#timeline").get_by_text("strike", exact=True).is_visible()  # the event
    # The hostile title and text are shown as text and run nothing.
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert disputed.get_by_text(HOSTILE_TEXT).is_visible()
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.close()


@needs_chromium
def test_brief_prints_to_pdf(record, tmp_path: Path):
    out = tmp_path / "brief.html"
    result = record("brief", "s1", "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "brief.pdf").read_bytes().startswith(b"%PDF")


def test_brief_without_chromium_says_so(record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(brief_module, "CHROMIUM_PATHS", (str(tmp_path / "no-chromium"),))
    result = record("brief", "s1", "-o", tmp_path / "brief.html", "--pdf")
    assert result.exit_code == 1 and "PDF needs Chromium" in result.output
    assert (tmp_path / "brief.html").exists()


def test_brief_of_an_unknown_story_is_a_usage_error(record, tmp_path: Path):
    result = record("brief", "nope", "-o", tmp_path / "brief.html")
    assert result.exit_code == 2 and "no story 'nope'" in result.output


def test_timeline_falls_back_to_documents_by_date(tmp_path: Path):
    store = build_record(tmp_path / "t.db")
    with store.transaction():
        store.replace_rows("events", [])
    data = brief_data(store, "s1")
    assert not data["timeline_is_events"]
    assert [d["id"] for d in data["timeline"]] == ["wire-1", "daily-2", "blog-3"]
    assert data["timeline"][2]["url"] is None  # a javascript: URL is never linked


def test_rendering_segments_mark_each_difference():
    canonical = "We will not give up our harbors, and we will not kneel."
    pieces = rendering_segments(canonical, DAILY_QUOTE)
    marked = {(p["kind"], p["text"]) for p in pieces if "kind" in p}
    assert (SPELLING, "harbours") in marked and (WORDING, "won't") in marked
    assert "".join(p["text"] for p in pieces if not p.get("omitted")) == DAILY_QUOTE
    cut = rendering_segments(canonical, "We will not give up, and we will not kneel.")
    assert [(p["kind"], p["text"], p.get("omitted")) for p in cut if "kind" in p] == [(OMISSION, "our harbors", "yes")]
