"""The JSON API: every kind of the export contract, filtered and paged; search; comparisons; ingestion."""
from __future__ import annotations

from enum import Enum
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from .. import client
from ..extract import EXTRACTOR_VERSION, extract
from ..ingest import build_document
from ..link.compare import compare_documents
from ..model import EXPORT_ARRAYS, RawRecord
from ..store.sqlite import Store
from .search import search_documents, search_statements

router = APIRouter(prefix="/api")
Kind = Enum("Kind", {k: k for k in EXPORT_ARRAYS}, type=str)  # type: ignore[misc]
FILTER_HELP = "; ".join(f"{kind}: {', '.join(f)}" for kind, f in client.FILTERS.items())


def _store(request: Request) -> Store:
    return request.app.state.stores.get()


@router.get("/search", summary="Full-text search (FTS5, BM25) over statements or documents")
def search(request: Request, q: str, scope: str = Query("statements", pattern="^(statements|documents)$"),
           speaker: str | None = None, outlet: str | None = None, since: str | None = None,
           until: str | None = None, limit: int = Query(20, ge=1, le=200),
           offset: int = Query(0, ge=0)) -> dict[str, Any]:
    store = _store(request)
    if scope == "documents":
        result = search_documents(store, q, outlet=outlet, since=since, until=until, limit=limit, offset=offset)
    else:
        result = search_statements(store, q, speaker=speaker, outlet=outlet, since=since, until=until,
                                   limit=limit, offset=offset)
    return {"query": q, "expression": result.expression, "newest_only": result.newest_only, "hits": result.hits}


@router.get("/similar", summary="Semantic search: statements that mean the same as q")
def similar(request: Request, q: str, limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
    from .semantic import SemanticUnavailable, describe, semantic_index

    try:
        index = semantic_index(request.app)
        return {"query": q, "hits": describe(index.search(q, limit), _store(request))}
    except SemanticUnavailable as exc:
        raise HTTPException(503, str(exc)) from exc


@router.get("/compare", summary="Two documents aligned: shared passages and classified differences")
def compare(request: Request, a: str, b: str) -> dict[str, Any]:
    try:
        return compare_documents(_store(request), a, b).to_dict()
    except KeyError as exc:
        raise HTTPException(404, f"no document {exc.args[0]!r}") from exc


@router.get("/{kind}", summary="Records of one kind, filtered, a page at a time",
            description=f"Filters by kind: {FILTER_HELP}. Pass `cursor` from `next` for the next page.")
def records(request: Request, kind: Kind, limit: int = Query(client.DEFAULT_LIMIT, ge=1, le=client.MAX_LIMIT),
            cursor: str | None = None) -> dict[str, Any]:
    filters = {k: v for k, v in request.query_params.items() if k not in ("limit", "cursor")}
    try:
        rows, after = client.page(_store(request), kind.value, filters, after=cursor, limit=limit)
    except client.QueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    next_url = None
    if after:
        next_url = str(request.url.include_query_params(cursor=after))
    return {"kind": kind.value, "records": rows, "next": after, "next_url": next_url}


@router.get("/{kind}/{record_id}", summary="One record by id (reuse: source~target)")
def record(request: Request, kind: Kind, record_id: str) -> dict[str, Any]:
    row = client.get(_store(request), kind.value, record_id)
    if row is None:
        raise HTTPException(404, f"no {kind.value} record {record_id!r}")
    return row


class NewDocument(BaseModel):
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    id: str | None = None
    html: bool = False


@router.post("/documents", status_code=201, summary="Ingest one document (needs --allow-write)")
def add_document(request: Request, body: NewDocument) -> dict[str, Any]:
    if not request.app.state.allow_write:
        raise HTTPException(403, "the store is read-only: start the server with --allow-write")
    store = _store(request)
    raw = RawRecord(source="api", content=body.text, is_html=body.html, format="html" if body.html else "text",
                    url=body.url, outlet=body.outlet, title=body.title, published=body.published, doc_id=body.id)
    doc = build_document(raw)
    if not doc.text.strip():
        raise HTTPException(422, "the document has no text after cleaning")
    if store.has_document(doc.id):
        return {"id": doc.id, "added": False}
    annotations = extract(doc)
    with store.transaction():
        store.put_document(doc)
        store.put_annotations(doc.id, annotations.statements, annotations.mentions, EXTRACTOR_VERSION)
    return {"id": doc.id, "added": True, "statements": len(annotations.statements)}
