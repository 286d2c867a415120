"""The PostgreSQL store: the same tables and migrations as the SQLite file, for a team that
shares one server (``--db postgresql://user@host/dbname``).

Everything a store does is in :class:`.base.StoreBase`; this module opens the connection
(:mod:`.pg_connection` makes it speak sqlite3's API), migrates (:mod:`.pg_schema`) and reads
the schema from PostgreSQL's catalog.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from psycopg.types.numeric import FloatLoader

from .base import Column, StoreBase, _quote
from .pg_connection import Connection
from .pg_schema import BOOKKEEPING_COLUMNS, migrate, stored_version

# (column, type, position in the primary key), in table order
_COLUMNS_SQL = """
    SELECT a.attname, format_type(a.atttypid, a.atttypmod),
           coalesce(array_position(i.indkey::int2[], a.attnum) + 1, 0)  -- indkey counts from 0
    FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
    WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum
"""
_SCHEMA_TYPES = {"bigint": "INTEGER", "integer": "INTEGER", "double precision": "REAL", "bytea": "BLOB"}


class PostgresStore(StoreBase):
    """A crosswire store in a PostgreSQL database."""

    dialect = "postgresql"
    conn: Connection

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        self.path = url
        self.readonly = readonly
        self._tables: dict[str, list[Column]] = {}
        self.conn = Connection(url, key_of=self._key_of, readonly=readonly)
        # sum() and avg() give numeric in PostgreSQL: read it as float, as SQLite gives it
        self.conn.raw.adapters.register_loader("numeric", FloatLoader)
        if not readonly:
            self.schema_version = migrate(self.conn)

    def __enter__(self) -> "PostgresStore":
        return self

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work: all of it lands, or none (nested: a savepoint)."""
        with self.conn.raw.transaction():
            yield self.conn

    def table_info(self, table: str) -> list[Column]:
        if table not in self._tables:
            rows = self.conn.raw.execute(_COLUMNS_SQL, (table,)).fetchall()
            self._tables[table] = [Column(name, _SCHEMA_TYPES.get(type_, "TEXT" if type_ == "text" else type_.upper()),
                                          pk) for name, type_, pk in rows if name not in BOOKKEEPING_COLUMNS]
        return self._tables[table]

    def _key_of(self, table: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        columns = self.table_info(table)
        key = sorted((c for c in columns if c.primary_key), key=lambda c: c.primary_key)
        return tuple(c.name for c in columns), tuple(c.name for c in key)

    def _select_list(self, table: str) -> str:
        return ", ".join(_quote(c.name) for c in self.table_info(table)) or "*"

    def stored_schema_version(self) -> int:
        return stored_version(self.conn)
