"""The HTML pages through the real ASGI app, and the offset-to-HTML renderer."""
from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from markupsafe import escape

from crosswire.link.wordalign import DIFF_KINDS
from crosswire.web.app import create_app
from crosswire.web.render import Span, annotate


def esc(text: str) -> str:
    return str(escape(text))


@pytest.fixture(scope="module")
def web(example_app) -> TestClient:
    return TestClient(example_app)


def _ids(web: TestClient) -> dict[str, str]:
    docs = web.get("/api/documents", params={"limit": 1000}).json()["records"]
    by_file = {d["source"].rsplit("/", 1)[-1]: d["id"] for d in docs}
    return {"transcript": by_file["meridian-clip-4312.txt"], "dispatch": by_file["harbor-dispatch-10877.html"]}


def test_home_lists_stories_with_counts(web):
    page = web.get("/").text
    stories = web.get("/api/stories").json()["records"]
    assert page.count('class="story-link"') == len(stories) > 0
    assert 'action="/search"' in page


def test_compare_highlights_each_difference_by_kind(web):
    ids = _ids(web)
    page = web.get("/compare", params={"a": ids["transcript"], "b": ids["dispatch"]}).text
    assert re.search(r'<span class="shared diff d-wording"[^>]*>occupying</span>', page)
    assert re.search(r'<span class="shared diff d-wording"[^>]*>controlling</span>', page)
    assert 'class="shared"' in page
    for kind in DIFF_KINDS:  # the legend names every kind with its class
        assert f'<span class="diff d-{kind}">{kind}</span>' in page
    assert web.get("/compare", params={"a": "nope", "b": ids["dispatch"]}).status_code == 404


def test_story_page_has_graph_timeline_and_discrepancies(web):
    story = web.get("/api/stories", params={"document": "dl-2023-11-15-0412"}).json()["records"][0]
    page = web.get(f"/stories/{story['id']}").text
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert svg.count('class="node"') == len(story["documents"])
    arrows = re.findall(r'<a class="edge (?:reuse|citation)" href="([^"]+)"', svg)
    reuse = web.get("/api/reuse", params={"story": story["id"]}).json()["records"]
    assert len(arrows) >= len(reuse) > 0 and all(a.startswith("/compare?a=") for a in arrows)
    assert "Timeline" in page and 'class="timeline"' in page
    for x in web.get("/api/discrepancies", params={"story": story["id"]}).json()["records"]:
        for value in x["values"]:
            assert esc(value["evidence"]) in page


def test_variant_page_aligns_every_rendering(web):
    variant = max(web.get("/api/variants").json()["records"], key=lambda v: len(v["differences"]))
    page = web.get(f"/variants/{variant['id']}").text
    assert page.count("<tr") - 1 == len(variant["statements"])
    if variant["differences"]:
        assert re.search(r'class="diff d-(?:%s)' % "|".join(DIFF_KINDS), page)


def test_document_page_shows_annotations_dates_and_removed_text(web):
    dispatch = _ids(web)["dispatch"]
    doc = web.get(f"/api/documents/{dispatch}").json()
    page = web.get(f"/documents/{dispatch}").text
    assert 'class="statement k-' in page and 'class="mention m-' in page
    assert all(esc(d["value"]) in page for d in doc["dates"])
    assert doc["removed"] and esc(doc["removed"][0]["text"])[:40] in page
    assert web.get("/documents/no-such-document").status_code == 404


def test_entity_page_lists_statements_by_the_entity(web):
    statement = next(s for s in web.get("/api/statements", params={"speaker": "al-Rashidi", "limit": 1000})
                     .json()["records"] if s["speaker"])
    entity = web.get(f"/api/entities/{statement['speaker']}").json()
    page = web.get(f"/entities/{entity['id']}").text
    assert esc(entity["name"]) in page
    assert esc(statement["text"])[:60] in page


def test_hostile_text_is_escaped_everywhere(hostile_db):
    web = TestClient(create_app(hostile_db))
    for url in ("/", "/documents/xss-original", "/compare?a=xss-original&b=xss-copy", "/search?q=alert",
                "/search?q=%3Cscript%3E&speaker=%3C/textarea%3E"):
        page = web.get(url).text
        assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(", "")
        assert "<svg onload" not in page and "<img" not in page and "<iframe" not in page


def test_annotate_nests_overlaps_marks_insertion_points_and_escapes():
    text = "a <b> & c"
    out = annotate(text, [Span(0, 5, "st", anchor="at-0"), Span(2, 5, "m", href="/entities/x"),
                          Span(6, 6, "diff d-insertion")])
    assert out == ('<span class="anchor" id="at-0"></span><span class="st">a </span>'
                   '<span class="st m"><a href="/entities/x">&lt;b&gt;</a></span> '
                   '<span class="diff d-insertion point"></span>&amp; c')


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6))
def test_annotate_keeps_the_text_whatever_the_spans(text, bounds):
    spans = [Span(min(a, b), max(a, b), "x", href="/e", title="<t>") for a, b in bounds]
    rendered = str(annotate(text, spans))
    assert html.unescape(re.sub(r"<[^>]*>", "", rendered)) == text
    assert "<" not in re.sub(r"<(/?)(span|a)\b[^>]*>", "", rendered)
