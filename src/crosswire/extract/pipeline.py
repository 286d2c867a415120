"""The per-document pipeline: small named components, each adding to one Annotations.

Like spaCy's ``nlp.pipeline``: components run in order on one document and may read what
earlier ones added (statements look up the mentions that entities found).
Bump ``EXTRACTOR_VERSION`` when a component changes its output: ``analyze`` re-extracts
documents stored by an older version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..model import Document, Mention, Statement

EXTRACTOR_VERSION = 1


@dataclass
class Annotations:
    statements: list[Statement] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


Component = Callable[[Document, Annotations], None]


def _components() -> list[tuple[str, Component]]:
    from .entities import find_mentions
    from .statements import find_statements

    return [("entities", find_mentions), ("statements", find_statements)]


def extract(doc: Document) -> Annotations:
    """Run every component on one document."""
    ann = Annotations()
    for _name, component in _components():
        component(doc, ann)
    return ann
