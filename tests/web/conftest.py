"""Stores for the web tests: the example corpus, and a corpus of hostile documents."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import crosswire
from crosswire.web.app import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Every way out of an HTML text node, attribute, textarea, title or template we could think of.
PAYLOAD = ("<script>alert('script')</script> <img src=x onerror=\"alert('img')\"> "
           "<a href=\"javascript:alert('link')\">click</a> </textarea><svg onload=alert('svg')> "
           "\"><script>alert('attr')</script> '><body onload=alert('body')> </title><script>alert('title')</script> "
           "{{ 7*7 }} <iframe src=\"javascript:alert('frame')\"></iframe>")
HOSTILE_SPEAKER = "Jane <b onmouseover=alert('speaker')>Roe</b>"
HOSTILE_TEXT = (
    f"VIENNA - {PAYLOAD}\n\n"
    f"{HOSTILE_SPEAKER}: We will hold the vote on <script>alert('quote')</script> Tuesday, and nobody in the "
    "capital can stop the people of the coast from choosing their own council this winter.\n\n"
    "\"Our harbours belong to us and we will defend them <img src=x onerror=alert('q2')> with our votes,\" "
    "said Jane Roe, the council chair, on Monday.\n\n"
    "The ministry said the vote was illegal and that the result would not be recognised by the government "
    "in the capital, whatever the turnout in the coastal provinces turns out to be on the day of the vote.")


def hostile_records() -> list[dict[str, str]]:
    shared = {"title": f"<script>alert('t')</script>{PAYLOAD}", "outlet": "</textarea><svg onload=alert('o')>"}
    copy = HOSTILE_TEXT.replace("stop the people", "prevent the people").replace("Monday", "Sunday")
    return [
        {"id": "xss-original", "published": "2023-11-01", "url": "javascript:alert('url')", "text": HOSTILE_TEXT,
         **shared},
        {"id": "xss-copy", "published": "2023-11-02", "text": copy + "\n\nOriginally published by " + shared["outlet"],
         "title": shared["title"], "outlet": "<img src=x onerror=alert('outlet2')>"},
    ]


def _build(path: Path, inputs: list[Path]) -> str:
    with crosswire.open(path) as cw:
        cw.add(inputs)
        cw.analyze()
    return str(path)


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example corpus, added and analyzed once (treat as read-only)."""
    return _build(tmp_path_factory.mktemp("web") / "example.db", [EXAMPLES])


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    feed = folder / "hostile.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in hostile_records()) + "\n", "utf-8")
    return _build(folder / "hostile.db", [feed])


@pytest.fixture
def writable_db(example_db: str, tmp_path: Path) -> str:
    """A private copy of the example store, for tests that write."""
    copy = tmp_path / "copy.db"
    shutil.copy(example_db, copy)
    return str(copy)


@pytest.fixture(scope="session")
def example_app(example_db: str):
    return create_app(example_db)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skipped only outside CI when it is missing."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing in CI: run scripts/install-browser")
        pytest.skip("/usr/bin/chromium is not installed (scripts/install-browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
