"""Running the hostile corpus through every component, one file at a time, with figures.

Shared by ``tests/hostile/test_hostile.py`` and ``benchmarks/hostile.py``: each file is added
on its own (time and peak memory measured per file), then the store is analyzed,
exported in every text format and served by the real web app.
"""
from __future__ import annotations

import io
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import crosswire
from crosswire.store.sqlite import Store
from crosswire.web.app import create_app
from crosswire.web.server import BackgroundServer

from .corpus import Case

CRASH_MARKS = ("could not read:", "could not clean:", "could not extract:")


@dataclass
class FileResult:
    name: str
    documents: int  # found: new, or already stored from an earlier file with the same text
    errors: list[str]
    seconds: float
    peak_rss_mb: float


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    pages: int = 0
    page_seconds: dict[str, float] = field(default_factory=dict)  # per URL fetched

    def by_name(self) -> dict[str, FileResult]:
        return {f.name: f for f in self.files}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def add_each(db: Path, folder: Path, cases: list[Case]) -> Report:
    """Add each case's file on its own; an exception or a caught crash is recorded, not raised."""
    report = Report()
    with crosswire.open(db) as cw:
        for case in cases:
            path = folder / case.name
            started = time.perf_counter()
            try:
                summary = cw.add([path])
                errors, documents = summary.errors, summary.added + summary.unchanged
            except Exception as exc:  # recorded: the test asserts there are none
                errors, documents = [f"{path}: could not extract: {type(exc).__name__}: {exc}"], 0
            seconds = time.perf_counter() - started
            report.crashes += [e for e in errors if any(mark in e for mark in CRASH_MARKS)]
            report.files.append(FileResult(case.name, documents, errors, seconds, peak_rss_mb()))
    return report


def analyze_export_serve(db: Path, out: Path, report: Report) -> None:
    """Analyze, export JSON/JSONL/CSV, and fetch every page and API list of the real web app."""
    with crosswire.open(db) as cw:
        cw.analyze()
        for fmt, target in (("json", out / "export.json"), ("jsonl", out / "export.jsonl"), ("csv", out / "csv")):
            cw.export(fmt, target)
        cw.export("jsonld", io.StringIO())
    with Store(db, readonly=True) as store:
        doc_ids = [row["id"] for row in store.conn.execute("SELECT id FROM documents ORDER BY id")]
        story_ids = [row["id"] for row in store.conn.execute("SELECT id FROM stories")]
        others = [f"/{table}/{row['id']}" for table in ("entities", "variants")
                  for row in store.conn.execute(f"SELECT id FROM {table} LIMIT 50")]  # table names are fixed
    urls = ["/", "/search?q=said", "/search?q=%22%00%ff", "/api/documents?limit=200", "/api/statements?limit=200",
            "/api/entities?limit=200", "/api/reuse", "/api/variants", "/api/discrepancies", "/api/events",
            "/api/search?q=negotiators", "/api/search?q=%E2%80%9C*&scope=documents",
            *(f"/documents/{d}" for d in doc_ids), *(f"/api/documents/{d}" for d in doc_ids),
            *(f"/stories/{s}" for s in story_ids), *others]
    if len(doc_ids) > 1:
        urls.append(f"/compare?a={doc_ids[0]}&b={doc_ids[1]}")
    with BackgroundServer(create_app(str(db))) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        for url in urls:
            started = time.perf_counter()
            try:
                status: object = client.get(url).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            report.page_seconds[url] = time.perf_counter() - started
            if status != 200:
                report.crashes.append(f"GET {url}: {status}")
            report.pages += 1
