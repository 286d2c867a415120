"""Per-document extraction: entity mentions, statements, dates, events."""
from .pipeline import EXTRACTOR_VERSION, Annotations, extract

__all__ = ["EXTRACTOR_VERSION", "Annotations", "extract"]
