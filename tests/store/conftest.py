"""Store tests run against both backends: a SQLite file and a real PostgreSQL server.

The server is started once per session from the Debian binaries (``scripts/install-postgres``)
in a temp folder, each test getting a database of its own. It is skipped only outside CI
when it cannot start; in CI (``$CI`` set) that is a failure.
"""
from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Iterator

import pytest

from crosswire.store import pg_server

_schemas = itertools.count()


@pytest.fixture(scope="session")
def pg_server_running() -> Iterator[pg_server.LocalServer]:
    if not os.environ.get("CI"):
        pytest.importorskip("psycopg", reason="the postgres extra is not installed")
    try:
        server = pg_server.start()
    except pg_server.ServerError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL could not start in CI: {exc}")
        pytest.skip(f"PostgreSQL could not start: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server_running: pg_server.LocalServer) -> str:
    """A new, empty PostgreSQL schema for this test (its URL sets the search_path)."""
    return pg_server_running.create_schema(f"test_{next(_schemas)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store every test in this folder opens (and the ``cli`` fixture uses): each test runs
    once on a SQLite file and once on a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("pg_url")
