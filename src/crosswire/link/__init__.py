"""Across documents: entity resolution, reuse, variants, stories, discrepancies."""
from .pipeline import STEP_NAMES, run_steps

__all__ = ["STEP_NAMES", "run_steps"]
