"""Dates, identifiers, durations and credits read from a document (placeholder: being written)."""
from __future__ import annotations

from ..model import Document, RawRecord
from .clean import Cleaned


def describe(doc: Document, raw: RawRecord, cleaned: Cleaned, published_override: str | None = None) -> None:
    doc.published = published_override or raw.published
    doc.language = "en"


def normalise_date_option(value: str) -> str:
    from datetime import date

    return date.fromisoformat(value).isoformat()
