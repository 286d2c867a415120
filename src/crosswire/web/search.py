"""Full-text search over documents and statements: SQLite FTS5 ranked by BM25.

Users type queries, not FTS5 syntax: :func:`fts_query` turns any input into a valid FTS5
expression. Supported: words (all must match), ``"exact phrases"``, ``prefix*``, ``OR``
between terms and ``-word`` to exclude. Anything else is read as words; a query with no
words matches nothing rather than failing.
"""
from __future__ import annotations

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


def fts_query(text: str) -> str | None:
    """A user's query as a valid FTS5 expression, or None when it has no words."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for piece in _PIECE.findall(text):
        if piece == "OR":
            pending_or = bool(positive)
            continue
        exclude = piece.startswith("-")
        piece = piece.lstrip("-")
        words = _WORD.findall(piece.replace('"', " "))
        if not words:
            continue
        term = '"' + " ".join(words) + '"' + ("*" if piece.endswith("*") else "")
        if exclude:
            negative.append(term)
        elif pending_or:
            positive[-1] = f"{positive[-1]} OR {term}"
            pending_or = False
        else:
            positive.append(term)
    if not positive:
        return None
    expression = " AND ".join(f"({p})" if " OR " in p else p for p in positive)
    return expression + "".join(f" NOT {n}" for n in negative)


@dataclass
class SearchResult:
    query: str
    expression: str | None
    hits: list[dict[str, Any]] = field(default_factory=list)


def _filters(speaker: str | None, outlet: str | None, since: str | None, until: str | None,
             statements: bool) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if speaker and statements:
        like = "%" + speaker.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("(s.speaker = ? OR s.speaker_name LIKE ? ESCAPE '\\' OR s.speaker IN "
                       "(SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'))")
        params += [speaker, like, like, like]
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


def search_statements(store: Store, query: str, *, speaker: str | None = None, outlet: str | None = None,
                      since: str | None = None, until: str | None = None, limit: int = 20,
                      offset: int = 0) -> SearchResult:
    """Statements matching ``query``, best first, with a highlighted snippet."""
    expression = fts_query(query)
    result = SearchResult(query, expression)
    if expression is None:
        return result
    where, params = _filters(speaker, outlet, since, until, statements=True)
    sql = f"""
        SELECT s.id, s.document, s.kind, s.text, s.speaker, s.speaker_name, d.outlet, d.published, d.title,
               highlight(statements_fts, 0, ?, ?) AS snippet,
               bm25(statements_fts, {STATEMENT_WEIGHTS[0]}, {STATEMENT_WEIGHTS[1]}) AS score
        FROM statements_fts
        JOIN statements s ON s.rowid = statements_fts.rowid
        JOIN documents d ON d.id = s.document
        WHERE statements_fts MATCH ?{where}
        ORDER BY score LIMIT ? OFFSET ?"""
    rows = store.conn.execute(sql, [MARK_START, MARK_END, expression, *params, limit, offset])
    result.hits = [dict(r) for r in rows]
    return result


def search_documents(store: Store, query: str, *, outlet: str | None = None, since: str | None = None,
                     until: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
    """Documents matching ``query`` in title or text, best first, with a snippet of the text."""
    expression = fts_query(query)
    result = SearchResult(query, expression)
    if expression is None:
        return result
    where, params = _filters(None, outlet, since, until, statements=False)
    sql = f"""
        SELECT d.id, d.outlet, d.published, d.title,
               snippet(documents_fts, 1, ?, ?, '…', 24) AS snippet,
               bm25(documents_fts, {DOCUMENT_WEIGHTS[0]}, {DOCUMENT_WEIGHTS[1]}) AS score
        FROM documents_fts
        JOIN documents d ON d.rowid = documents_fts.rowid
        WHERE documents_fts MATCH ?{where}
        ORDER BY score LIMIT ? OFFSET ?"""
    rows = store.conn.execute(sql, [MARK_START, MARK_END, expression, *params, limit, offset])
    result.hits = [dict(r) for r in rows]
    return result
