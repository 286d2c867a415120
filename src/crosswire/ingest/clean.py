"""Boilerplate removal for text and HTML (placeholder: being written)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import DateCandidate, RawRecord


@dataclass
class Cleaned:
    """The clean body of a document and what cleaning learned and dropped on the way."""

    text: str
    removed: list[dict[str, Any]] = field(default_factory=list)  # {"text", "reason"}
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    dates: list[DateCandidate] = field(default_factory=list)  # e.g. from HTML metadata


def clean_text(text: str) -> Cleaned:
    return Cleaned(text=text.strip())


def clean_html(raw: RawRecord) -> Cleaned:
    import re

    return Cleaned(text=re.sub(r"<[^>]+>", " ", raw.content).strip())
