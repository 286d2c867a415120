"""The provenance of the record in W3C PROV-O: who copied whom, who quoted whom, and how we know.

Written as JSON-LD, or as Turtle when the output file ends in ``.ttl``. Mapping:

- a document is a ``prov:Entity`` (title, outlet, date, URL as ``schema:`` properties),
  ``prov:wasAttributedTo`` its outlet, a ``prov:Organization``;
- reuse: the copy ``prov:wasDerivedFrom`` the original, and its ``prov:qualifiedDerivation``
  (a ``prov:Derivation``) carries ``cw:coverage``, ``cw:confidence`` and the linking activity;
- a statement is a ``prov:Entity`` ``dcterms:isPartOf`` its document, ``prov:wasGeneratedBy``
  the extraction activity and ``prov:wasAttributedTo`` its speaker (a ``prov:Person`` or
  ``prov:Organization``);
- quotes: each rendering of a variant group ``prov:wasQuotedFrom`` the group's transcript
  turn when the group has one (the words as spoken), else the group's canonical quotation,
  an entity of its own (``prov:value`` its text);
- the two steps are ``prov:Activity`` nodes: ``extraction`` (``prov:used`` each document;
  it generated the statements) and ``linking`` (it generated reuse links and variant
  groups), both ``prov:wasAssociatedWith`` crosswire, a ``prov:SoftwareAgent``.

Node names are those of :mod:`.jsonld`, so the two exports describe the same nodes.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from ..store.sqlite import Store
from .jsonld import TERMS, iri

SCHEMA = Namespace("https://schema.org/")
CW = Namespace(TERMS)
AGENT = URIRef("urn:crosswire:agent:crosswire")
EXTRACTION = URIRef("urn:crosswire:activity:extraction")
LINKING = URIRef("urn:crosswire:activity:linking")
AGENT_TYPES = {"person": PROV.Person, "organization": PROV.Organization}
CONTEXT = {"prov": str(PROV), "schema": str(SCHEMA), "cw": TERMS, "dcterms": str(DCTERMS),
           "rdfs": str(RDFS), "xsd": str(XSD)}


def provenance_graph(store: Store) -> Graph:
    """The PROV-O graph of a store."""
    from .formats import records

    graph = Graph()
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    _activities(graph)
    agents = {e["id"]: e for e in records(store, "entities") if e["type"] in AGENT_TYPES}
    for entity in agents.values():
        node = URIRef(iri("entity", entity["id"]))
        graph.add((node, RDF.type, AGENT_TYPES[entity["type"]]))
        graph.add((node, RDFS.label, Literal(entity["name"])))
    for doc in records(store, "documents"):
        _document(graph, doc)
    for st in records(store, "statements"):
        node = URIRef(iri("statement", st["id"]))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, PROV.value, Literal(st["text"])))
        graph.add((node, DCTERMS.isPartOf, URIRef(iri("document", st["document"]))))
        graph.add((node, PROV.wasGeneratedBy, EXTRACTION))
        if st["speaker"] in agents:
            graph.add((node, PROV.wasAttributedTo, URIRef(iri("entity", st["speaker"]))))
    for link in records(store, "reuse"):
        _derivation(graph, link)
    kinds = dict(store.conn.execute("SELECT id, kind FROM statements"))
    for variant in records(store, "variants"):
        _quotation(graph, variant, kinds)
    return graph


def write_prov(store: Store, out: IO[str], turtle: bool) -> None:
    graph = provenance_graph(store)
    if turtle:
        out.write(graph.serialize(format="turtle"))
    else:
        out.write(graph.serialize(format="json-ld", context=CONTEXT, indent=1))


def _activities(graph: Graph) -> None:
    graph.add((AGENT, RDF.type, PROV.SoftwareAgent))
    graph.add((AGENT, RDFS.label, Literal(f"crosswire {_version()}")))
    for activity, label in ((EXTRACTION, "per-document extraction: statements, speakers, mentions"),
                            (LINKING, "cross-document linking: entities, reuse, quote variants, stories, discrepancies")):
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, RDFS.label, Literal(label)))
        graph.add((activity, PROV.wasAssociatedWith, AGENT))


def _document(graph: Graph, doc: dict[str, Any]) -> None:
    node = URIRef(iri("document", doc["id"]))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, DCTERMS.identifier, Literal(doc["id"])))
    for prop, key in ((SCHEMA.headline, "title"), (SCHEMA.datePublished, "published"), (SCHEMA.url, "url")):
        if doc[key]:
            graph.add((node, prop, Literal(doc[key])))
    graph.add((EXTRACTION, PROV.used, node))
    if doc["outlet"]:
        outlet = URIRef(iri("outlet", doc["outlet"]))
        graph.add((outlet, RDF.type, PROV.Organization))
        graph.add((outlet, RDFS.label, Literal(doc["outlet"])))
        graph.add((node, PROV.wasAttributedTo, outlet))


def _derivation(graph: Graph, link: dict[str, Any]) -> None:
    source, target = URIRef(iri("document", link["source"])), URIRef(iri("document", link["target"]))
    graph.add((target, PROV.wasDerivedFrom, source))
    derivation = BNode()
    graph.add((target, PROV.qualifiedDerivation, derivation))
    graph.add((derivation, RDF.type, PROV.Derivation))
    graph.add((derivation, PROV.entity, source))
    graph.add((derivation, PROV.hadActivity, LINKING))
    graph.add((derivation, CW.coverage, Literal(link["coverage"], datatype=XSD.double)))
    graph.add((derivation, CW.confidence, Literal(link["confidence"], datatype=XSD.double)))
    graph.add((derivation, CW.passages, Literal(len(link["passages"]), datatype=XSD.integer)))


def _quotation(graph: Graph, variant: dict[str, Any], kinds: dict[str, str]) -> None:
    node = URIRef(iri("variant", variant["id"]))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, PROV.value, Literal(variant["canonical"])))
    graph.add((node, PROV.wasGeneratedBy, LINKING))
    turn = next((s for s in variant["statements"] if kinds.get(s) == "turn"), None)
    origin = URIRef(iri("statement", turn)) if turn else node
    if turn:
        graph.add((node, PROV.hadPrimarySource, origin))
    for statement in variant["statements"]:
        if statement != turn:
            graph.add((URIRef(iri("statement", statement)), PROV.wasQuotedFrom, origin))


def _version() -> str:
    try:
        return version("crosswire")
    except PackageNotFoundError:
        return "(development)"
