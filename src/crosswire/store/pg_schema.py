"""The store's migrations applied to PostgreSQL: the same numbered steps as SQLite's.

Each step's SQLite DDL is translated (:func:`pg_ddl`): 64-bit ``INTEGER``, ``DOUBLE
PRECISION`` for ``REAL``, ``BYTEA`` for ``BLOB``, ``TEXT`` compared byte by byte (collation
"C", as SQLite's BINARY, so every ORDER BY gives SQLite's order), no ``WITHOUT ROWID``, and a
``rowid`` identity column on every table, so ``ORDER BY rowid`` keeps meaning insertion order.
A step with SQLite-only parts (FTS5 virtual tables, triggers) has a PostgreSQL version in
``OVERRIDES``. The version lives in the ``crosswire_schema`` table; each step runs in one
transaction holding an advisory lock, so two processes opening a new database do not race.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from .migrations import MIGRATIONS, STATEMENT_EMBEDDINGS
from .pg_connection import Connection

BOOKKEEPING_COLUMNS = ("rowid", "search")
"""Columns PostgreSQL tables have and SQLite's do not show: hidden from reads and exports."""

_TYPES = ((r"\bINTEGER\b", "BIGINT"), (r"\bREAL\b", "DOUBLE PRECISION"), (r"\bBLOB\b", "BYTEA"),
          (r"\bTEXT\b", 'TEXT COLLATE "C"'), (r"\)\s*WITHOUT ROWID", ")"))
_CREATE_TABLE = re.compile(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", re.IGNORECASE)
_SQLITE_ONLY = re.compile(r"\bVIRTUAL TABLE\b|\bCREATE TRIGGER\b|\bPRAGMA\b", re.IGNORECASE)
_LOCK = 0x63726F7373  # pg_advisory_xact_lock key: "cross"

# SQLite's json_each over a JSON array, for the queries that filter on JSON list columns
# (PostgreSQL's own json_each takes json, not text, so this overload does not shadow it).
PRELUDE = """
    CREATE TABLE IF NOT EXISTS crosswire_schema (version BIGINT NOT NULL);
    CREATE OR REPLACE FUNCTION json_each(text) RETURNS TABLE (value text)
        LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT json_array_elements_text($1::json) $$;
"""

SEARCH_CHARS = 250_000
"""Characters of a text that full-text search indexes (a tsvector must stay under 1 MB)."""


def m003_search() -> str:
    """Full-text search through PostgreSQL's text search: a stored tsvector per row (the
    'simple' configuration: lower-cased words, no stemming, as SQLite's unicode61) weighted
    like SQLite's BM25 columns, with a GIN index."""
    return f"""
        ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('simple', left(text, {SEARCH_CHARS})), 'B')) STORED;
        CREATE INDEX documents_search ON documents USING gin (search);
        ALTER TABLE statements ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', left(text, {SEARCH_CHARS})), 'A') ||
            setweight(to_tsvector('simple', coalesce(speaker_name, '')), 'B')) STORED;
        CREATE INDEX statements_search ON statements USING gin (search);
    """ + pg_ddl(STATEMENT_EMBEDDINGS)


# Regular expressions PostgreSQL and Python read alike (\uXXXX escapes, a lookbehind)
_ACCENTED = r"[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]"  # Latin accented letters, combining marks
_LATIN_MARKS = r"(?<=[A-Za-z])[\u0300-\u036f]+"  # after NFD: the marks on a Latin letter
_ACCENTED_RE = re.compile(_ACCENTED)
_LATIN_MARKS_RE = re.compile(_LATIN_MARKS)


def fold(text: str) -> str:
    """Python's twin of the SQL ``crosswire_fold``: the diacritics of Latin letters removed.

    "São Paulo" -> "Sao Paulo", "Muḥammad" -> "Muhammad"; other scripts are left alone (й
    stays й), as SQLite's ``unicode61 remove_diacritics 2`` tokenizer does. Texts without a
    Latin accented letter or combining mark are returned as they are, in both twins.
    """
    if not _ACCENTED_RE.search(text):
        return text
    return unicodedata.normalize("NFC", _LATIN_MARKS_RE.sub("", unicodedata.normalize("NFD", text)))


def m007_search_folding() -> str:
    """Accent-insensitive search: ``crosswire_fold`` (built-in functions only, no extension
    such as ``unaccent`` that needs a superuser) applied to the indexed text, and by the
    search module to the query. The guard skips the Unicode normalisations for the many texts
    without an accented Latin letter, which halves the cost of indexing them."""
    def search_column(table: str, weighted: str) -> str:
        return f"""
            ALTER TABLE {table} DROP COLUMN search;
            ALTER TABLE {table} ADD COLUMN search tsvector GENERATED ALWAYS AS ({weighted}) STORED;
            CREATE INDEX {table}_search ON {table} USING gin (search);"""

    documents = (f"setweight(to_tsvector('simple', crosswire_fold(coalesce(title, ''))), 'A') || "
                 f"setweight(to_tsvector('simple', crosswire_fold(left(text, {SEARCH_CHARS}))), 'B')")
    statements = (f"setweight(to_tsvector('simple', crosswire_fold(left(text, {SEARCH_CHARS}))), 'A') || "
                  f"setweight(to_tsvector('simple', crosswire_fold(coalesce(speaker_name, ''))), 'B')")
    return f"""
        DO $do$ BEGIN
            IF current_setting('server_encoding') = 'UTF8' THEN
                CREATE OR REPLACE FUNCTION crosswire_fold(text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$
                    SELECT CASE WHEN $1 ~ '{_ACCENTED}'
                           THEN normalize(regexp_replace(normalize($1, NFD), '{_LATIN_MARKS}', '', 'g'), NFC)
                           ELSE $1 END $fold$;
            ELSE  -- normalize() needs UTF8: a database in another encoding searches as before
                CREATE OR REPLACE FUNCTION crosswire_fold(text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ SELECT $1 $fold$;
            END IF;
        END $do$;""" + search_column("documents", documents) + search_column("statements", statements)


OVERRIDES: dict[str, Callable[[], str]] = {"m003_search": m003_search, "m007_search_folding": m007_search_folding}


def pg_ddl(sql: str) -> str:
    """SQLite DDL as PostgreSQL's (see the module docstring)."""
    if _SQLITE_ONLY.search(sql):
        raise ValueError("this migration uses SQLite-only DDL: give it a PostgreSQL version in pg_schema.OVERRIDES")
    for pattern, replacement in _TYPES:
        sql = re.sub(pattern, replacement, sql)
    tables = _CREATE_TABLE.findall(sql)
    return sql + "".join(f"\nALTER TABLE {t} ADD COLUMN rowid BIGINT GENERATED BY DEFAULT AS IDENTITY;"
                         for t in tables)


def step_sql(step: Callable[[], str]) -> str:
    override = OVERRIDES.get(step.__name__)
    return override() if override else pg_ddl(step())


def stored_version(conn: Connection) -> int:
    exists = conn.raw.execute("SELECT to_regclass('crosswire_schema') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    row = conn.raw.execute("SELECT max(version) FROM crosswire_schema").fetchone()
    return int(row[0] or 0)


def migrate(conn: Connection) -> int:
    """Bring the schema up to date; return the resulting version."""
    with conn.raw.transaction():
        conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        conn.raw.execute(PRELUDE)
    for version, step in enumerate(MIGRATIONS, start=1):
        with conn.raw.transaction():
            conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            if stored_version(conn) >= version:
                continue
            conn.raw.execute(step_sql(step))
            conn.raw.execute("DELETE FROM crosswire_schema")
            conn.raw.execute("INSERT INTO crosswire_schema (version) VALUES (%s)", (version,))
    conn.forget_statements()
    return len(MIGRATIONS)
