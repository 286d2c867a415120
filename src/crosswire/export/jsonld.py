"""The record as schema.org JSON-LD: one ``@graph`` any RDF or JSON-LD tool reads.

Mapping (the context is inline, so no tool fetches ``schema.org`` to read the file):

- a document is a ``NewsArticle``: ``headline``, ``datePublished``, ``inLanguage``, ``url``,
  ``publisher`` (an ``Organization`` named after the outlet), ``author`` (a byline import
  gave), ``articleBody`` (the clean text), ``isBasedOn`` the documents it copied from
  (reuse links) and ``citation`` the names it credits;
- a statement is a ``Quotation``: ``text``, ``spokenByCharacter`` and ``creator`` (the
  speaker's entity, else a ``Person`` with the name found), ``isPartOf`` its document,
  ``dateCreated`` when it was said, and ``isBasedOn`` the canonical quotation of its
  variant group;
- a variant group is a ``Quotation`` of the canonical text, with ``cw:difference`` nodes
  (kind, the canonical span, each reading with the documents that print it);
- an entity is a ``Person``, ``Organization`` or ``Place`` (``Thing`` otherwise) with
  ``name``, ``alternateName`` (its other spellings), ``description`` (its roles) and
  ``sameAs`` when the store knows an external identifier for it;
- a discrepancy is a ``ClaimReview`` ready for a fact-checker: ``claimReviewed`` and one
  ``Claim`` per competing value (its evidence sentence as ``text``, the documents as
  ``appearance``); ``reviewRating``, ``author`` and ``datePublished`` are left for the
  reviewer;
- a story is a ``Collection`` with ``hasPart`` its documents; an event an ``Event``.

Nodes are named ``urn:crosswire:<kind>:<id>``; crosswire's own terms are in ``urn:crosswire:terms:``.
"""
from __future__ import annotations

import json
from typing import IO, Any, Iterator
from urllib.parse import quote

from ..store.sqlite import Store

TERMS = "urn:crosswire:terms:"
CONTEXT = {"@vocab": "https://schema.org/", "cw": TERMS}
ENTITY_TYPES = {"person": "Person", "organization": "Organization", "place": "Place"}
SAME_AS_KEYS = ("same_as", "sameAs", "wikidata")


def iri(kind: str, key: str) -> str:
    """The node name of a crosswire object: ``urn:crosswire:document:<id>``."""
    return f"urn:crosswire:{kind}:{quote(str(key), safe='')}"


def ref(kind: str, key: str) -> dict[str, str]:
    return {"@id": iri(kind, key)}


def write_jsonld(store: Store, out: IO[str]) -> None:
    """Stream the graph: one node per line inside ``@graph``."""
    out.write('{"@context": ' + json.dumps(CONTEXT) + ',\n "@graph": [')
    for i, node in enumerate(nodes(store)):
        out.write(("," if i else "") + "\n  " + json.dumps(_compact(node), ensure_ascii=False))
    out.write("\n]}\n")


def nodes(store: Store) -> Iterator[dict[str, Any]]:
    """Every node of the graph, documents first."""
    from .formats import records

    copied_from: dict[str, list[str]] = {}
    for link in store.conn.execute("SELECT source, target FROM reuse ORDER BY source, target"):
        copied_from.setdefault(link[1], []).append(link[0])
    variant_of = {}
    for variant in records(store, "variants"):
        for statement in variant["statements"]:
            variant_of[statement] = variant["id"]
    for doc in records(store, "documents"):
        yield document_node(doc, copied_from.get(doc["id"], []))
    for statement in records(store, "statements"):
        yield statement_node(statement, variant_of.get(statement["id"]))
    for variant in records(store, "variants"):
        yield variant_node(variant)
    for entity in records(store, "entities"):
        yield entity_node(entity)
    for discrepancy in records(store, "discrepancies"):
        yield claim_review_node(discrepancy)
    for story in records(store, "stories"):
        yield {"@id": iri("story", story["id"]), "@type": "Collection", "identifier": story["id"],
               "name": story["title"], "hasPart": [ref("document", d) for d in story["documents"]]}
    for event in records(store, "events"):
        yield event_node(event)


def document_node(doc: dict[str, Any], sources: list[str]) -> dict[str, Any]:
    author = (doc.get("identifiers") or {}).get("author")
    return {
        "@id": iri("document", doc["id"]),
        "@type": "NewsArticle",
        "identifier": doc["id"],
        "headline": doc["title"],
        "datePublished": doc["published"],
        "inLanguage": doc["language"],
        "url": doc["url"],
        "publisher": {"@type": "Organization", "name": doc["outlet"]} if doc["outlet"] else None,
        "author": {"@type": "Person", "name": author} if author else None,
        "articleBody": doc["text"],
        "isBasedOn": [ref("document", s) for s in sources],
        "citation": [c["name"] for c in doc.get("cites") or [] if c.get("name")],
    }


def statement_node(st: dict[str, Any], variant: str | None) -> dict[str, Any]:
    if st["speaker"]:
        speaker: dict[str, Any] | None = ref("entity", st["speaker"])
    else:
        speaker = {"@type": "Person", "name": st["speaker_name"]} if st["speaker_name"] else None
    return {
        "@id": iri("statement", st["id"]),
        "@type": "Quotation",
        "identifier": st["id"],
        "text": st["text"],
        "spokenByCharacter": speaker,
        "creator": speaker,
        "isPartOf": ref("document", st["document"]),
        "dateCreated": st["said"],
        "isBasedOn": ref("variant", variant) if variant else None,
        "cw:kind": st["kind"],
        "cw:start": st["start"],
        "cw:end": st["end"],
        "cw:cue": st["cue"],
    }


def variant_node(variant: dict[str, Any]) -> dict[str, Any]:
    differences = []
    for diff in variant["differences"]:
        readings = [{"@type": "cw:Reading", "text": value["text"],
                     "appearance": [ref("document", d) for d in value["documents"]]} for value in diff["values"]]
        start, end = diff["span"]
        differences.append({"@type": "cw:Difference", "cw:kind": diff["kind"], "cw:start": start, "cw:end": end,
                            "cw:canonicalText": variant["canonical"][start:end], "cw:reading": readings})
    return {"@id": iri("variant", variant["id"]), "@type": "Quotation", "identifier": variant["id"],
            "text": variant["canonical"], "cw:difference": differences}


def entity_node(entity: dict[str, Any]) -> dict[str, Any]:
    same_as = [entity[k] for k in SAME_AS_KEYS if entity.get(k)]
    return {
        "@id": iri("entity", entity["id"]),
        "@type": ENTITY_TYPES.get(entity["type"], "Thing"),
        "identifier": entity["id"],
        "name": entity["name"],
        "alternateName": [a for a in entity["aliases"] if a != entity["name"]],
        "description": "; ".join(entity["roles"]) or None,
        "sameAs": same_as,
    }


def claim_review_node(discrepancy: dict[str, Any]) -> dict[str, Any]:
    about = discrepancy["about"] or discrepancy["kind"]
    claims = [{
        "@type": "Claim",
        "text": value.get("evidence"),
        "cw:value": value.get("value"),
        "appearance": [ref("document", d) for d in value.get("documents", [])],
    } for value in discrepancy["values"]]
    return {
        "@id": iri("discrepancy", discrepancy["id"]),
        "@type": "ClaimReview",
        "identifier": discrepancy["id"],
        "name": f"Outlets disagree on the {discrepancy['kind']} of {about}",
        "claimReviewed": f"{discrepancy['kind']} of {about}: "
                         + " / ".join(str(v.get("value")) for v in discrepancy["values"]),
        "itemReviewed": claims,
        "isPartOf": ref("story", discrepancy["story"]) if discrepancy["story"] else None,
        "cw:kind": discrepancy["kind"],
    }


def event_node(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "@id": iri("event", event["id"]),
        "@type": "Event",
        "identifier": event["id"],
        "name": event["type"],
        "startDate": event["date"],
        "location": {"@type": "Place", "name": event["place"]} if isinstance(event["place"], str) else None,
        "subjectOf": [ref("document", d) for d in event["documents"] if isinstance(d, str)],
        "cw:cameo": event.get("cameo"),
    }


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: JSON-LD drops nulls anyway, and the file is smaller."""
    return {k: v for k, v in node.items() if v is not None and v != []}
