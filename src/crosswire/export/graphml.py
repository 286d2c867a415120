"""The provenance graph as GraphML, for Gephi, Cytoscape, yEd or networkx.

Nodes are documents (``kind="document"``, with ``outlet``, ``published``, ``title``, ``url``
and ``format``) and, where a credit names no document in the record, outlets
(``kind="outlet"``). Edges are directed from the original to the copy or to the one
credited:

- ``kind="reuse"``: source -> target of a reuse link, with ``coverage``, ``confidence`` and
  ``passages`` (their number);
- ``kind="cites"``: credited -> crediting document, from the crediting document's ``cites``
  (``relation`` as found, e.g. "originally published by"). The credited end is the document
  of the named outlet it shares a reuse link with, else the outlet's node.

The graph is a multigraph (a copy can both reuse and credit its original); edge keys are
the kinds. Missing values are left out, as GraphML has no null.
"""
from __future__ import annotations

import json
import re
from typing import IO, Any

import networkx as nx

from ..store.sqlite import Store

DOCUMENT_ATTRIBUTES = ("outlet", "published", "title", "url", "format")


def provenance_graph(store: Store) -> nx.MultiDiGraph:
    from .formats import records

    graph = nx.MultiDiGraph(name="crosswire provenance")
    outlets: dict[str, str | None] = {}
    cites: dict[str, list[dict[str, Any]]] = {}
    for row in store.conn.execute("SELECT id, outlet, published, title, url, format, cites FROM documents ORDER BY id"):
        doc = dict(row)
        graph.add_node(doc["id"], kind="document", **_present({k: doc[k] for k in DOCUMENT_ATTRIBUTES}))
        outlets[doc["id"]] = doc["outlet"]
        cites[doc["id"]] = [c for c in json.loads(doc["cites"] or "[]") if isinstance(c, dict)]
    linked: dict[str, set[str]] = {}
    for link in records(store, "reuse"):
        graph.add_edge(link["source"], link["target"], key="reuse", kind="reuse", coverage=link["coverage"],
                       confidence=link["confidence"], passages=len(link["passages"]))
        linked.setdefault(link["source"], set()).add(link["target"])
        linked.setdefault(link["target"], set()).add(link["source"])
    for doc_id, found in cites.items():
        for cite in found:
            name = cite.get("name")
            if not name:
                continue
            credited = [d for d in sorted(linked.get(doc_id, ())) if _norm(outlets.get(d)) == _norm(name)]
            if not credited:
                outlet_node = f"outlet:{name}"
                graph.add_node(outlet_node, kind="outlet", outlet=name)
                credited = [outlet_node]
            for origin in credited:
                graph.add_edge(origin, doc_id, key="cites", kind="cites", **_present({"relation": cite.get("relation")}))
    return graph


def write_graphml(store: Store, out: IO[str]) -> None:
    out.write("<?xml version='1.0' encoding='utf-8'?>\n")
    for line in nx.generate_graphml(provenance_graph(store)):
        out.write(line + "\n")


def _present(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if v is not None}


def _norm(name: str | None) -> str:
    return re.sub(r"\W+", " ", (name or "").casefold()).strip()
