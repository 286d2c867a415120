"""Interchange exports (parquet, sqlite, jsonld, prov, graphml), each parsed back by a real library.

The record is written through the store's own API, so every value is known; one test
also runs the real pipeline on a small corpus and checks every format reads back.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from crosswire.model import EXPORT_ARRAYS, Document, Entity, Statement
from crosswire.store.sqlite import Store

SCHEMA = rdflib.Namespace("https://schema.org/")
CW = rdflib.Namespace("urn:crosswire:terms:")
HOSTILE_TITLE = "<script>window.__pwned = 1</script>Strike day four"
HOSTILE_TEXT = '<img src=x onerror="window.__pwned = 2">'
WIRE_QUOTE = "We will not give up our harbors, and we will not kneel."
DAILY_QUOTE = "We will not give up our harbours and we won't kneel."
TEXTS = {
    "wire-1": f'PORT KESSAN - "{WIRE_QUOTE}" said Jane Roe, the union leader. The strike began on November 8.',
    "daily-2": f'Jane Roe said: "{DAILY_QUOTE}" The strike began on November 9. {HOSTILE_TEXT}\n'
               "Originally published by Harbor Wire",
    "blog-3": f'Union leader Jane Roe: "{WIRE_QUOTE}"',
}


def quote_id(doc_id: str) -> str:
    """The id of the one statement each document of :func:`build_record` has."""
    quote = DAILY_QUOTE if doc_id == "daily-2" else WIRE_QUOTE
    return f"{doc_id}:s{TEXTS[doc_id].index(quote)}"


def node(kind: str, key: str) -> rdflib.URIRef:
    from crosswire.export.jsonld import iri

    return rdflib.URIRef(iri(kind, key))


def _statement(doc: Document, quote: str, kind: str = "direct") -> Statement:
    start = doc.text.index(quote)
    return Statement(id=f"{doc.id}:s{start}", document=doc.id, kind=kind, text=quote, start=start,
                     end=start + len(quote), speaker="e-roe", speaker_name="Jane Roe", cue="said", said=doc.published)


def build_record(path: str | Path) -> Store:
    """A store with three documents of one story, a quote in three renderings, reuse links,
    a credit, a date discrepancy, an event, and hostile markup in titles and text."""
    store = Store(path)
    wire = Document(id="wire-1", source="wire.txt", outlet="Harbor Wire", published="2023-11-10T08:00:00",
                    url="https://wire.example/strike", title="Port strike: union leader speaks",
                    text=TEXTS["wire-1"])
    daily = Document(id="daily-2", source="daily.html", outlet="Coastal Daily", published="2023-11-11",
                     url="https://daily.example/strike", title=HOSTILE_TITLE,
                     text=TEXTS["daily-2"],
                     identifiers={"author": "Sam Poe"})
    daily.cites = [{"name": "Harbor Wire", "relation": "originally published by",
                    "start": daily.text.index("Originally"), "end": len(daily.text), "text": "Originally published by Harbor Wire"}]
    blog = Document(id="blog-3", source="blog.txt", outlet=None, published="2023-11-12", url="javascript:alert(3)",
                    title="Reblog of the strike", text=TEXTS["blog-3"])
    with store.transaction():
        for doc in (wire, daily, blog):
            store.put_document(doc)
            quote = DAILY_QUOTE if doc is daily else WIRE_QUOTE
            store.put_annotations(doc.id, [_statement(doc, quote)], [], version=1)
        store.replace_rows("entities", [
            Entity("e-roe", "Jane Roe", "person", ["Jane Roe", "J. Roe"], ["union leader"]).to_dict(),
            Entity("e-port", "Port Kessan", "place", ["Port Kessan"]).to_dict(),
        ])
        store.replace_rows("stories", [{"id": "s1", "title": HOSTILE_TITLE, "documents": ["wire-1", "daily-2", "blog-3"],
                                        "reasons": [{"kind": "reuse", "documents": ["wire-1", "daily-2"], "detail": "x"}]}])
        store.replace_rows("reuse", [
            {"source": "wire-1", "target": "daily-2", "passages": [{"source_start": 0, "source_end": 70, "target_start": 0,
                                                                    "target_end": 66}], "coverage": 0.8, "basis": [], "confidence": 0.9},
            {"source": "wire-1", "target": "blog-3", "passages": [], "coverage": 0.95, "basis": [], "confidence": 0.7},
        ])
        store.replace_rows("variants", [{
            "id": "var-1", "statements": [quote_id("wire-1"), quote_id("daily-2"), quote_id("blog-3")],
            "canonical": WIRE_QUOTE,
            "differences": [{"kind": "spelling", "span": [24, 31], "values": [
                {"documents": ["wire-1", "blog-3"], "statements": [], "text": "harbors"},
                {"documents": ["daily-2"], "statements": [], "text": "harbours"}]}],
        }])
        store.replace_rows("discrepancies", [{"id": "x1", "story": "s1", "kind": "date", "about": "start of the strike", "values": [
            {"value": "2023-11-08", "documents": ["wire-1"], "evidence": "The strike began on November 8."},
            {"value": "2023-11-09", "documents": ["daily-2"], "evidence": f"The strike began on November 9. {HOSTILE_TEXT}"}]}])
        store.replace_rows("events", [{"id": "ev1", "type": "strike", "date": "2023-11-08", "place": "Port Kessan",
                                       "documents": ["wire-1"], "actors": [], "targets": [], "evidence": [], "mentions": []}])
    return store


@pytest.fixture
def record(db: str, cli):
    build_record(db).close()
    return cli


def test_parquet_has_one_typed_table_per_array(record, tmp_path: Path):
    folder = tmp_path / "pq"
    assert record("export", "--format", "parquet", "-o", folder).exit_code == 0
    assert sorted(p.stem for p in folder.glob("*.parquet")) == sorted(EXPORT_ARRAYS)
    entities = pq.read_table(folder / "entities.parquet")
    assert str(entities.schema.field("aliases").type) == "list<element: string>"
    roe = next(r for r in entities.to_pylist() if r["id"] == "e-roe")
    assert roe["aliases"] == ["Jane Roe", "J. Roe"]
    docs = pq.read_table(folder / "documents.parquet")
    assert docs.num_rows == 3 and "extracted_version" not in docs.column_names
    assert docs.schema.field("identifiers").metadata == {b"crosswire.json": b"true"}
    daily = next(r for r in docs.to_pylist() if r["id"] == "daily-2")
    assert daily["title"] == HOSTILE_TITLE and json.loads(daily["identifiers"]) == {"author": "Sam Poe"}
    reuse = pq.read_table(folder / "reuse.parquet").to_pylist()
    assert {(r["source"], r["target"], r["coverage"]) for r in reuse} >= {("wire-1", "daily-2", 0.8)}
    span = pq.read_table(folder / "statements.parquet").column("start").type
    assert str(span) == "int64"


def test_sqlite_copy_opens_with_views_and_metadata(record, tmp_path: Path):
    target = tmp_path / "record.db"
    assert record("export", "--format", "sqlite", "-o", target).exit_code == 0
    assert oct(target.stat().st_mode & 0o777) == "0o444"
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == set(EXPORT_ARRAYS)
    speakers = conn.execute("SELECT speaker, outlet, text FROM statements_by_speaker ORDER BY published").fetchall()
    assert speakers[0] == ("Jane Roe", "Harbor Wire", WIRE_QUOTE) and len(speakers) == 3
    variant = conn.execute("SELECT id, renderings, differences, kinds FROM variants_with_differences").fetchall()
    assert variant == [("var-1", 3, 1, "spelling")]
    outlets = dict(conn.execute("SELECT outlet, documents FROM documents_by_outlet"))
    assert outlets == {"Harbor Wire": 1, "Coastal Daily": 1, "(unknown)": 1}
    link = conn.execute("SELECT source_title, target_title, coverage FROM reuse_links WHERE target = 'daily-2'").fetchone()
    assert link == ("Port strike: union leader speaks", HOSTILE_TITLE, 0.8)
    foreign = conn.execute("PRAGMA foreign_key_list(statements)").fetchall()
    assert {(f[2], f[3]) for f in foreign} >= {("documents", "document"), ("entities", "speaker")}
    metadata = json.loads((tmp_path / "record.metadata.json").read_text("utf-8"))
    described = metadata["databases"]["record"]["tables"]
    assert {"reuse_links", "statements_by_speaker", "variants_with_differences", "documents_by_outlet"} <= set(described)
    assert described["documents"]["label_column"] == "title"


def test_jsonld_is_schema_org_rdf(record, tmp_path: Path):
    out = tmp_path / "record.jsonld"
    assert record("export", "--format", "jsonld", "-o", out).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["@context"]["@vocab"] == "https://schema.org/"  # inline: nothing is fetched
    graph = rdflib.Graph().parse(out, format="json-ld")
    articles = set(graph.subjects(RDF.type, SCHEMA.NewsArticle))
    assert articles == {node("document", d) for d in ("wire-1", "daily-2", "blog-3")}
    daily = node("document", "daily-2")
    assert (daily, SCHEMA.headline, rdflib.Literal(HOSTILE_TITLE)) in graph
    assert (daily, SCHEMA.isBasedOn, node("document", "wire-1")) in graph
    publisher = graph.value(daily, SCHEMA.publisher)
    assert str(graph.value(publisher, SCHEMA.name)) == "Coastal Daily"
    quote = node("statement", quote_id("daily-2"))
    assert (quote, RDF.type, SCHEMA.Quotation) in graph
    assert graph.value(quote, SCHEMA.spokenByCharacter) == node("entity", "e-roe")
    assert graph.value(quote, SCHEMA.isBasedOn) == node("variant", "var-1")
    roe = node("entity", "e-roe")
    assert (roe, RDF.type, SCHEMA.Person) in graph and (roe, SCHEMA.alternateName, rdflib.Literal("J. Roe")) in graph
    assert (node("entity", "e-port"), RDF.type, SCHEMA.Place) in graph
    review = node("discrepancy", "x1")
    assert (review, RDF.type, SCHEMA.ClaimReview) in graph
    claims = list(graph.objects(review, SCHEMA.itemReviewed))
    assert sorted(str(graph.value(c, CW.value)) for c in claims) == ["2023-11-08", "2023-11-09"]
    assert all((c, RDF.type, SCHEMA.Claim) in graph for c in claims)


def test_prov_turtle_and_jsonld_carry_the_same_graph(record, tmp_path: Path):
    assert record("export", "--format", "prov", "-o", tmp_path / "prov.ttl").exit_code == 0
    assert record("export", "--format", "prov", "-o", tmp_path / "prov.json").exit_code == 0
    assert (tmp_path / "prov.ttl").read_text("utf-8").lstrip().startswith("@prefix")
    turtle = rdflib.Graph().parse(tmp_path / "prov.ttl", format="turtle")
    as_jsonld = rdflib.Graph().parse(tmp_path / "prov.json", format="json-ld")
    assert isomorphic(turtle, as_jsonld)
    daily, wire = node("document", "daily-2"), node("document", "wire-1")
    assert (daily, PROV.wasDerivedFrom, wire) in turtle
    derivation = turtle.value(daily, PROV.qualifiedDerivation)
    assert turtle.value(derivation, PROV.entity) == wire and turtle.value(derivation, CW.coverage).toPython() == 0.8
    daily_quote = node("statement", quote_id("daily-2"))
    assert (daily_quote, PROV.wasQuotedFrom, node("variant", "var-1")) in turtle
    assert (daily_quote, PROV.wasAttributedTo, node("entity", "e-roe")) in turtle
    extraction = turtle.value(daily_quote, PROV.wasGeneratedBy)
    assert (extraction, RDF.type, PROV.Activity) in turtle and (extraction, PROV.used, daily) in turtle


def test_prov_quotes_point_to_the_transcript_turn(tmp_path: Path):
    from crosswire.export.prov import provenance_graph

    store = build_record(tmp_path / "t.db")
    with store.transaction():
        store.conn.execute("UPDATE statements SET kind = 'turn' WHERE document = 'wire-1'")
    graph = provenance_graph(store)
    turn = node("statement", quote_id("wire-1"))
    assert (node("statement", quote_id("daily-2")), PROV.wasQuotedFrom, turn) in graph
    assert (node("variant", "var-1"), PROV.hadPrimarySource, turn) in graph
    assert not list(graph.triples((turn, PROV.wasQuotedFrom, None)))


def test_graphml_is_the_provenance_graph(record, tmp_path: Path):
    out = tmp_path / "record.graphml"
    assert record("export", "--format", "graphml", "-o", out).exit_code == 0
    graph = nx.read_graphml(out, force_multigraph=True)
    assert graph.is_directed()
    assert graph.nodes["wire-1"] == {"kind": "document", "outlet": "Harbor Wire", "published": "2023-11-10T08:00:00",
                                     "title": "Port strike: union leader speaks", "url": "https://wire.example/strike",
                                     "format": "text"}
    edges = {(a, b, d["kind"]): d for a, b, d in graph.edges(data=True)}
    assert edges[("wire-1", "daily-2", "reuse")]["coverage"] == 0.8
    assert edges[("wire-1", "daily-2", "cites")]["relation"] == "originally published by"
    assert ("wire-1", "blog-3", "reuse") in edges and len(edges) == 3


def test_path_formats_need_an_output(record):
    for fmt in ("parquet", "sqlite"):
        result = record("export", "--format", fmt)
        assert result.exit_code == 2 and "-o" in result.output


def test_every_format_reads_back_from_a_real_pipeline(cli, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('Harbor talks resume\n\nNovember 13, 2023\n\n"We will not give up our land," '
                                  "Jane Roe, the party founder, said on Monday.\n", encoding="utf-8")
    (folder / "b.jsonl").write_text(json.dumps({"id": "wire-1", "text": "The port strike entered its third day.",
                                                "outlet": "Wire", "published": "2023-11-14"}) + "\n", encoding="utf-8")
    assert cli("add", folder).exit_code == 0 and cli("analyze").exit_code == 0
    for fmt, name in (("parquet", "pq"), ("sqlite", "c.db"), ("jsonld", "x.jsonld"), ("prov", "p.ttl"), ("graphml", "g.graphml")):
        result = cli("export", "--format", fmt, "-o", tmp_path / name)
        assert result.exit_code == 0, (fmt, result.output)
    assert pq.read_table(tmp_path / "pq" / "documents.parquet").num_rows == 2
    assert pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == 0
    conn = sqlite3.connect(f"file:{tmp_path / 'c.db'}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM documents_by_outlet").fetchone()[0] == 2
    assert len(rdflib.Graph().parse(tmp_path / "x.jsonld", format="json-ld")) > 10
    assert len(rdflib.Graph().parse(tmp_path / "p.ttl", format="turtle")) > 5
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == 2
