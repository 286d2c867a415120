"""A thin sqlite3-style face over a psycopg 3 connection.

The pipeline writes its SQL once, in SQLite's dialect (``?`` placeholders, rows indexable by
name and position, ``INSERT OR IGNORE`` / ``INSERT OR REPLACE``, case-insensitive ``LIKE``).
:func:`translate` rewrites those few conventions into PostgreSQL's, token by token outside
string literals and quoted names, and caches the result per statement. Anything else must
already be portable SQL; ``PRAGMA`` is refused with a clear error (use the store's methods).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

import psycopg
from psycopg.rows import RowMaker

from .base import _quote

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%|\bLIKE\b|[^'\"?%L]+|L", re.IGNORECASE)
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\"(?:[^\"]|\"\")*\"|\w+)(?:\s*(\(([^)]*)\)))?",
                        re.IGNORECASE)
_PRAGMA = re.compile(r"^\s*PRAGMA\b", re.IGNORECASE)

KeyOf = Callable[[str], tuple[tuple[str, ...], tuple[str, ...]]]
"""table -> (its columns, its primary key columns)"""


class Row(tuple):  # type: ignore[type-arg]
    """A result row indexable by position and by column name, like ``sqlite3.Row``."""

    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"_index": {name: i for i, name in enumerate(names)}})


def row_factory(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    names = tuple(col.name for col in cursor.description or ())
    cls = _row_class(names)
    return lambda values: tuple.__new__(cls, values)


def _unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()


def translate(sql: str, key_of: KeyOf) -> str:
    """One statement in SQLite's dialect as PostgreSQL's (see the module docstring)."""
    if _PRAGMA.match(sql):
        raise psycopg.NotSupportedError(f"PRAGMA is SQLite-only (use the store's methods): {sql.strip()[:60]}")
    conflict = ""
    head = _INSERT_OR.match(sql)
    if head:
        columns, key = key_of(_unquote(head.group(2))) if head.group(1).upper() == "REPLACE" else ((), ())
        given = [_unquote(c.strip()) for c in head.group(4).split(",")] if head.group(4) else list(columns)
        if not key:  # IGNORE, or a table without a key: there is never a row to replace
            conflict = " ON CONFLICT DO NOTHING"
        else:
            # SQLite's REPLACE deletes the old row and inserts a new one, at the end of rowid order
            updates = [f"{_quote(c)} = EXCLUDED.{_quote(c)}" for c in given if c not in key] + ["rowid = DEFAULT"]
            conflict = f" ON CONFLICT ({', '.join(map(_quote, key))}) DO UPDATE SET {', '.join(updates)}"
        sql = f"INSERT INTO {head.group(2)}" + (f" {head.group(3)}" if head.group(3) else "") + sql[head.end():]
    out = []
    for token in _TOKENS.findall(sql):
        if token == "?":
            out.append("%s")
        elif "%" in token:  # psycopg reads % everywhere, string literals included
            out.append(token.replace("%", "%%"))
        elif token.upper() == "LIKE":
            out.append("ILIKE")  # SQLite's LIKE ignores (ASCII) case
        else:
            out.append(token)
    return "".join(out).rstrip().rstrip(";") + conflict


class Connection:
    """sqlite3.Connection's methods that crosswire uses, over psycopg (autocommit outside
    :meth:`transaction`)."""

    def __init__(self, url: str, *, key_of: KeyOf, readonly: bool = False) -> None:
        # Client-side binding: values are sent as literals whose type PostgreSQL infers from where
        # they stand, as SQLite's untyped parameters (``CASE WHEN ? IS NULL``) need.
        self.raw = psycopg.connect(url, autocommit=True, row_factory=row_factory, cursor_factory=psycopg.ClientCursor)
        if readonly:
            self.raw.execute("SET default_transaction_read_only = on")
        self._key_of = key_of
        self._sql: dict[str, str] = {}

    def _translated(self, sql: str) -> str:
        done = self._sql.get(sql)
        if done is None:
            done = self._sql[sql] = translate(sql, self._key_of)
        return done

    def execute(self, sql: str, params: Sequence[Any] | None = ()) -> psycopg.ClientCursor[Row]:
        return self.raw.execute(self._translated(sql), list(params or ()))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.ClientCursor[Row]:
        cursor = self.raw.cursor()
        cursor.executemany(self._translated(sql), rows)
        return cursor

    def forget_statements(self) -> None:
        """Drop cached translations (after a migration changed tables' columns or keys)."""
        self._sql.clear()

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()
