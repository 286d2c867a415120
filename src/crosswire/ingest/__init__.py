"""Reading inputs and turning them into clean documents with metadata.

``readers`` finds records in files of any supported format, ``clean`` strips boilerplate
from text and HTML, ``metadata`` reads dates, identifiers, durations and credits; the
``pipeline`` module joins them into :class:`~crosswire.model.Document` objects.
"""
from .pipeline import IngestOptions, build_document, ingest_paths

__all__ = ["IngestOptions", "build_document", "ingest_paths"]
