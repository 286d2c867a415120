"""What deserves an alert, found in the store after new documents arrived.

Each detector looks only at what involves the new documents, so an alert means "this just
happened", and gives a ``key`` naming the event itself (a statement, a reuse pair, a story
crossing the threshold): the same event found again after a restart or a re-run of the
cross-document steps has the same key and is not sent twice. Every alert carries its
evidence: document ids and URLs, character offsets, statement, variant and story ids.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Iterator

from ..store.sqlite import Store
from .config import Watchlist

MAX_OFFSETS = 20  # occurrences of a phrase listed per document
MAX_PASSAGES = 10


@dataclass
class Alert:
    key: str
    kind: str  # watched_quote, watched_mention, watched_phrase, quote_variant, reuse, discrepancy, story_outlets
    summary: str
    evidence: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def name_pattern(name: str) -> re.Pattern[str]:
    """Whole words, any case, any run of spaces: "jane  roe" finds "Jane Roe", not "Janet Roes"."""
    words = [re.escape(w) for w in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def detect(store: Store, new_documents: set[str], watch: Watchlist, story_outlets_threshold: int) -> list[Alert]:
    """All alerts the arrival of ``new_documents`` causes, after the cross-document steps ran."""
    if not new_documents:
        return []
    docs = _DocumentInfo(store)
    alerts: list[Alert] = []
    alerts += _watched_quotes(store, new_documents, watch, docs)
    alerts += _watched_mentions(store, new_documents, watch, docs)
    alerts += _watched_phrases(store, new_documents, watch, docs)
    alerts += _reuse(store, new_documents, docs)
    alerts += _variants(store, new_documents, docs)
    alerts += _discrepancies(store, new_documents, docs)
    alerts += _stories(store, new_documents, docs, story_outlets_threshold)
    return alerts


class _DocumentInfo:
    """id, URL, outlet, title and date of documents, read once each."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[str, dict[str, Any]] = {}

    def __call__(self, doc_id: str) -> dict[str, Any]:
        if doc_id not in self._cache:
            row = self.store.conn.execute(
                "SELECT url, outlet, title, published FROM documents WHERE id = ?", (doc_id,)).fetchone()
            self._cache[doc_id] = {"document": doc_id, **(dict(row) if row else {})}
        return self._cache[doc_id]

    def text(self, doc_id: str) -> str:
        row = self.store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else ""


def _in(column: str, values: set[str]) -> tuple[str, list[str]]:
    return f"{column} IN ({', '.join('?' for _ in values)})", sorted(values)


def _entity_names(store: Store) -> dict[str, list[str]]:
    return {e.id: [e.name, *e.aliases] for e in store.entities()}


def _watched_quotes(store: Store, new: set[str], watch: Watchlist, docs: _DocumentInfo) -> Iterator[Alert]:
    watched = [(name, name_pattern(name)) for name in (*watch.people, *watch.organisations)]
    if not watched:
        return
    names_of = _entity_names(store)
    for st in store.statements(*_in("document", new)):
        names = [n for n in (st.speaker_name, *names_of.get(st.speaker or "", [])) if n]
        for name, pattern in watched:
            if any(pattern.search(n) for n in names):
                yield Alert(
                    key=f"quote:{st.id}:{name.lower()}", kind="watched_quote",
                    summary=f"{name} quoted in {_where(docs(st.document))}: {_clip(st.text)}",
                    evidence={**docs(st.document), "watched": name, "statement": st.id, "kind": st.kind,
                              "speaker": st.speaker, "speaker_name": st.speaker_name, "start": st.start,
                              "end": st.end, "text": st.text})


def _watched_mentions(store: Store, new: set[str], watch: Watchlist, docs: _DocumentInfo) -> Iterator[Alert]:
    """Watched organisations mentioned (people alert when quoted; a name-drop is too frequent)."""
    watched = [(name, name_pattern(name)) for name in watch.organisations]
    if not watched:
        return
    names_of = _entity_names(store)
    found: dict[tuple[str, str], list[list[int]]] = {}
    for m in store.mentions(*_in("document", new)):
        names = [m.text, *names_of.get(m.entity or "", [])]
        for name, pattern in watched:
            if any(pattern.search(n) for n in names):
                found.setdefault((m.document, name), []).append([m.start, m.end])
    for (doc_id, name), spans in sorted(found.items()):
        yield Alert(key=f"mention:{doc_id}:{name.lower()}", kind="watched_mention",
                    summary=f"{name} mentioned {len(spans)}x in {_where(docs(doc_id))}",
                    evidence={**docs(doc_id), "watched": name, "spans": spans[:MAX_OFFSETS]})


def _watched_phrases(store: Store, new: set[str], watch: Watchlist, docs: _DocumentInfo) -> Iterator[Alert]:
    for doc_id in sorted(new):
        text = docs.text(doc_id)
        for phrase in watch.phrases:
            spans = [[m.start(), m.end()] for m in name_pattern(phrase).finditer(text)]
            if spans:
                start, end = spans[0]
                context = text[max(0, start - 80) : end + 80]
                yield Alert(key=f"phrase:{doc_id}:{phrase.lower()}", kind="watched_phrase",
                            summary=f"'{phrase}' in {_where(docs(doc_id))}: …{_clip(context)}…",
                            evidence={**docs(doc_id), "watched": phrase, "spans": spans[:MAX_OFFSETS]})


def _reuse(store: Store, new: set[str], docs: _DocumentInfo) -> Iterator[Alert]:
    where, params = _in("source", new)
    where2, params2 = _in("target", new)
    for row in store.rows("reuse", f"{where} OR {where2}", [*params, *params2]):
        source, target = docs(row["source"]), docs(row["target"])
        yield Alert(
            key=f"reuse:{row['source']}:{row['target']}", kind="reuse",
            summary=(f"{_where(target)} copies {_where(source)} "
                     f"({row['coverage']:.0%} of it, confidence {row['confidence']:.2f})"),
            evidence={"source": source, "target": target, "coverage": row["coverage"],
                      "confidence": row["confidence"], "basis": row["basis"],
                      "passages": row["passages"][:MAX_PASSAGES]})


def _variants(store: Store, new: set[str], docs: _DocumentInfo) -> Iterator[Alert]:
    """A known quote rendered anew: a variant group with a statement from a new document."""
    for row in store.rows("variants", order="id"):
        members = list(store.statements(*_in("id", set(row["statements"]))))
        if len({st.document for st in members}) < 2:
            continue
        for st in members:
            if st.document not in new:
                continue
            differences = [d for d in row["differences"]
                           if st.id == row["statements"][0] or any(st.id in v["statements"] for v in d["values"][1:])]
            others = sorted({m.document for m in members} - {st.document})
            yield Alert(
                key=f"variant:{st.id}", kind="quote_variant",
                summary=(f"new rendering of a quote in {_where(docs(st.document))}: {_clip(st.text)}"
                         + (f" [{_describe(differences[0])}]" if differences else "")),
                evidence={**docs(st.document), "variant": row["id"], "statement": st.id, "start": st.start,
                          "end": st.end, "text": st.text, "canonical": row["canonical"],
                          "canonical_statement": row["statements"][0], "differences": differences,
                          "other_documents": [docs(d) for d in others]})


def _discrepancies(store: Store, new: set[str], docs: _DocumentInfo) -> Iterator[Alert]:
    stories = _stories_with(store, new)
    for row in store.rows("discrepancies", order="id"):
        involved = {d for value in row["values"] for d in value.get("documents", [])}
        if row["story"] not in stories and not involved & new:
            continue
        values = "; ".join(f"{v.get('value', v.get('text', '?'))} ({len(v.get('documents', []))} doc)"
                           for v in row["values"][:4])
        yield Alert(key=f"discrepancy:{row['id']}", kind="discrepancy",
                    summary=f"outlets disagree on {row['kind']} of {row['about'] or 'a fact'}: {values}",
                    evidence={"discrepancy": row["id"], "story": row["story"], "kind": row["kind"],
                              "about": row["about"], "values": row["values"],
                              "documents": [docs(d) for d in sorted(involved)]})


def _stories(store: Store, new: set[str], docs: _DocumentInfo, threshold: int) -> Iterator[Alert]:
    for story_id, story in sorted(_stories_with(store, new).items()):
        members = [docs(d) for d in story["documents"]]
        outlets = sorted({m.get("outlet") for m in members if m.get("outlet")})
        if len(outlets) >= threshold:
            yield Alert(key=f"story:{story_id}:outlets>={threshold}", kind="story_outlets",
                        summary=f"story '{story['title']}' now covered by {len(outlets)} outlets: {', '.join(outlets)}",
                        evidence={"story": story_id, "title": story["title"], "outlets": outlets, "documents": members})


def _stories_with(store: Store, new: set[str]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in store.rows("stories") if set(s["documents"]) & new}


def _where(doc: dict[str, Any]) -> str:
    return f"{doc.get('outlet') or doc['document']} ({doc.get('url') or doc['document']})"


def _describe(difference: dict[str, Any]) -> str:
    values = difference["values"]
    readings = " / ".join(repr(v["text"]) for v in values[1:])
    return f"{difference['kind']}: {values[0]['text']!r} -> {readings}"


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
