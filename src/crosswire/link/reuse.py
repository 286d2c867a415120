"""Cross-document step: reuse (placeholder: being written)."""
from __future__ import annotations

from ..store.sqlite import Store


def run(store: Store) -> int:
    return 0
