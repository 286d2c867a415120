"""Schema migrations, one function per version returning its SQL, applied in order.

The migrations are written in SQLite's DDL; :mod:`.pg_schema` applies the same ones to
PostgreSQL, translating types and replacing the few SQLite-only parts (FTS5). In SQLite the
schema version lives in ``PRAGMA user_version``. A migration runs inside one
transaction with the version bump, so a crash leaves either the old or the new schema.
"""
from __future__ import annotations

import sqlite3
from typing import Callable, Iterator

MIGRATIONS: list[Callable[[], str]] = []


def migration(fn: Callable[[], str]) -> Callable[[], str]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial() -> str:
    return """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            title TEXT,
            published TEXT,
            language TEXT,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            identifiers TEXT NOT NULL DEFAULT '{}',
            duration REAL,
            cites TEXT NOT NULL DEFAULT '[]',
            removed TEXT NOT NULL DEFAULT '[]',
            dates TEXT NOT NULL DEFAULT '[]',
            extracted_version INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
        );
        CREATE INDEX documents_outlet ON documents(outlet);
        CREATE INDEX documents_published ON documents(published);

        CREATE TABLE ingest_errors (
            source TEXT NOT NULL,
            line INTEGER,
            message TEXT NOT NULL,
            at TEXT NOT NULL
        );

        CREATE TABLE mentions (
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            key TEXT NOT NULL,
            role TEXT,
            entity TEXT,
            PRIMARY KEY (document, start, "end")
        );
        CREATE INDEX mentions_entity ON mentions(entity);

        CREATE TABLE statements (
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            speaker TEXT,
            speaker_span TEXT,
            speaker_name TEXT,
            speaker_key TEXT,
            cue TEXT,
            addressee TEXT,
            addressee_name TEXT,
            addressee_key TEXT,
            said TEXT
        );
        CREATE INDEX statements_document ON statements(document);
        CREATE INDEX statements_speaker ON statements(speaker);

        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            documents TEXT NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE reuse (
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            passages TEXT NOT NULL,
            coverage REAL NOT NULL,
            basis TEXT NOT NULL DEFAULT '[]',
            confidence REAL NOT NULL,
            PRIMARY KEY (source, target)
        );

        CREATE TABLE variants (
            id TEXT PRIMARY KEY,
            statements TEXT NOT NULL,
            canonical TEXT NOT NULL,
            differences TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE discrepancies (
            id TEXT PRIMARY KEY,
            story TEXT,
            kind TEXT NOT NULL,
            about TEXT,
            "values" TEXT NOT NULL
        );

        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            cameo TEXT,
            date TEXT,
            date_precision TEXT,
            place TEXT,
            actors TEXT NOT NULL DEFAULT '[]',
            targets TEXT NOT NULL DEFAULT '[]',
            documents TEXT NOT NULL DEFAULT '[]',
            evidence TEXT NOT NULL DEFAULT '[]',
            mentions TEXT NOT NULL DEFAULT '[]'
        );
    """


@migration
def m002_story_state() -> str:
    """Per-document story state, so adding documents re-clusters only the stories they touch.

    ``story_documents``: each document's story and the features clustering compares (day,
    event days, names, MinHash signature); ``story_keys``: blocking keys (names, LSH bands)
    to find a new document's candidates without all pairs; ``document_facts``: the facts
    discrepancies compare, found once per document.
    """
    return """
        CREATE TABLE story_documents (
            document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            story TEXT NOT NULL,
            version INTEGER NOT NULL,
            day INTEGER,
            days TEXT NOT NULL DEFAULT '[]',
            names TEXT NOT NULL DEFAULT '[]',
            signature BLOB NOT NULL
        );
        CREATE INDEX story_documents_story ON story_documents(story);

        CREATE TABLE story_keys (
            key TEXT NOT NULL,
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (key, document)
        ) WITHOUT ROWID;

        CREATE TABLE document_facts (
            document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            facts TEXT NOT NULL
        );
    """


STATEMENT_EMBEDDINGS = """
        CREATE TABLE statement_embeddings (
            statement TEXT PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        );
"""
"""Part of m003 whatever the backend's full-text search."""


@migration
def m003_search() -> str:
    """Full-text search (FTS5, BM25) over documents (title, text) and statements (text, speaker).

    External-content tables kept in sync by triggers, so ``add`` alone makes a document
    searchable. Statements are written with INSERT OR REPLACE, whose implicit delete fires no
    delete trigger (recursive_triggers is off), so a BEFORE INSERT trigger removes a replaced
    row's index entry first. ``statement_embeddings`` caches the semantic search vectors.
    """
    return """
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');

        CREATE VIRTUAL TABLE statements_fts USING fts5(
            text, speaker_name, content='statements', tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER statements_fts_replace BEFORE INSERT ON statements BEGIN
            INSERT INTO statements_fts(statements_fts, rowid, text, speaker_name)
            SELECT 'delete', rowid, text, speaker_name FROM statements WHERE id = new.id;
        END;
        CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
            INSERT INTO statements_fts(rowid, text, speaker_name) VALUES (new.rowid, new.text, new.speaker_name);
        END;
        CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
            INSERT INTO statements_fts(statements_fts, rowid, text, speaker_name)
            VALUES ('delete', old.rowid, old.text, old.speaker_name);
        END;
        CREATE TRIGGER statements_fts_update AFTER UPDATE OF text, speaker_name ON statements BEGIN
            INSERT INTO statements_fts(statements_fts, rowid, text, speaker_name)
            VALUES ('delete', old.rowid, old.text, old.speaker_name);
            INSERT INTO statements_fts(rowid, text, speaker_name) VALUES (new.rowid, new.text, new.speaker_name);
        END;
        INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
    """ + STATEMENT_EMBEDDINGS


@migration
def m004_monitor_state() -> str:
    """The watcher's memory (see :mod:`crosswire.monitor.state`): feed schedule and failures,
    per-URL validators and content hash, documents awaiting alert checks, alerts and their
    delivery to each sink."""
    return """
        CREATE TABLE monitor_feeds (
            url TEXT PRIMARY KEY,
            last_poll TEXT,
            last_status INTEGER,
            next_due REAL NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE TABLE monitor_urls (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            content_hash TEXT,
            document TEXT,
            fetched_at TEXT NOT NULL
        );
        CREATE TABLE monitor_pending (
            document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            added_at TEXT NOT NULL
        );
        CREATE TABLE monitor_alerts (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            alert TEXT NOT NULL
        );
        CREATE TABLE monitor_deliveries (
            alert TEXT NOT NULL REFERENCES monitor_alerts(key) ON DELETE CASCADE,
            sink TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            delivered_at TEXT,
            last_error TEXT,
            PRIMARY KEY (alert, sink)
        );
    """


@migration
def m005_event_mentions() -> str:
    """Each document's own account of events, and its normalised date expressions.

    ``event_mentions``: one row per event a document states (actors/targets as document-local
    mention keys, mapped to entities by the events step); ``date_expressions``: every date
    written in a document with its ISO value and precision.
    """
    return """
        CREATE TABLE event_mentions (
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            trigger TEXT NOT NULL,
            trigger_start INTEGER NOT NULL,
            type TEXT NOT NULL,
            cameo TEXT,
            actors TEXT NOT NULL DEFAULT '[]',
            targets TEXT NOT NULL DEFAULT '[]',
            actor_names TEXT NOT NULL DEFAULT '[]',
            target_names TEXT NOT NULL DEFAULT '[]',
            object TEXT,
            date TEXT,
            date_precision TEXT,
            date_text TEXT,
            place TEXT,
            text TEXT NOT NULL,
            PRIMARY KEY (document, trigger_start)
        );
        CREATE TABLE date_expressions (
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            value TEXT NOT NULL,
            precision TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (document, start)
        );
    """


@migration
def m006_story_evidence() -> str:
    """The strong evidence (reuse, shared quotes) stories were last clustered on.

    Reuse and variants are recomputed by every ``analyze``; comparing them with this snapshot
    tells which already-placed documents gained or lost a link, so their stories are
    re-clustered too, not only those of new documents.
    """
    return """
        CREATE TABLE story_evidence (
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (a, b, kind)
        ) WITHOUT ROWID;
    """


@migration
def m007_search_folding() -> str:
    """Accent-insensitive search in PostgreSQL ("Sao Paulo" finds "São Paulo"): its version
    is in :mod:`.pg_schema`. Nothing to do in SQLite, whose FTS5 tables fold diacritics
    already (``remove_diacritics 2``, m003)."""
    return ""


def _statements(script: str) -> Iterator[str]:
    """A script's statements one by one (a trigger body's semicolons do not end it)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                yield buffer
            buffer = ""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; return the resulting version.

    The version is read again inside each step's write transaction, so two processes opening
    a new file at once do not both run a step.
    """
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for version, step in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] < version:
                for statement in _statements(step()):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    return len(MIGRATIONS)
