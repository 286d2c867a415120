"""Typed, filtered access to a store's records: for notebooks, and under the REST API.

>>> cw = crosswire.open("news.db")
>>> [st.text for st in cw.statements(speaker="al-Rashidi")]
>>> for story in cw.stories(): print(story.title, len(story.documents))

Every kind of the export contract can be listed with filters (``FILTERS``) a page at a time
(:func:`page`: keyset pagination with an opaque cursor), as the same records ``crosswire
export`` writes.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Iterator, TypeVar

from .model import EXPORT_ARRAYS, Document, Entity, Statement
from .store.sqlite import EXPORT_HIDDEN, Store

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100

KEYS: dict[str, tuple[str, ...]] = {kind: ("id",) for kind in EXPORT_ARRAYS}
KEYS["reuse"] = ("source", "target")

_IN_STORY = "{col} IN (SELECT value FROM stories, json_each(stories.documents) WHERE stories.id = ?)"
_HAS = "EXISTS (SELECT 1 FROM json_each({col}) WHERE value = ?)"
_DOC_OF_OUTLET = "{col} IN (SELECT id FROM documents WHERE outlet = ?)"
_SPEAKER = ("(speaker = ? OR speaker_name LIKE ? ESCAPE '\\' OR speaker IN "
            "(SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'))")


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# kind -> filter name -> (SQL condition, the parameters it binds for a value)
Filter = tuple[str, Callable[[str], list[Any]]]


def _same(value: str) -> list[Any]:
    return [value]


def _twice(value: str) -> list[Any]:
    return [value, value]


def _name_like(value: str) -> list[Any]:
    return [_like(value)] * 2


def _speaker(value: str) -> list[Any]:
    return [value, *[_like(value)] * 3]

FILTERS: dict[str, dict[str, Filter]] = {
    "documents": {
        "outlet": ("outlet = ?", _same),
        "story": (_IN_STORY.format(col="id"), _same),
        "since": ("substr(published, 1, 10) >= ?", _same),
        "until": ("substr(published, 1, 10) <= ?", _same),
        "format": ("format = ?", _same),
    },
    "statements": {
        "document": ("document = ?", _same),
        "speaker": (_SPEAKER, _speaker),  # an entity id, or part of a name or alias
        "outlet": (_DOC_OF_OUTLET.format(col="document"), _same),
        "story": (_IN_STORY.format(col="document"), _same),
        "kind": ("kind = ?", _same),
        "addressee": ("addressee = ?", _same),
    },
    "entities": {
        "type": ("type = ?", _same),
        "name": ("(name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\')", _name_like),
    },
    "stories": {"document": (_HAS.format(col="documents"), _same)},
    "reuse": {
        "source": ("source = ?", _same),
        "target": ("target = ?", _same),
        "document": ("(source = ? OR target = ?)", _twice),
        "story": (_IN_STORY.format(col="target"), _same),
    },
    "variants": {
        "statement": (_HAS.format(col="statements"), _same),
        "document": ("EXISTS (SELECT 1 FROM json_each(statements) j JOIN statements s ON s.id = j.value "
                     "WHERE s.document = ?)", _same),
    },
    "discrepancies": {"story": ("story = ?", _same), "kind": ("kind = ?", _same)},
    "events": {
        "document": (_HAS.format(col="documents"), _same),
        "type": ("type = ?", _same),
        "actor": (_HAS.format(col="actors"), _same),
        "story": ("EXISTS (SELECT 1 FROM json_each(events.documents) j WHERE j.value IN "
                  "(SELECT value FROM stories, json_each(stories.documents) WHERE stories.id = ?))", _same),
    },
}


class QueryError(ValueError):
    """A filter, cursor or limit the caller got wrong (the API answers 400)."""


def encode_cursor(key: tuple[Any, ...]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str) -> tuple[Any, ...]:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError as exc:
        raise QueryError("invalid cursor") from exc
    if not isinstance(key, list) or len(key) != len(KEYS[kind]) or not all(isinstance(k, str) for k in key):
        raise QueryError("invalid cursor")
    return tuple(key)


def _where(kind: str, filters: dict[str, str]) -> tuple[list[str], list[Any]]:
    if kind not in FILTERS:
        raise QueryError(f"unknown kind {kind!r}; choose one of {', '.join(EXPORT_ARRAYS)}")
    clauses, params = [], []
    for name, value in filters.items():
        if value in (None, ""):
            continue
        if name not in FILTERS[kind]:
            raise QueryError(f"unknown filter {name!r} for {kind}; filters: {', '.join(FILTERS[kind]) or 'none'}")
        sql, bind = FILTERS[kind][name]
        clauses.append(sql)
        params += bind(value)
    return clauses, params


def page(store: Store, kind: str, filters: dict[str, str] | None = None, *, after: str | None = None,
         limit: int = DEFAULT_LIMIT) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a kind's export records and the cursor of the next page (None: the last)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    clauses, params = _where(kind, filters or {})
    key = KEYS[kind]
    if after:
        marks = ", ".join("?" * len(key))
        clauses.append(f"({', '.join(_col(k) for k in key)}) > ({marks})")
        params += decode_cursor(after, kind)
    order = ", ".join(_col(k) for k in key) + f" LIMIT {limit + 1}"
    rows = list(store.rows(kind, " AND ".join(clauses), params, order=order))
    for row in rows:
        for col in EXPORT_HIDDEN.get(kind, ()):
            row.pop(col, None)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(tuple(rows[-1][k] for k in key)) if more else None


def get(store: Store, kind: str, record_id: str) -> dict[str, Any] | None:
    """One record by id (a reuse link's id is ``source~target``)."""
    if kind not in FILTERS:
        raise QueryError(f"unknown kind {kind!r}")
    if kind == "reuse":
        source, _, target = record_id.partition("~")
        rows = store.rows(kind, "source = ? AND target = ?", (source, target))
    else:
        rows = store.rows(kind, "id = ?", (record_id,))
    row = next(rows, None)
    if row is not None:
        for col in EXPORT_HIDDEN.get(kind, ()):
            row.pop(col, None)
    return row


def iterate(store: Store, kind: str, filters: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Every matching record, fetched a page at a time."""
    cursor = None
    while True:
        rows, cursor = page(store, kind, filters, after=cursor, limit=MAX_LIMIT)
        yield from rows
        if cursor is None:
            return


def _col(name: str) -> str:
    return '"' + name + '"'


@dataclass
class Story:
    id: str
    title: str | None
    documents: list[str]
    reasons: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Reuse:
    source: str
    target: str
    passages: list[dict[str, int]]
    coverage: float
    confidence: float
    basis: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Variant:
    id: str
    statements: list[str]
    canonical: str
    differences: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Discrepancy:
    id: str
    kind: str
    values: list[dict[str, Any]]
    story: str | None = None
    about: str | None = None


@dataclass
class Event:
    id: str
    type: str
    cameo: str | None = None
    date: str | None = None
    date_precision: str | None = None
    place: str | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    evidence: list[Any] = field(default_factory=list)
    mentions: list[Any] = field(default_factory=list)


T = TypeVar("T")
TYPES: dict[str, type] = {"documents": Document, "statements": Statement, "entities": Entity, "stories": Story,
                          "reuse": Reuse, "variants": Variant, "discrepancies": Discrepancy, "events": Event}


def typed(cls: type[T], record: dict[str, Any]) -> T:
    """A record as its dataclass; columns the class does not know (added later) are left out."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in record.items() if k in names})


class Accessors:
    """Typed record accessors, mixed into :class:`crosswire.api.Crosswire` (which has ``store``)."""

    store: Store

    def _typed(self, kind: str, filters: dict[str, str | None]) -> Iterator[Any]:
        given = {k: v for k, v in filters.items() if v is not None}
        return (typed(TYPES[kind], r) for r in iterate(self.store, kind, given))

    def documents(self, *, outlet: str | None = None, story: str | None = None, since: str | None = None,
                  until: str | None = None) -> Iterator[Document]:
        return self._typed("documents", {"outlet": outlet, "story": story, "since": since, "until": until})

    def statements(self, *, speaker: str | None = None, document: str | None = None, outlet: str | None = None,
                   story: str | None = None, kind: str | None = None) -> Iterator[Statement]:
        """Statements; ``speaker`` is an entity id or part of a speaker's name or alias."""
        return self._typed("statements", {"speaker": speaker, "document": document, "outlet": outlet,
                                          "story": story, "kind": kind})

    def entities(self, *, name: str | None = None, type: str | None = None) -> Iterator[Entity]:  # noqa: A002
        return self._typed("entities", {"name": name, "type": type})

    def stories(self, *, document: str | None = None) -> Iterator[Story]:
        return self._typed("stories", {"document": document})

    def reuse(self, *, document: str | None = None, story: str | None = None) -> Iterator[Reuse]:
        return self._typed("reuse", {"document": document, "story": story})

    def variants(self, *, document: str | None = None, statement: str | None = None) -> Iterator[Variant]:
        return self._typed("variants", {"document": document, "statement": statement})

    def discrepancies(self, *, story: str | None = None) -> Iterator[Discrepancy]:
        return self._typed("discrepancies", {"story": story})

    def events(self, *, story: str | None = None, document: str | None = None) -> Iterator[Event]:
        return self._typed("events", {"story": story, "document": document})

    def search(self, query: str, *, limit: int = 20, **filters: str) -> list[dict[str, Any]]:
        """Full-text search over statements (FTS5 syntax made safe; filters: speaker, outlet, since, until)."""
        from .web.search import search_statements

        return search_statements(self.store, query, limit=limit, **filters).hits

    def similar(self, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Statements that mean what ``text`` says (the offline sentence encoder; vectors are cached)."""
        from .web.semantic import SemanticIndex, describe

        return describe(SemanticIndex(self.store).search(text, limit), self.store)
