"""The cross-document steps of ``analyze``, in the order their inputs require.

Each step is a module with ``run(store) -> int`` (rows written); it reads what earlier
steps stored and replaces its own tables inside one transaction, so a crash mid-way leaves
the previous, consistent result.
"""
from __future__ import annotations

import importlib
from typing import Callable

from ..store.sqlite import Store

# entities first (statements need speaker ids), paraphrase right after reuse (it links only
# the pairs reuse left unlinked), stories after reuse and variants (their reasons), events
# after stories (merged within one), discrepancies last (they belong to a story and report
# events' disputed dates).
STEP_NAMES = ("entities", "reuse", "paraphrase", "variants", "stories", "events", "discrepancies")


def run_steps(store: Store, on_step: Callable[[str, int], None] | None = None) -> dict[str, int]:
    results: dict[str, int] = {}
    for name in STEP_NAMES:
        module = importlib.import_module(f"{__package__}.{name}")
        with store.transaction():
            results[name] = module.run(store)
        if on_step:
            on_step(name, results[name])
    return results
