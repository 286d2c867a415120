"""The per-document pipeline: small named components, each adding to one Annotations.

Like spaCy's ``nlp.pipeline``: components run in order on one document and may read what
earlier ones added (statements look up the mentions that entities found).
Bump ``EXTRACTOR_VERSION`` when a component changes its output: ``analyze`` re-extracts
documents stored by an older version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..model import Document, Mention, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

EXTRACTOR_VERSION = 1


@dataclass
class Annotations:
    """What the components found in one document; ``spacy_doc`` is parsed once, on demand."""

    document: Document
    statements: list[Statement] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    _spacy_doc: "Doc | None" = None

    @property
    def spacy_doc(self) -> "Doc":
        if self._spacy_doc is None:
            from .nlp import parse

            self._spacy_doc = parse(self.document.text)
        return self._spacy_doc


Component = Callable[[Document, Annotations], None]


def _components() -> list[tuple[str, Component]]:
    from .entities import find_mentions
    from .statements import find_statements

    return [("entities", find_mentions), ("statements", find_statements)]


def extract(doc: Document) -> Annotations:
    """Run every component on one document."""
    ann = Annotations(document=doc)
    for _name, component in _components():
        component(doc, ann)
    return ann
