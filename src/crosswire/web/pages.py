"""The HTML pages: server-rendered with Jinja2 (autoescaping on), a little static JS."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from ..store.sqlite import Store
from . import views
from .render import highlight_snippet
from .search import search_documents, search_statements

router = APIRouter(default_response_class=HTMLResponse)
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                                            autoescape=True))
templates.env.filters["snippet"] = highlight_snippet
templates.env.globals["legend"] = views.legend
templates.env.globals["compare_href"] = views.compare_href


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _missing(request: Request, what: str) -> HTMLResponse:
    return _render(request, "error.html", 404, message=f"No {what} here.")


def _store(request: Request) -> Store:
    return request.app.state.stores.get()


@router.get("/", summary="Stories, latest activity first")
def home(request: Request) -> HTMLResponse:
    store = _store(request)
    return _render(request, "home.html", stories=request.app.state.home_cache.stories(store), counts=store.counts())


@router.get("/stories/{story_id}", summary="One story: documents, provenance graph, timeline, discrepancies")
def story(request: Request, story_id: str) -> HTMLResponse:
    data = views.story(_store(request), story_id)
    return _render(request, "story.html", **data) if data else _missing(request, "such story")


@router.get("/compare", summary="Two documents side by side")
def compare(request: Request, a: str, b: str) -> HTMLResponse:
    try:
        data = views.comparison(_store(request), a, b)
    except KeyError as exc:
        return _missing(request, f"document {exc.args[0]!r}")
    return _render(request, "compare.html", **data)


@router.get("/variants/{variant_id}", summary="Every rendering of one quote, aligned")
def variant(request: Request, variant_id: str) -> HTMLResponse:
    data = views.variant(_store(request), variant_id)
    return _render(request, "variant.html", **data) if data else _missing(request, "such quote")


@router.get("/documents/{doc_id}", summary="One document with its annotations")
def document(request: Request, doc_id: str) -> HTMLResponse:
    data = views.document(_store(request), doc_id)
    return _render(request, "document.html", **data) if data else _missing(request, "such document")


@router.get("/entities/{entity_id}", summary="One entity: aliases, roles, statements by and about it")
def entity(request: Request, entity_id: str) -> HTMLResponse:
    data = views.entity(_store(request), entity_id)
    return _render(request, "entity.html", **data) if data else _missing(request, "such entity")


@router.get("/search", summary="Search page: full text or semantic")
def search(request: Request, q: str = "", mode: str = Query("text", pattern="^(text|semantic)$"),
           scope: str = Query("statements", pattern="^(statements|documents)$"), speaker: str = "",
           outlet: str = "", since: str = "", until: str = "") -> HTMLResponse:
    store = _store(request)
    hits: list[dict[str, Any]] = []
    message = None
    if q and mode == "semantic":
        from .semantic import SemanticUnavailable, describe, semantic_index

        try:
            hits = describe(semantic_index(request.app).search(q, 20), store)
        except SemanticUnavailable as exc:
            message = str(exc)
    elif q:
        filters = {"outlet": outlet or None, "since": since or None, "until": until or None}
        result = search_documents(store, q, **filters) if scope == "documents" \
            else search_statements(store, q, speaker=speaker or None, **filters)
        hits = result.hits
        if result.expression is None:
            message = "Type some words to search for."
        elif result.newest_only:
            message = "These words are in so many statements that only the most recently added were ranked: add words to narrow the search."
    outlets = [r[0] for r in store.conn.execute(
        "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet")]
    return _render(request, "search.html", q=q, mode=mode, scope=scope, speaker=speaker, outlet=outlet,
                   since=since, until=until, hits=hits, message=message, outlets=outlets)
