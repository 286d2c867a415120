"""The cross-document steps of ``analyze``, in the order their inputs require.

Each step is a module with ``run(store) -> int`` (rows written); it reads what earlier
steps stored and replaces its own tables inside one transaction, so a crash mid-way leaves
the previous, consistent result.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import importlib
from collections.abc import Callable, Iterable
from functools import lru_cache

from ..store.sqlite import Store

# entities first (statements need speaker ids), paraphrase right after reuse (it links only
# the pairs reuse left unlinked), stories after reuse and variants (their reasons), events
# after stories (merged within one), discrepancies last (they belong to a story and report
# events' disputed dates).
STEP_NAMES = ("entities", "reuse", "paraphrase", "variants", "stories", "events", "discrepancies")


def run_steps(store: Store, on_step: Callable[[str, int], None] | None = None,
              names: Iterable[str] = STEP_NAMES) -> dict[str, int]:
    """Run the named steps in pipeline order, each in its own transaction."""
    chosen = set(names)
    results: dict[str, int] = {}
    for name in (n for n in STEP_NAMES if n in chosen):
        module = importlib.import_module(f"{__package__}.{name}")
        with store.transaction():
            results[name] = module.run(store)
        _release_memory()
        if on_step:
            on_step(name, results[name])
    return results


def _release_memory() -> None:
    """Hand a finished step's freed heap back to the system, so the next step's peak does not
    stack on the last one's (glibc keeps freed small blocks otherwise; elsewhere a no-op)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
