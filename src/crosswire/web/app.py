"""The web app: pages and a JSON API over one store, as an ASGI application.

>>> from crosswire.web.app import create_app
>>> app = create_app("news.db")                    # read-only, no token: for 127.0.0.1
>>> app = create_app("news.db", token="s3cret")    # every request needs the token

Safety: the store is opened read-only unless ``allow_write``; every response carries a
Content-Security-Policy that allows no inline script and nothing from another origin; with a
token, each request must present it (``Authorization: Bearer``, or the ``token`` cookie that
``?token=`` sets), compared in constant time.
"""
from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ..store.migrations import MIGRATIONS
from ..store.backend import is_postgres_url, open_store
from . import api, pages, views
from .stores import ThreadStores

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
TOKEN_COOKIE = "token"


def create_app(db: str | os.PathLike[str], *, token: str | None = None, allow_write: bool = False) -> FastAPI:
    """An app serving the store at ``db`` (which must exist and be at the current schema)."""
    if not is_postgres_url(db) and not Path(db).exists():
        raise FileNotFoundError(f"no crosswire store at {db}")
    app = FastAPI(title="crosswire", version="1", docs_url=None, redoc_url=None,
                  description="Cross-referenced news coverage: documents, statements, entities, stories, "
                              "reuse, quote variants, discrepancies and events, as the export contract's records.")
    app.state.store = open_store(db, readonly=not allow_write)
    version = app.state.store.stored_schema_version()
    if version < len(MIGRATIONS):
        raise ValueError(f"{db} has schema version {version}, older than this crosswire's {len(MIGRATIONS)}: "
                         "open it once with crosswire (e.g. crosswire serve) to upgrade it")
    app.state.stores = ThreadStores(db, readonly=not allow_write)  # what requests use: one per thread
    app.state.allow_write = allow_write
    app.state.semantic = None
    app.state.home_cache = views.HomeCache()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _guard(app, token)
    return app


def _guard(app: FastAPI, token: str | None) -> None:
    @app.middleware("http")
    async def security(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await _authorised(request, call_next) if token else await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    async def _authorised(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        given = request.query_params.get("token")
        if given is not None and _same(given, token):
            # Trade the token in the URL for a cookie, and drop it from the address bar.
            query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            target = request.url.path + (f"?{query}" if query else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return response
        header = request.headers.get("authorization", "")
        presented = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(TOKEN_COOKIE, "")
        if not _same(presented, token):
            return JSONResponse({"error": "a valid token is required"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        return await call_next(request)


def _same(presented: str, token: str | None) -> bool:
    return token is not None and hmac.compare_digest(presented.encode(), token.encode())


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token."""
    if host not in LOCAL_HOSTS and not token:
        raise ValueError(f"binding to {host} exposes the store: give --token or set CROSSWIRE_TOKEN")
