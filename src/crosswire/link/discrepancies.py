"""Cross-document step: discrepancies (placeholder: being written)."""
from __future__ import annotations

from ..store.sqlite import Store


def run(store: Store) -> int:
    return 0
