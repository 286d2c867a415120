"""Full-text search over documents and statements: SQLite FTS5 ranked by BM25.

Users type queries, not FTS5 syntax: :func:`fts_query` turns any input into a valid FTS5
expression. Supported: words (all must match), ``"exact phrases"``, ``prefix*``, ``OR``
between terms and ``-word`` to exclude. Anything else is read as words; a query with no
words matches nothing rather than failing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..store.sqlite import Store

MARK_START, MARK_END = "\x02", "\x03"
"""Snippet highlight markers: the page escapes the snippet, then turns these into <mark>."""

_PIECE = re.compile(r'-?"[^"]*"?\*?|\S+')
_WORD = re.compile(r"\w+")
STATEMENT_WEIGHTS = (1.0, 0.5)  # text, speaker_name
DOCUMENT_WEIGHTS = (4.0, 1.0)  # title, text


Term = tuple[tuple[str, ...], bool]  # the words of a word or phrase, and whether it is a prefix


def parse(text: str) -> tuple[list[list[Term]], list[Term]]:
    """A user's query as groups that must all match (each: alternatives joined by OR) and exclusions."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for piece in _PIECE.findall(text):
        if piece == "OR":
            pending_or = bool(groups)
            continue
        exclude = piece.startswith("-")
        piece = piece.lstrip("-")
        words = tuple(_WORD.findall(piece.replace('"', " ")))
        if not words:
            continue
        term = (words, piece.endswith("*"))
        if exclude:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    return groups, excluded


def _render(term: Term) -> str:
    words, prefix = term
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def fts_query(text: str) -> str | None:
    """A user's query as a valid FTS5 expression, or None when it has no words."""
    groups, excluded = parse(text)
    if not groups:
        return None
    rendered = [" OR ".join(_render(t) for t in group) for group in groups]
    expression = " AND ".join(f"({r})" if len(group) > 1 else r for r, group in zip(rendered, groups))
    return expression + "".join(f" NOT {_render(t)}" for t in excluded)


MAX_RANKED = 2_000
"""Matches BM25 ranks at most: when more statements match (a query of common words), only
the most recently added ``MAX_RANKED`` of them are ranked, so no query costs more than that."""


def _recent_bound(store: Store, expression: str) -> int:
    """The rowid above which the newest ``MAX_RANKED`` matches lie (0: there are fewer, rank all).

    FTS5 walks a match list in rowid order without sorting, so this costs at most
    ``MAX_RANKED`` steps however common the words are.
    """
    row = store.conn.execute("SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? "
                             "ORDER BY rowid DESC LIMIT 1 OFFSET ?", (expression, MAX_RANKED)).fetchone()
    return row[0] if row else 0


@dataclass
class SearchResult:
    query: str
    expression: str | None
    hits: list[dict[str, Any]] = field(default_factory=list)
    newest_only: bool = False  # so common that only the most recently added statements were ranked


def _filters(outlet: str | None, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if outlet:
        clauses.append("d.outlet = ?")
        params.append(outlet)
    if since:
        clauses.append("substr(d.published, 1, 10) >= ?")
        params.append(since)
    if until:
        clauses.append("substr(d.published, 1, 10) <= ?")
        params.append(until)
    return "".join(f" AND {c}" for c in clauses), params


MAX_SPEAKER_NAMES = 30


def speaker_names(store: Store, speaker: str) -> list[str]:
    """The names a speaker filter stands for: itself, and every name and alias of the entities it
    names (by id, or by part of a name or alias)."""
    like = "%" + speaker.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names = [speaker]
    rows = store.conn.execute("SELECT name, aliases FROM entities WHERE id = ? OR name LIKE ? ESCAPE '\\' "
                              "OR aliases LIKE ? ESCAPE '\\' LIMIT ?", (speaker, like, like, MAX_SPEAKER_NAMES))
    for name, aliases in rows:
        names += [name, *json.loads(aliases)]
    return list(dict.fromkeys(n for n in names if _WORD.search(n)))[:MAX_SPEAKER_NAMES]


def _with_speaker(store: Store, expression: str, speaker: str | None) -> str:
    """The expression restricted to statements whose speaker's name matches (the index's column)."""
    if not speaker:
        return expression
    names = " OR ".join(_render((tuple(_WORD.findall(n)), False)) for n in speaker_names(store, speaker))
    return f"({expression}) AND speaker_name : ({names})" if names else expression


def search_statements(store: Store, query: str, *, speaker: str | None = None, outlet: str | None = None,
                      since: str | None = None, until: str | None = None, limit: int = 20,
                      offset: int = 0) -> SearchResult:
    """Statements matching ``query``, best first, with the matches marked in ``snippet``.

    Ranked in two steps: the best rowids first (the index alone, unless filters need the
    joins), then only those rows are fetched and highlighted; highlighting every match before
    the sort would cost more than the ranking on common words.
    """
    if store.dialect == "postgresql":
        from . import search_postgres

        return search_postgres.search_statements(store, query, speaker=speaker, outlet=outlet, since=since,
                                                 until=until, limit=limit, offset=offset, max_ranked=MAX_RANKED)
    expression = fts_query(query)
    result = SearchResult(query, expression)
    if expression is None:
        return result
    where, params = _filters(outlet, since, until)
    expression = _with_speaker(store, expression, speaker)
    bound = _recent_bound(store, expression)
    result.newest_only = bound > 0
    rank = f"bm25({STATEMENT_WEIGHTS[0]}, {STATEMENT_WEIGHTS[1]})"
    if where:
        def filtered(above: int) -> list[Any]:
            return store.conn.execute(
                f"SELECT f.rowid, f.rank FROM statements_fts f JOIN statements s ON s.rowid = f.rowid "
                f"JOIN documents d ON d.id = s.document WHERE f.statements_fts MATCH ? AND f.rank MATCH ? "
                f"AND f.rowid > ?{where} ORDER BY f.rank LIMIT ? OFFSET ?",
                [expression, rank, above, *params, limit, offset]).fetchall()

        ranked = filtered(bound)
        if bound and len(ranked) < limit:  # the filters left too few recent matches: rank them all
            ranked, result.newest_only = filtered(0), False
    else:
        ranked = store.conn.execute(
            "SELECT rowid, rank FROM statements_fts WHERE statements_fts MATCH ? AND rank MATCH ? AND rowid > ? "
            "ORDER BY rank LIMIT ? OFFSET ?", [expression, rank, bound, limit, offset]).fetchall()
    if not ranked:
        return result
    score = {r[0]: r[1] for r in ranked}
    rows = store.conn.execute(
        f"""SELECT f.rowid, s.id, s.document, s.kind, s.text, s.start, s.speaker, s.speaker_name, d.outlet,
                   d.published, d.title, highlight(statements_fts, 0, ?, ?) AS snippet
            FROM statements_fts f JOIN statements s ON s.rowid = f.rowid JOIN documents d ON d.id = s.document
            WHERE f.statements_fts MATCH ? AND f.rowid IN ({",".join("?" * len(score))})""",
        [MARK_START, MARK_END, expression, *score]).fetchall()
    hits = [{**dict(r), "score": score[r["rowid"]]} for r in rows]
    result.hits = sorted(hits, key=lambda h: h["score"])
    for hit in result.hits:
        del hit["rowid"]
    return result


def search_documents(store: Store, query: str, *, outlet: str | None = None, since: str | None = None,
                     until: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
    """Documents matching ``query`` in title or text, best first, with a snippet of the text."""
    if store.dialect == "postgresql":
        from . import search_postgres

        return search_postgres.search_documents(store, query, outlet=outlet, since=since, until=until,
                                                limit=limit, offset=offset)
    expression = fts_query(query)
    result = SearchResult(query, expression)
    if expression is None:
        return result
    where, params = _filters(outlet, since, until)
    rank = f"bm25({DOCUMENT_WEIGHTS[0]}, {DOCUMENT_WEIGHTS[1]})"
    ranked = store.conn.execute(
        f"SELECT f.rowid, f.rank FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
        f"WHERE f.documents_fts MATCH ? AND f.rank MATCH ?{where} ORDER BY f.rank LIMIT ? OFFSET ?",
        [expression, rank, *params, limit, offset]).fetchall()
    if not ranked:
        return result
    score = {r[0]: r[1] for r in ranked}
    rows = store.conn.execute(
        f"""SELECT f.rowid, d.id, d.outlet, d.published, d.title,
                   snippet(documents_fts, 1, ?, ?, '…', 24) AS snippet
            FROM documents_fts f JOIN documents d ON d.rowid = f.rowid
            WHERE f.documents_fts MATCH ? AND f.rowid IN ({",".join("?" * len(score))})""",
        [MARK_START, MARK_END, expression, *score]).fetchall()
    result.hits = sorted(({**dict(r), "score": score[r["rowid"]]} for r in rows), key=lambda h: h["score"])
    for hit in result.hits:
        del hit["rowid"]
    return result
