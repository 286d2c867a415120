"""A throwaway local PostgreSQL server (for the tests and ``benchmarks/postgres.py``).

Uses the Debian binaries (``/usr/lib/postgresql/N/bin``, see ``scripts/install-postgres``):
``initdb`` into a temporary folder, ``pg_ctl start`` listening on a free port of 127.0.0.1
and on a unix socket in that folder, with durability off (a test server loses nothing that
matters). PostgreSQL refuses to run as root, so as root the server runs as the ``postgres``
system user (else ``nobody``) through ``runuser``, owning the folder.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "crosswire"
SERVER_SETTINGS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=50 -c shared_buffers=64MB")


class ServerError(RuntimeError):
    """The local server could not be set up or started (missing binaries, no permission ...)."""


def find_bin_dir() -> Path:
    """The newest installed PostgreSQL's ``bin`` folder (``$PG_BIN`` overrides)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        on_path = shutil.which("pg_ctl")
        if not on_path:
            raise ServerError("PostgreSQL server binaries not found: run scripts/install-postgres")
        return Path(on_path).parent
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> str | None:
    """Who runs the server: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise ServerError("running as root and neither the postgres nor the nobody user exists")


@dataclass
class LocalServer:
    """One running server; ``url(dbname)`` gives a connection URL, ``create_database`` a fresh database."""

    root: Path
    port: int
    bin_dir: Path
    user: str | None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.root / "server.log"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def create_schema(self, name: str, dbname: str = "postgres") -> str:
        """Create an empty schema and return a URL whose connections work in it (``search_path``):
        much quicker than a database when every test wants a fresh store."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        return f"{self.url(dbname)}?options=-csearch_path%3D{name}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "-D", str(self.root / "data"), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)


def start(parent: str | os.PathLike[str] | None = None) -> LocalServer:
    """initdb and start a server in a new temporary folder; raise ServerError on any failure."""
    bin_dir = find_bin_dir()
    user = _server_user()
    root = Path(tempfile.mkdtemp(prefix="crosswire-pg-", dir=parent))
    os.chmod(root, 0o700)
    if user:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        # the server user must be able to reach the folder through its parents
        for parent_dir in root.parents:
            if parent_dir.stat().st_mode & 0o001 == 0:
                raise ServerError(f"{parent_dir} is not searchable by {user}: choose another temp folder")
    server = LocalServer(root, _free_port(), bin_dir, user)
    data = str(root / "data")
    steps = (
        ("initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"),
        ("pg_ctl", "start", "-w", "-t", "60", "-D", data, "-l", str(server.log),
         "-o", f"-p {server.port} -h 127.0.0.1 -k {root} {SERVER_SETTINGS}"),
    )
    for step in steps:
        try:
            done = server._run(*step)
        except (OSError, subprocess.SubprocessError) as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise ServerError(f"{step[0]} failed: {exc}") from exc
        if done.returncode != 0:
            log = server.log.read_text(errors="replace") if server.log.exists() else ""
            shutil.rmtree(root, ignore_errors=True)
            raise ServerError(f"{step[0]} failed ({done.returncode}): {done.stderr.strip()} {log.strip()}"[-2000:])
    return server
