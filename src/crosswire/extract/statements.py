"""Statements in one document (placeholder: being written)."""
from __future__ import annotations

from ..model import Document


def find_statements(doc: Document, ann) -> None:
    return None
