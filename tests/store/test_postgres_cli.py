"""The whole pipeline through the real CLI on PostgreSQL gives the SQLite store's record."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswire import client
from crosswire.cli import main
from crosswire.store.backend import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def _run(db: str, *args: str, env: dict[str, str] | None = None) -> str:
    prefix = ["--db", db] if db else []
    result = CliRunner(env=env).invoke(main, [*prefix, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def pg_example(pg_server_running, tmp_path_factory) -> tuple[str, dict]:
    """The example corpus added, analyzed and exported on PostgreSQL: (URL, export)."""
    url = pg_server_running.create_database("example_cli")
    out = tmp_path_factory.mktemp("pg") / "export.json"
    # the URL comes from $CROSSWIRE_DB for add, from --db for the rest
    _run("", "add", str(EXAMPLES), env={"CROSSWIRE_DB": url})
    _run(url, "analyze")
    _run(url, "export", "-o", str(out))
    return url, json.loads(out.read_text("utf-8"))


def test_postgres_export_equals_sqlite_export(pg_example, example_export):
    _, exported = pg_example
    assert exported["documents"] and exported["reuse"] and exported["stories"] and exported["variants"]
    for array in example_export:
        assert exported[array] == example_export[array], array
    assert exported == example_export


def test_adding_again_changes_nothing(pg_example, tmp_path):
    url, exported = pg_example
    assert "added 0, unchanged 14, failed 0" in _run(url, "add", str(EXAMPLES))
    _run(url, "analyze")
    _run(url, "export", "-o", str(tmp_path / "again.json"))
    assert json.loads((tmp_path / "again.json").read_text("utf-8")) == exported


@pytest.fixture(scope="module")
def sqlite_example(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("sqlite") / "same.db")
    _run(db, "add", str(EXAMPLES))
    _run(db, "analyze")
    return db


def test_listing_commands_agree_with_sqlite(pg_example, sqlite_example):
    url, _ = pg_example
    for command in (["quotes", "--speaker", "Muhammad al-Rashidi", "--json"], ["variants", "--json"],
                    ["stories", "--json"], ["timeline", "--json"]):
        assert json.loads(_run(url, *command)) == json.loads(_run(sqlite_example, *command)), command


def test_every_api_filter_agrees_with_sqlite(pg_example, sqlite_example):
    """Each kind's filters (JSON list membership, LIKE, substr ...) select the same records."""
    url, exported = pg_example
    values = {exported["stories"][0]["id"], exported["documents"][3]["id"], exported["documents"][3]["outlet"],
              exported["entities"][0]["id"], "rashidi", "direct", "2023-11-14", "person", "html",
              exported["variants"][0]["statements"][0], exported["reuse"][0]["source"],
              exported["events"][0]["type"], *exported["events"][0]["actors"][:1], exported["discrepancies"][0]["kind"]}
    found = 0
    with open_store(url, readonly=True) as pg, open_store(sqlite_example, readonly=True) as lite:
        for kind, filters in client.FILTERS.items():
            assert client.page(pg, kind, limit=3)[0] == client.page(lite, kind, limit=3)[0]
            for name in filters:
                for value in sorted(v for v in values if v):
                    got = list(client.iterate(pg, kind, {name: value}))
                    assert got == list(client.iterate(lite, kind, {name: value})), (kind, name, value)
                    found += bool(got)
    assert found >= 20


def test_every_export_format_is_the_same(pg_example, sqlite_example, tmp_path):
    import sqlite3

    import pyarrow.parquet as pq

    from crosswire.export.formats import FOLDER_FORMATS, FORMATS

    url, _ = pg_example
    for fmt in FORMATS:
        outputs = [tmp_path / f"{name}.{fmt}" for name in ("pg", "lite")]
        for db, out in zip((url, sqlite_example), outputs):
            _run(db, "export", "--format", fmt, "-o", str(out))
        if fmt == "sqlite":
            tables = []
            for out in outputs:
                with sqlite3.connect(out) as copy:
                    names = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
                    tables.append({n: copy.execute(f'SELECT * FROM "{n}"').fetchall() for n in names})
            assert tables[0] == tables[1] and tables[0]["documents"]
        elif fmt in FOLDER_FORMATS:
            files = sorted(p.name for p in outputs[0].iterdir())
            assert files and files == sorted(p.name for p in outputs[1].iterdir())
            for name in files:
                a, b = outputs[0] / name, outputs[1] / name
                assert (pq.read_table(a) == pq.read_table(b)) if fmt == "parquet" else \
                    a.read_bytes() == b.read_bytes(), (fmt, name)
        elif fmt == "prov":  # rdflib's JSON-LD order differs from run to run: compare the graphs
            from rdflib import Graph
            from rdflib.compare import isomorphic

            graphs = [Graph().parse(out, format="json-ld") for out in outputs]
            assert len(graphs[0]) > 100 and isomorphic(*graphs)
        else:
            assert outputs[0].read_bytes() == outputs[1].read_bytes(), fmt


def test_web_api_serves_a_postgres_store(pg_example):
    from crosswire.web.app import create_app

    url, exported = pg_example
    http = TestClient(create_app(url))
    documents = http.get("/api/documents", params={"limit": 1000}).json()["records"]
    assert [d["id"] for d in documents] == sorted(d["id"] for d in exported["documents"])
    story = exported["stories"][0]
    in_story = http.get("/api/documents", params={"story": story["id"]}).json()["records"]
    assert sorted(d["id"] for d in in_story) == sorted(story["documents"])
    hits = http.get("/api/search", params={"q": "kneel"}).json()["hits"]
    assert hits and all("kneel" in h["text"].lower() for h in hits)
    pages = ("/", f"/stories/{story['id']}", f"/documents/{story['documents'][0]}", "/search?q=kneel",
             f"/entities/{exported['entities'][0]['id']}", f"/variants/{exported['variants'][0]['id']}",
             f"/compare?a={exported['reuse'][0]['source']}&b={exported['reuse'][0]['target']}")
    for page in pages:
        assert http.get(page).status_code == 200, page
    with open_store(url, readonly=True) as store, pytest.raises(Exception, match="read-only"):
        store.conn.execute("DELETE FROM documents")


def test_an_unreachable_server_is_a_clear_error():
    result = CliRunner().invoke(main, ["--db", "postgresql://nobody@127.0.0.1:1/news", "summary"])
    assert result.exit_code == 1
    assert "cannot open the PostgreSQL store" in result.output and "Traceback" not in result.output
