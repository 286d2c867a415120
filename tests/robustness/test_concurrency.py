"""Readers keep working while writers write (WAL), and two writers at once both land (busy_timeout)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx

import crosswire
from crosswire.store.sqlite import Store
from crosswire.web.app import create_app
from crosswire.web.server import BackgroundServer

from .helpers import crosswire_process, integrity, run_crosswire, synthetic_folder

READ_URLS = ["/", "/api/documents?limit=50", "/api/statements?limit=50", "/api/stories", "/search?q=port"]


class Readers(threading.Thread):
    """Fetches the read URLs in a loop through the real server, counting failures, until stopped."""

    def __init__(self, base_url: str) -> None:
        super().__init__(daemon=True)
        self.base_url, self.stop, self.requests, self.failures = base_url, threading.Event(), 0, []

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            while not self.stop.is_set():
                for url in READ_URLS:
                    try:
                        status = client.get(url).status_code
                    except httpx.HTTPError as exc:
                        status = repr(exc)
                    self.requests += 1
                    if status != 200:
                        self.failures.append((url, status))


def test_readers_work_while_two_writers_add_and_one_analyzes(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with crosswire.open(db) as cw:
        cw.add([synthetic_folder(tmp_path / "seed", 3, "seed")])
        cw.analyze()
    first, second = synthetic_folder(tmp_path / "a", 15, "a"), synthetic_folder(tmp_path / "b", 15, "b")
    with BackgroundServer(create_app(str(db))) as server:
        readers = Readers(server.url)
        readers.start()
        writers = [crosswire_process(db, "add", first), crosswire_process(db, "add", second)]
        outputs = [w.communicate(timeout=240)[0].decode() for w in writers]
        assert [w.returncode for w in writers] == [0, 0], outputs
        run_crosswire(db, "analyze")
        with Store(db, readonly=True) as store:  # a read-only connection during the server's reads
            assert store.count("documents") == 33
        time.sleep(0.5)
        readers.stop.set()
        readers.join(timeout=60)
    assert readers.requests > 10 and readers.failures == []
    assert integrity(db) == "ok"
    with Store(db, readonly=True) as store:
        sources = {Path(doc.source).name for doc in store.documents()}
        assert store.count("stories") > 0
    assert {f"a-{i:03d}.txt" for i in range(15)} | {f"b-{i:03d}.txt" for i in range(15)} <= sources


def _post_documents(base_url: str, writer: int, count: int, statuses: list[object]) -> None:
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for i in range(count):
            text = f'GENEVA - Round {writer}-{i} of the talks ended. "We are close," said Maria Lopez on day {writer}{i}.'
            try:
                statuses.append(client.post("/api/documents", json={"text": text, "outlet": "Wire"}).status_code)
            except httpx.HTTPError as exc:
                statuses.append(repr(exc))
            client.get("/api/documents?limit=5")


def test_concurrent_writes_through_the_web_api_all_land(tmp_path: Path) -> None:
    """Regression: the app shared one SQLite connection between its threads, so a POST that began
    while another was writing failed with "cannot start a transaction within a transaction"."""
    db = tmp_path / "posts.db"
    with crosswire.open(db) as cw:
        cw.add([synthetic_folder(tmp_path / "seed", 1, "seed")])
    statuses: list[object] = []
    with BackgroundServer(create_app(str(db), allow_write=True)) as server:
        threads = [threading.Thread(target=_post_documents, args=(server.url, w, 3, statuses)) for w in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
    assert statuses == [201] * 18
    assert integrity(db) == "ok"
    with Store(db, readonly=True) as store:
        assert store.count("documents") == 19
