"""Full-text search in a PostgreSQL store: tsvector/tsquery ranked by ts_rank.

The same user query language and results as :mod:`.search` (which hands PostgreSQL stores
over to this module): :func:`tsquery` renders the parsed query for ``to_tsquery('simple',
...)``, a phrase with ``<->``, a prefix with ``:*``. The stored ``search`` columns weigh text
against speaker (statements) and title against text (documents) as SQLite's BM25 weights do.
Scores are negated ranks, so lower is better in both backends.

Accents are folded as SQLite's FTS5 folds them (``remove_diacritics 2``): the indexed text
and the query both go through ``crosswire_fold`` (:mod:`crosswire.store.pg_schema`), so
"Sao Paulo" finds "São Paulo". Snippets are cut from the folded text, where the query's
words are, and shown in the original spelling (:func:`restore_accents`).
"""
from __future__ import annotations

from typing import Any

from ..store.pg_schema import fold
from .search import (
    _WORD,
    DOCUMENT_WEIGHTS,
    MARK_END,
    MARK_START,
    STATEMENT_WEIGHTS,
    SearchResult,
    Term,
    _filters,
    parse,
    speaker_names,
)

HIGHLIGHT_ALL = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
SNIPPET = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=12, ShortWord=0"


def _weights(a: float, b: float) -> str:
    """ts_rank's weights {D, C, B, A}; column A is the first of the pair, B the second."""
    top = max(a, b)
    return f"{{0, 0, {b / top}, {a / top}}}"


def _term(term: Term) -> str:
    words, prefix = term
    lexemes = [f"'{w}'" for w in words]  # \w+ words hold no quote to escape
    if prefix:
        lexemes[-1] += ":*"
    return " <-> ".join(lexemes)


def tsquery(text: str) -> str | None:
    """A user's query as to_tsquery input, or None when it has no words."""
    groups, excluded = parse(text)
    if not groups:
        return None
    rendered = [" | ".join(f"({_term(t)})" for t in group) for group in groups]
    expression = " & ".join(f"({r})" if len(group) > 1 else r for r, group in zip(rendered, groups))
    return expression + "".join(f" & !({_term(t)})" for t in excluded)


def restore_accents(headline: str | None, original: str | None) -> str | None:
    """A headline of the folded text in the original's spelling, markers kept where they are.

    Folding keeps every character in place in text stored composed (NFC, as cleaning leaves
    it): the headline's characters are then those at its offset in the original. Otherwise
    (a decomposed or oddly composed text) the folded headline is returned as it is.
    """
    if not headline or not original:
        return headline
    folded = fold(original)
    if folded is original or len(folded) != len(original):
        return headline  # nothing was folded, or folding moved characters
    at = folded.find(headline.replace(MARK_START, "").replace(MARK_END, ""))
    if at < 0:
        return headline
    out, k = [], at
    for char in headline:
        if char in (MARK_START, MARK_END):
            out.append(char)
        else:
            out.append(original[k])
            k += 1
    return "".join(out)


def search_statements(store: Any, query: str, *, speaker: str | None, outlet: str | None, since: str | None,
                      until: str | None, limit: int, offset: int, max_ranked: int) -> SearchResult:
    """Statements matching ``query``, best first; when more than ``max_ranked`` match, only the
    newest ``max_ranked`` (after filters) are ranked."""
    expression = tsquery(query)
    result = SearchResult(query, expression)
    if expression is None:
        return result
    where, params = _filters(outlet, since, until)
    if speaker:
        names = " | ".join(f"({_term((tuple(_WORD.findall(n)), False))})" for n in speaker_names(store, speaker))
        if names:
            where += (" AND to_tsvector('simple', crosswire_fold(coalesce(s.speaker_name, '')))"
                      " @@ to_tsquery('simple', crosswire_fold(?))")
            params.append(names)
    rows = store.conn.execute(
        f"""WITH q AS (SELECT to_tsquery('simple', crosswire_fold(?)) AS q),
            matched AS (SELECT s.rowid, s.search FROM statements s JOIN documents d ON d.id = s.document, q
                        WHERE s.search @@ q.q{where} ORDER BY s.rowid DESC LIMIT ?),
            newest AS (SELECT * FROM matched ORDER BY rowid DESC LIMIT ?),
            ranked AS (SELECT rowid, ts_rank(?, search, q.q) AS rank FROM newest, q
                       ORDER BY rank DESC, rowid LIMIT ? OFFSET ?)
            SELECT s.id, s.document, s.kind, s.text, s.start, s.speaker, s.speaker_name, d.outlet, d.published,
                   d.title, ts_headline('simple', crosswire_fold(s.text), q.q, ?) AS snippet, -r.rank AS score,
                   (SELECT count(*) FROM matched) AS matched
            FROM ranked r JOIN statements s ON s.rowid = r.rowid JOIN documents d ON d.id = s.document, q
            ORDER BY r.rank DESC, r.rowid""",
        [expression, *params, max_ranked + 1, max_ranked, _weights(*STATEMENT_WEIGHTS), limit, offset,
         HIGHLIGHT_ALL]).fetchall()
    result.newest_only = bool(rows) and rows[0]["matched"] > max_ranked
    result.hits = [{k: v for k, v in dict(row).items() if k != "matched"} for row in rows]
    for hit in result.hits:
        hit["snippet"] = restore_accents(hit["snippet"], hit["text"])
    return result


def search_documents(store: Any, query: str, *, outlet: str | None, since: str | None, until: str | None,
                     limit: int, offset: int) -> SearchResult:
    """Documents matching ``query`` in title or text, best first, with a snippet of the text."""
    expression = tsquery(query)
    result = SearchResult(query, expression)
    if expression is None:
        return result
    where, params = _filters(outlet, since, until)
    rows = store.conn.execute(
        f"""WITH q AS (SELECT to_tsquery('simple', crosswire_fold(?)) AS q),
            ranked AS (SELECT d.rowid, ts_rank(?, d.search, q.q) AS rank FROM documents d, q
                       WHERE d.search @@ q.q{where} ORDER BY rank DESC, d.rowid LIMIT ? OFFSET ?)
            SELECT d.id, d.outlet, d.published, d.title, ts_headline('simple', crosswire_fold(d.text), q.q, ?) AS snippet,
                   -r.rank AS score, d.text AS original
            FROM ranked r JOIN documents d ON d.rowid = r.rowid, q ORDER BY r.rank DESC, r.rowid""",
        [expression, _weights(*DOCUMENT_WEIGHTS), *params, limit, offset, SNIPPET]).fetchall()
    result.hits = [dict(row) for row in rows]
    for hit in result.hits:
        hit["snippet"] = restore_accents(hit["snippet"], hit.pop("original"))
    return result
