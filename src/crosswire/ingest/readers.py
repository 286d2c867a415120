"""Readers for every input format (placeholder: being written)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..model import IngestError, RawRecord


def read_path(path: Path) -> Iterator[RawRecord | IngestError]:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        try:
            data = f.read_text("utf-8")
        except Exception as exc:
            yield IngestError(str(f), str(exc))
            continue
        yield RawRecord(source=str(f), content=data, is_html=f.suffix in (".html", ".htm"), format="html" if f.suffix in (".html", ".htm") else "text")
