"""The per-document pipeline: small named components, each adding to one Annotations.

Like spaCy's ``nlp.pipeline``: components run in order on one document and may read what
earlier ones added (statements look up the mentions that entities found).
Bump ``EXTRACTOR_VERSION`` when a component changes its output: ``analyze`` re-extracts
documents stored by an older version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..model import Document, Mention, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

EXTRACTOR_VERSION = 5


@dataclass(frozen=True)
class Piece:
    """A parsed stretch of the text: token ``idx`` + ``start`` is an offset into the document."""

    start: int
    doc: "Doc"


@dataclass
class Annotations:
    """What the components found in one document; the spaCy passes run once, on demand.

    ``spacy_doc`` (whole text: tags, entities, sentences) serves the entities component;
    ``parse_pieces`` (dependency parse of chosen paragraphs) the statements component.
    """

    document: Document
    statements: list[Statement] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    _spacy_doc: "Doc | None" = None
    _pieces: dict[tuple[int, int], Piece] = field(default_factory=dict)

    @property
    def spacy_doc(self) -> "Doc":
        if self._spacy_doc is None:
            from .nlp import parse

            self._spacy_doc = parse(self.document.text)
        return self._spacy_doc

    def parse_pieces(self, spans: list[tuple[int, int]]) -> list[Piece]:
        """The dependency parse of each ``(start, end)`` span, parsed in one batch and cached.

        When the whole-text pass has run, its token vectors are reused: only the parser runs.
        """
        from .nlp import parse_pieces, parse_spans

        missing = [span for span in spans if span not in self._pieces]
        if self._spacy_doc is not None:
            parsed = parse_spans(self._spacy_doc, missing)
        else:
            parsed = list(zip((s for s, _ in missing), parse_pieces(self.document.text[s:e] for s, e in missing)))
        for span, (start, piece_doc) in zip(missing, parsed):
            self._pieces[span] = Piece(start, piece_doc)
        return [self._pieces[span] for span in spans]


Component = Callable[[Document, Annotations], None]


def _components() -> list[tuple[str, Component]]:
    from .entities import find_mentions
    from .events import find_events
    from .statements import find_statements

    return [("entities", find_mentions), ("statements", find_statements), ("events", find_events)]


def extract(doc: Document) -> Annotations:
    """Run every component on one document."""
    ann = Annotations(document=doc)
    for _name, component in _components():
        component(doc, ann)
    return ann


@dataclass
class Extracted:
    """What the store keeps of one document's extraction: plain, picklable data.

    Worker processes send these back (a spaCy ``Doc`` would be costly to pickle).
    """

    document: Document
    statements: list[Statement]
    mentions: list[Mention]
    events: list[Any]
    dates: list[Any]


def extract_for_store(doc: Document) -> Extracted:
    ann = extract(doc)
    return Extracted(doc, ann.statements, ann.mentions, list(ann.extra.get("events", ())),
                     list(ann.extra.get("dates", ())))


def extract_all(docs: Iterable[Document], jobs: int = 1) -> Iterator[Extracted]:
    """Extract documents in order, in ``jobs`` worker processes when more than one.

    spaCy's model is the cost of extraction, so separate processes (each loading the model
    once) scale with cores; results come back in input order.
    """
    if jobs <= 1:
        yield from map(extract_for_store, docs)
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing import get_context

    window: deque[Future[Extracted]] = deque()  # bounded: a huge input is never all in memory
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        for doc in docs:
            window.append(pool.submit(extract_for_store, doc))
            if len(window) >= 4 * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
