"""Open the store a ``--db`` value names: a PostgreSQL URL, else a SQLite file path."""
from __future__ import annotations

import os

from .base import StoreBase, resolve_db_path

URL_SCHEMES = ("postgresql://", "postgres://")


class StoreUnavailable(RuntimeError):
    """The store cannot be opened: no driver for it, or its server refused or is unreachable."""


def is_postgres_url(db: str | os.PathLike[str]) -> bool:
    return str(db).startswith(URL_SCHEMES)


def open_store(db: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> StoreBase:
    """``postgresql://...`` (or ``postgres://``) opens PostgreSQL; anything else is a SQLite
    file. ``None`` falls back to ``$CROSSWIRE_DB``, then ``./crosswire.db``."""
    target = resolve_db_path(db)
    if is_postgres_url(target):
        try:
            import psycopg

            from .postgres import PostgresStore
        except ImportError as exc:
            raise StoreUnavailable("a PostgreSQL store needs psycopg: pip install 'crosswire[postgres]'") from exc
        try:
            return PostgresStore(target, readonly=readonly)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"cannot open the PostgreSQL store: {str(exc).strip()}") from exc
    from .sqlite import Store

    return Store(target, readonly=readonly)
