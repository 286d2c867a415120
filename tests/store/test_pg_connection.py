"""The translation of crosswire's SQLite-dialect statements into PostgreSQL's (no server needed)."""
import pytest

pytest.importorskip("psycopg")

from crosswire.store.pg_connection import translate  # noqa: E402

KEYS = {"reuse": (("source", "target", "coverage"), ("source", "target")), "ingest_errors": (("source", "line"), ())}


def key_of(table: str):
    return KEYS[table]


@pytest.mark.parametrize("sqlite, postgres", [
    ("SELECT id FROM documents WHERE id = ? AND outlet = ?", "SELECT id FROM documents WHERE id = %s AND outlet = %s"),
    ("SELECT '?', \"a?\" FROM t WHERE x = ?;", "SELECT '?', \"a?\" FROM t WHERE x = %s"),
    ("SELECT 1 WHERE a LIKE '100%' OR b like ?", "SELECT 1 WHERE a ILIKE '100%%' OR b ILIKE %s"),
    ("SELECT 'LIKE', likely, \"LIKE\" FROM t", "SELECT 'LIKE', likely, \"LIKE\" FROM t"),
    ("INSERT OR IGNORE INTO story_keys (key, document) VALUES (?, ?)",
     "INSERT INTO story_keys (key, document) VALUES (%s, %s) ON CONFLICT DO NOTHING"),
    ("INSERT OR REPLACE INTO \"reuse\" (\"source\", \"target\", \"coverage\") VALUES (?, ?, ?)",
     "INSERT INTO \"reuse\" (\"source\", \"target\", \"coverage\") VALUES (%s, %s, %s) ON CONFLICT "
     "(\"source\", \"target\") DO UPDATE SET \"coverage\" = EXCLUDED.\"coverage\", rowid = DEFAULT"),
    ("insert or replace into reuse values (?, ?, ?)",
     "INSERT INTO reuse values (%s, %s, %s) ON CONFLICT (\"source\", \"target\") DO UPDATE SET "
     "\"coverage\" = EXCLUDED.\"coverage\", rowid = DEFAULT"),
    ("INSERT OR REPLACE INTO ingest_errors (source, line) VALUES (?, ?)",  # no key: nothing to replace
     "INSERT INTO ingest_errors (source, line) VALUES (%s, %s) ON CONFLICT DO NOTHING"),
])
def test_translation(sqlite, postgres):
    assert translate(sqlite, key_of) == postgres


def test_pragma_is_refused_with_a_clear_error():
    import psycopg

    with pytest.raises(psycopg.NotSupportedError, match="PRAGMA is SQLite-only"):
        translate("PRAGMA table_info(documents)", key_of)
