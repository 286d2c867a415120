"""What every crosswire store does, whatever the database under it.

The SQLite file (:mod:`.sqlite`) and a PostgreSQL database (:mod:`.postgres`) share these
tables, these methods and one SQL dialect: SQLite's, which :mod:`.pg_connection` translates
where PostgreSQL differs. A backend supplies the connection, transactions, schema
introspection and the schema version.

Nested fields (identifiers, cites, passages ...) are JSON text columns, so any SQL tool can
read the tables as they are. All SQL is parameterised.
"""
from __future__ import annotations

import json
import os
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, NamedTuple

from ..model import Document, Entity, IngestError, Mention, Statement

DEFAULT_DB = "crosswire.db"

# Columns holding JSON, per table: decoded on read, encoded on write.
JSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("identifiers", "cites", "removed", "dates"),
    "statements": ("speaker_span",),
    "entities": ("aliases", "roles"),
    "stories": ("documents", "reasons"),
    "reuse": ("passages", "basis"),
    "variants": ("statements", "differences"),
    "discrepancies": ("values",),
    "events": ("actors", "targets", "documents", "evidence", "mentions"),
    "event_mentions": ("actors", "targets", "actor_names", "target_names"),
    "date_expressions": (),
}
DERIVED_TABLES = ("stories", "reuse", "variants", "discrepancies", "events")
INTERNAL_COLUMNS = {"documents": ("extracted_version", "added_at")}
EXPORT_HIDDEN = {"statements": ("speaker_key", "addressee_key")}


def resolve_db_path(db: str | os.PathLike[str] | None) -> str:
    """``--db``, else ``$CROSSWIRE_DB``, else ``./crosswire.db``."""
    if db:
        return str(db)
    return os.environ.get("CROSSWIRE_DB") or DEFAULT_DB


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Column(NamedTuple):
    """One column of a table, its type in the schema's words (INTEGER, REAL, TEXT, BLOB)."""

    name: str
    type: str
    primary_key: int  # position in the primary key, 0 when not part of it


class StoreBase:
    """A crosswire store: documents, per-document annotations, cross-document links."""

    dialect = "sqlite"  # or "postgresql": for the few queries that differ (full-text search)
    path: str
    readonly: bool
    conn: Any  # sqlite3.Connection, or the sqlite3-style pg_connection.Connection

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "StoreBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[Any]:
        """One atomic unit of work: all of it lands, or none."""
        raise NotImplementedError

    def table_info(self, table: str) -> list[Column]:
        """The columns of a table, in table order."""
        raise NotImplementedError

    def stored_schema_version(self) -> int:
        """The schema version the database is at (it may be older than this crosswire's)."""
        raise NotImplementedError

    def _select_list(self, table: str) -> str:
        """The columns ``rows`` reads (a backend may hide its own bookkeeping columns)."""
        return "*"

    # -- writing ---------------------------------------------------------------------

    def _insert(self, table: str, row: dict[str, Any], *, replace: bool = True) -> None:
        self._insert_many(table, [row], replace=replace)

    def _insert_many(self, table: str, rows: Iterable[dict[str, Any]], *, replace: bool = True) -> int:
        """Insert rows with one prepared statement per run of rows with the same columns."""
        json_columns = JSON_COLUMNS.get(table, ())
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        written = 0
        batch: list[list[Any]] = []
        columns: tuple[str, ...] = ()

        def flush() -> int:
            if not batch:
                return 0
            cols = ", ".join(_quote(c) for c in columns)
            marks = ", ".join("?" for _ in columns)
            self.conn.executemany(f"{verb} INTO {_quote(table)} ({cols}) VALUES ({marks})", batch)
            done = len(batch)
            batch.clear()
            return done

        for row in rows:
            for col in json_columns:
                if col in row and row[col] is not None and not isinstance(row[col], str):
                    row[col] = json.dumps(row[col], ensure_ascii=False, sort_keys=True)
            if tuple(row) != columns:
                written += flush()
                columns = tuple(row)
            batch.append(list(row.values()))
            if len(batch) >= 5000:
                written += flush()
        return written + flush()

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def put_document(self, doc: Document) -> bool:
        """Store a document unless it is already there; return True when it was new."""
        if self.has_document(doc.id):
            return False
        row = doc.to_dict()
        row["added_at"] = _now()
        self._insert("documents", row, replace=False)
        return True

    def put_documents(self, docs: Iterable[Document]) -> int:
        """Store many documents at once, skipping ids already stored; return how many were new."""
        before = self.count("documents")
        added_at = _now()
        self._insert_many("documents", ({**doc.to_dict(), "added_at": added_at} for doc in docs), replace=False)
        return self.count("documents") - before

    def put_annotations(
        self,
        doc_id: str,
        statements: Iterable[Statement],
        mentions: Iterable[Mention],
        version: int,
    ) -> None:
        """Replace one document's per-document annotations (extraction is re-runnable)."""
        self.conn.execute("DELETE FROM statements WHERE document = ?", (doc_id,))
        self.conn.execute("DELETE FROM mentions WHERE document = ?", (doc_id,))
        self.add_annotations(statements, mentions)
        self.conn.execute("UPDATE documents SET extracted_version = ? WHERE id = ?", (version, doc_id))

    def add_annotations(self, statements: Iterable[Statement], mentions: Iterable[Mention],
                        events: Iterable[Any] = (), dates: Iterable[tuple[str, Any]] = ()) -> None:
        """Add (or replace by key) statements, mentions, event mentions and (document, date
        expression) pairs of any documents, in bulk."""
        self._insert_many("statements", (st.to_dict() for st in statements))
        self._insert_many("mentions", ({k: getattr(m, k) for k in ("document", "start", "end", "text", "type", "key",
                                                                   "role", "entity")} for m in mentions))
        self._insert_many("event_mentions", (event.to_row() for event in events))
        self._insert_many("date_expressions", (expression.to_row(doc_id) for doc_id, expression in dates))

    def put_event_mentions(self, doc_id: str, events: Iterable[Any], dates: Iterable[Any]) -> None:
        """Replace one document's event mentions and date expressions (see ``extract.events``)."""
        self.conn.execute("DELETE FROM event_mentions WHERE document = ?", (doc_id,))
        self.conn.execute("DELETE FROM date_expressions WHERE document = ?", (doc_id,))
        self._insert_many("event_mentions", (event.to_row() for event in events))
        self._insert_many("date_expressions", (expression.to_row(doc_id) for expression in dates))

    def log_error(self, error: IngestError) -> None:
        self.conn.execute(
            "INSERT INTO ingest_errors (source, line, message, at) VALUES (?, ?, ?, ?)",
            (error.source, error.line, error.message, _now()),
        )

    def replace_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Replace a derived table's content wholesale (inside the caller's transaction)."""
        if table not in DERIVED_TABLES and table != "entities":
            raise ValueError(f"not a derived table: {table}")
        self.conn.execute(f"DELETE FROM {_quote(table)}")
        return self._insert_many(table, (dict(row) for row in rows))

    def set_mention_entities(self, assignments: Iterable[tuple[str, str, int, int]]) -> None:
        """Assign global entity ids to mentions: (entity, document, start, end)."""
        self.conn.executemany(
            'UPDATE mentions SET entity = ? WHERE document = ? AND start = ? AND "end" = ?', assignments
        )

    def set_statement_parties(self, assignments: Iterable[tuple[str | None, str | None, str]]) -> None:
        """Set (speaker, addressee) entity ids of statements by id."""
        self.conn.executemany("UPDATE statements SET speaker = ?, addressee = ? WHERE id = ?", assignments)

    # -- reading ---------------------------------------------------------------------

    def _decode(self, table: str, row: Any) -> dict[str, Any]:
        out = dict(row)
        for col in JSON_COLUMNS.get(table, ()):
            if out.get(col) is not None:
                out[col] = json.loads(out[col])
        for col in INTERNAL_COLUMNS.get(table, ()):
            out.pop(col, None)
        return out

    def rows(self, table: str, where: str = "", params: Iterable[Any] = (), order: str = "rowid") -> Iterator[dict[str, Any]]:
        """Decoded rows of a table; ``where`` must use ``?`` placeholders for values."""
        if table not in JSON_COLUMNS and table not in ("mentions", "ingest_errors"):
            raise ValueError(f"unknown table: {table}")
        sql = f"SELECT {self._select_list(table)} FROM {_quote(table)}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        for row in self.conn.execute(sql, list(params)):
            yield self._decode(table, row)

    def documents(self, where: str = "", params: Iterable[Any] = ()) -> Iterator[Document]:
        for row in self.rows("documents", where, params, order="id"):
            yield Document(**row)

    def document(self, doc_id: str) -> Document | None:
        return next(self.documents("id = ?", (doc_id,)), None)

    def statements(self, where: str = "", params: Iterable[Any] = ()) -> Iterator[Statement]:
        for row in self.rows("statements", where, params, order="document, start, id"):
            yield Statement(**row)

    def mentions(self, where: str = "", params: Iterable[Any] = ()) -> Iterator[Mention]:
        for row in self.rows("mentions", where, params, order="document, start"):
            yield Mention(**row)

    def entities(self) -> Iterator[Entity]:
        for row in self.rows("entities", order="id"):
            yield Entity(**row)

    def stale_documents(self, version: int) -> list[str]:
        """Ids of documents whose per-document extraction is older than ``version``."""
        cur = self.conn.execute("SELECT id FROM documents WHERE extracted_version < ? ORDER BY id", (version,))
        return [r[0] for r in cur]

    def count(self, table: str) -> int:
        if table not in JSON_COLUMNS and table not in ("mentions", "ingest_errors"):
            raise ValueError(f"unknown table: {table}")
        return self.conn.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]

    def counts(self) -> dict[str, int]:
        return {t: self.count(t) for t in ("documents", "statements", "entities", *DERIVED_TABLES)}
