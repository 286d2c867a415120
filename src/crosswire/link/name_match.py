"""Whether the names in two name facts are one person or organisation.

A name fact's name is resolved to the cross-document entity the entities step gave its
mention, so spelling variants ("Muhammad"/"Mohammed al-Rashidi") and titles ("Sister
Layla Haddad") are one value named by the entity. A name the entities step left with its
document (a lone "Haddad") still fits a fuller name whose words it shares, compared on
spelling skeletons; it is then no claim of its own. Only names that neither resolve to one
entity nor share their words are different people or organisations.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..extract import names
from ..store.sqlite import Store
from .facts import Fact

Resolved = tuple[str, str, str]  # (entity id, entity name, entity type)
EntityOf = Callable[[str, Fact], "Resolved | None"]


@dataclass(frozen=True)
class NameValue:
    """A name as compared: its type, the skeletons of its name words, its entity if known."""

    type: str
    words: tuple[str, ...]
    entity: str | None

    def same(self, other: "NameValue") -> bool:
        if self.entity is not None and self.entity == other.entity:
            return True
        short, long = sorted((self.words, other.words), key=len)
        return bool(short) and set(short) <= set(long)

    def refines(self, other: "NameValue") -> bool:
        """True when this names the same one as ``other`` with more words ("Layla Haddad" / "Haddad")."""
        return len(self.words) > len(other.words) and self.same(other)


def name_value(name: str, type_: str, entity: str | None) -> NameValue:
    tokens = names.person_tokens(name) if type_ == "person" else names.org_tokens(name)
    return NameValue(type_, names.name_skeleton(tokens), entity)


def resolve(fact: Fact, doc_id: str, entity_of: EntityOf) -> tuple[str, NameValue]:
    """The name to show for a name fact (its entity's name when known) and its comparable value."""
    found = entity_of(doc_id, fact)
    if found is None:
        type_ = fact.qualifier or "person"
        return fact.value, name_value(fact.value, type_, None)
    entity, name, type_ = found
    return name, name_value(name, type_, entity)


def unresolved(doc_id: str, fact: Fact) -> None:
    """No entities known (a story compared without the entities step): names compare by words."""
    return None


class StoredEntities:
    """The entity of a name fact's span, from the mentions stored for its document."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._spans: dict[str, list[tuple[int, int, str, str, str]]] = {}

    def __call__(self, doc_id: str, fact: Fact) -> Resolved | None:
        if fact.name_start is None or fact.name_end is None:
            return None
        if doc_id not in self._spans:
            self._spans[doc_id] = self.store.conn.execute(
                'SELECT m.start, m."end", e.id, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity '
                "WHERE m.document = ?", (doc_id,)).fetchall()
        best, overlap = None, 0
        for start, end, entity, name, type_ in self._spans[doc_id]:
            shared = min(end, fact.name_end) - max(start, fact.name_start)
            if shared > overlap:
                best, overlap = (entity, name, type_), shared
        return best
