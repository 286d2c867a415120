"""The JSON API through the real ASGI app: the export contract's records, filters, pages, safety."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswire.cli import main
from crosswire.export.formats import records
from crosswire.model import EXPORT_ARRAYS
from crosswire.store.sqlite import Store
from crosswire.web.app import CSP, create_app


@pytest.fixture(scope="module")
def api(example_app) -> TestClient:
    return TestClient(example_app)


def _all_pages(api: TestClient, url: str, limit: int) -> list[dict]:
    out, cursor = [], None
    while True:
        page = api.get(url, params={"limit": limit, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["records"]) <= limit
        out += body["records"]
        cursor = body["next"]
        if cursor is None:
            return out


@pytest.mark.parametrize("kind", EXPORT_ARRAYS)
def test_every_kind_pages_through_exactly_the_export_records(api, example_db, kind):
    with Store(example_db, readonly=True) as store:
        expected = list(records(store, kind))
    got = _all_pages(api, f"/api/{kind}", limit=3)
    key = (lambda r: (r["source"], r["target"])) if kind == "reuse" else (lambda r: r["id"])
    assert sorted(got, key=key) == sorted(expected, key=key)
    assert len({key(r) for r in got}) == len(got)  # no record twice across pages
    if expected:
        one = expected[0]
        record_id = f"{one['source']}~{one['target']}" if kind == "reuse" else one["id"]
        assert api.get(f"/api/{kind}/{record_id}").json() == one


def test_statement_filters(api, example_db):
    by_speaker = api.get("/api/statements", params={"speaker": "al-Rashidi", "limit": 1000}).json()["records"]
    assert by_speaker and any("We do not seek war" in r["text"] for r in by_speaker)
    assert all("speaker_key" not in r for r in by_speaker)
    with Store(example_db, readonly=True) as store:
        rashidi = {e.id for e in store.entities() if "Rashidi" in e.name}
    assert all(r["speaker"] in rashidi or "ashidi" in (r["speaker_name"] or "") for r in by_speaker)
    ledger = api.get("/api/statements", params={"outlet": "Daily Ledger Online", "limit": 1000}).json()["records"]
    assert ledger and {r["document"] for r in ledger} <= {"dl-2023-11-15-0412", "dl-2023-11-14-0388"}
    one_doc = api.get("/api/statements", params={"document": "dl-2023-11-14-0388"}).json()["records"]
    assert one_doc and {r["document"] for r in one_doc} == {"dl-2023-11-14-0388"}


def test_story_and_document_filters(api):
    story = next(s for s in api.get("/api/stories").json()["records"] if "dl-2023-11-15-0412" in s["documents"])
    docs = api.get("/api/documents", params={"story": story["id"], "limit": 1000}).json()["records"]
    assert sorted(d["id"] for d in docs) == sorted(story["documents"])
    assert api.get("/api/stories", params={"document": "dl-2023-11-15-0412"}).json()["records"] == [story]
    reuse = api.get("/api/reuse", params={"document": "dl-2023-11-15-0412"}).json()["records"]
    assert reuse and all("dl-2023-11-15-0412" in (r["source"], r["target"]) for r in reuse)
    dated = api.get("/api/documents", params={"since": "2023-11-14", "until": "2023-11-15"}).json()["records"]
    assert {d["id"] for d in dated} == {"dl-2023-11-14-0388", "dl-2023-11-15-0412"}


@pytest.mark.parametrize("url, status", [
    ("/api/statements?bogus=1", 400), ("/api/statements?cursor=not-a-cursor", 400),
    ("/api/statements?limit=0", 422), ("/api/statements?limit=100000", 422),
    ("/api/widgets", 422), ("/api/documents/no-such-document", 404),
    ("/api/compare?a=nope&b=dl-2023-11-15-0412", 404),
])
def test_bad_requests_are_told_why(api, url, status):
    response = api.get(url)
    assert response.status_code == status
    assert response.json()["detail"]


def test_search_endpoint_ranks_the_phrase_first(api):
    hits = api.get("/api/search", params={"q": '"we will not kneel"'}).json()["hits"]
    assert hits and all("will not kneel" in h["text"].lower() for h in hits)
    docs = api.get("/api/search", params={"q": "dockworkers strike", "scope": "documents"}).json()["hits"]
    assert docs[0]["title"] and "strike" in (docs[0]["title"] + docs[0]["snippet"]).lower()


def document_from(api: TestClient, file_name: str) -> str:
    docs = api.get("/api/documents", params={"limit": 1000}).json()["records"]
    return next(d["id"] for d in docs if d["source"].endswith(file_name))


def test_compare_endpoint_finds_the_wording_difference(api):
    a, b = document_from(api, "meridian-clip-4312.txt"), document_from(api, "harbor-dispatch-10877.html")
    diffs = api.get("/api/compare", params={"a": a, "b": b}).json()["differences"]
    assert {"kind": "wording", "a": "occupying", "b": "controlling"} in [
        {"kind": d["kind"], "a": d["a"]["text"], "b": d["b"]["text"]} for d in diffs]


def test_openapi_describes_the_api_and_every_response_has_the_csp(api):
    spec = api.get("/openapi.json")
    assert spec.headers["content-security-policy"] == CSP
    paths = spec.json()["paths"]
    assert {"/api/{kind}", "/api/{kind}/{record_id}", "/api/search", "/api/compare"} <= set(paths)
    for url in ("/", "/api/documents", "/static/style.css", "/nothing-here"):
        assert api.get(url).headers["content-security-policy"] == CSP
    assert "cdn" not in api.get("/").text.lower()


def test_the_store_is_read_only_unless_writing_is_allowed(api, writable_db):
    new = {"text": "PORT KESSAN - The harbour master said on Friday that the zebrafish quarantine is over.",
           "outlet": "Test Wire", "title": "Quarantine lifted", "published": "2023-11-20"}
    assert api.post("/api/documents", json=new).status_code == 403
    with pytest.raises(Exception):
        api.app.state.store.conn.execute("DELETE FROM documents")
    writer = TestClient(create_app(writable_db, allow_write=True))
    response = writer.post("/api/documents", json=new)
    assert response.status_code == 201 and response.json()["added"]
    hits = writer.get("/api/search", params={"q": "zebrafish", "scope": "documents"}).json()["hits"]
    assert [h["id"] for h in hits] == [response.json()["id"]]
    assert writer.post("/api/documents", json=new).json()["added"] is False


def test_a_token_guards_every_request(example_db):
    guarded = TestClient(create_app(example_db, token="s3cret-token"))
    assert guarded.get("/api/documents").status_code == 401
    assert guarded.get("/static/app.js").status_code == 401
    assert guarded.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/api/documents", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    trade = guarded.get("/stories?x=1&token=s3cret-token", follow_redirects=False)
    assert trade.status_code == 303 and trade.headers["location"] == "/stories?x=1"
    assert "token=s3cret-token" in trade.headers["set-cookie"] and "HttpOnly" in trade.headers["set-cookie"]
    assert guarded.get("/").status_code == 200  # the cookie now rides along
    stranger = TestClient(create_app(example_db, token="s3cret-token"))
    assert stranger.get("/?token=wrong", follow_redirects=False).status_code == 401


def test_serve_refuses_to_bind_beyond_localhost_without_a_token(example_db, monkeypatch):
    monkeypatch.delenv("CROSSWIRE_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["--db", example_db, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "token" in result.output


def test_a_real_server_answers_concurrent_requests(example_app):
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from crosswire.web.server import BackgroundServer

    urls = ["/", "/api/statements?limit=50", "/api/search?q=kneel", "/search?q=dialogue", "/api/entities"] * 8
    with BackgroundServer(example_app) as server, httpx.Client(base_url=server.url) as http:
        assert server.host == "127.0.0.1"
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda url: http.get(url).status_code, urls))
    assert statuses == [200] * len(urls)
