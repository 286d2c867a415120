"""Schema migrations, one function per version returning its SQL, applied in order.

The schema version lives in ``PRAGMA user_version``. A migration runs inside one
transaction with the version bump, so a crash leaves either the old or the new schema.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

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


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; return the resulting version."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for version, step in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        # executescript commits any open transaction first, so the script carries its own.
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{step()}\nPRAGMA user_version = {version};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
    return len(MIGRATIONS)
