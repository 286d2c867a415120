"""Per-document extraction: entity mentions, statements, dates, events."""
from .pipeline import EXTRACTOR_VERSION, Annotations, Extracted, extract, extract_all, extract_for_store

__all__ = ["EXTRACTOR_VERSION", "Annotations", "Extracted", "extract", "extract_all", "extract_for_store"]
