"""One store connection per server thread.

The app's request handlers run in a pool of threads. A single SQLite connection shared by
them shares its transactions too: a ``POST /api/documents`` that begins while another is
writing fails ("cannot start a transaction within a transaction"), a rollback in one thread
undoes the other's rows, readers see uncommitted writes, and every query waits for the one
before it. With a connection per thread each request sees a committed snapshot, writers queue
on SQLite's own lock (``busy_timeout``), and readers run side by side in WAL mode. A thread's
connection closes with the thread (the pool retires idle threads).
"""
from __future__ import annotations

import os
import threading

from ..store.backend import open_store
from ..store.base import StoreBase


class ThreadStores:
    """The store at ``db``, opened once for each thread that asks for it."""

    def __init__(self, db: str | os.PathLike[str], *, readonly: bool) -> None:
        self.db, self.readonly = db, readonly
        self._local = threading.local()

    def get(self) -> StoreBase:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db, readonly=self.readonly)
        return store
