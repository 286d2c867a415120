import sqlite3

from crosswire.model import Document, Statement
from crosswire.store.migrations import MIGRATIONS
from crosswire.store.sqlite import Store, resolve_db_path


def test_new_store_is_wal_and_at_latest_schema(db):
    with Store(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    # reopening migrates nothing and keeps the data
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS)


def test_db_path_resolution(monkeypatch):
    monkeypatch.delenv("CROSSWIRE_DB", raising=False)
    assert resolve_db_path(None) == "crosswire.db"
    monkeypatch.setenv("CROSSWIRE_DB", "/tmp/x.db")
    assert resolve_db_path(None) == "/tmp/x.db"
    assert resolve_db_path("given.db") == "given.db"


def test_document_round_trip_and_idempotent_put(db):
    doc = Document(id="d1", source="a.txt", text="Text.", identifiers={"clip": "12"},
                   cites=[{"name": "X", "relation": "originally published by"}])
    with Store(db) as store:
        with store.transaction():
            assert store.put_document(doc)
            assert not store.put_document(doc)
        assert store.document("d1") == doc
        assert store.count("documents") == 1


def test_failed_transaction_leaves_nothing(db):
    with Store(db) as store:
        try:
            with store.transaction():
                store.put_document(Document(id="d1", source="a", text="x"))
                raise RuntimeError("crash")
        except RuntimeError:
            pass
        assert store.count("documents") == 0


def test_annotations_replace_and_hostile_values_are_data(db):
    evil = "x'); DROP TABLE documents; --"
    with Store(db) as store:
        with store.transaction():
            store.put_document(Document(id=evil, source=evil, text=evil))
            st = Statement(id="s1", document=evil, kind="direct", text="x", start=0, end=1)
            store.put_annotations(evil, [st], [], version=1)
            store.put_annotations(evil, [st], [], version=1)
        assert [s.id for s in store.statements()] == ["s1"]
        assert store.document(evil).text == evil
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert isinstance(store.conn, sqlite3.Connection)
