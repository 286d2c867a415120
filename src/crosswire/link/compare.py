"""Two documents side by side: what they share, each difference, and the quotes they share.

Where the reuse step found copied passages, only those are aligned (it has already ruled
out chance phrases); otherwise the whole texts are. The result is plain data for the CLI
and for a web page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Document
from ..store.sqlite import Store
from .wordalign import Alignment, align, compare_texts


@dataclass
class DocumentComparison:
    a: Document
    b: Document
    basis: str  # "reuse": aligned within the reuse step's passages; "text": whole texts
    alignment: Alignment
    shared_statements: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def about(doc: Document) -> dict[str, Any]:
            return {"id": doc.id, "outlet": doc.outlet, "title": doc.title, "published": doc.published,
                    "length": len(doc.text)}

        return {
            "a": about(self.a),
            "b": about(self.b),
            "basis": self.basis,
            "shared_words": sum(p.words for p in self.alignment.passages),
            "passages": [{**p.to_dict(), "a_text": self.a.text[p.a_start:p.a_end],
                          "b_text": self.b.text[p.b_start:p.b_end]} for p in self.alignment.passages],
            "differences": [d.to_dict() for d in self.alignment.diffs],
            "shared_statements": self.shared_statements,
        }


def compare_documents(store: Store, a_id: str, b_id: str) -> DocumentComparison:
    """Compare two stored documents; raises ``KeyError`` naming a document that is not there."""
    a, b = _document(store, a_id), _document(store, b_id)
    spans = _reuse_spans(store, a.id, b.id)
    if spans:
        alignment = Alignment()
        for a_span, b_span in spans:
            part = align(a.text, b.text, a_span=a_span, b_span=b_span)
            alignment.passages += part.passages
            alignment.diffs += part.diffs
            alignment.matched_words += part.matched_words
        basis = "reuse"
    else:
        alignment, basis = compare_texts(a.text, b.text), "text"
    return DocumentComparison(a, b, basis, alignment, _shared_statements(store, a.id, b.id))


def _document(store: Store, doc_id: str) -> Document:
    doc = store.document(doc_id)
    if doc is None:
        raise KeyError(doc_id)
    return doc


def _reuse_spans(store: Store, a_id: str, b_id: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The reuse passages between the two, as (span in a, span in b)."""
    spans = []
    rows = store.rows("reuse", "(source = ? AND target = ?) OR (source = ? AND target = ?)", (a_id, b_id, b_id, a_id))
    for row in rows:
        a_is_source = row["source"] == a_id
        for p in row["passages"]:
            source, target = (p["source_start"], p["source_end"]), (p["target_start"], p["target_end"])
            spans.append((source, target) if a_is_source else (target, source))
    return sorted(spans)


def _shared_statements(store: Store, a_id: str, b_id: str) -> list[dict[str, Any]]:
    """Variant groups with renderings in both documents."""
    owner = {st.id: st.document for st in store.statements("document IN (?, ?)", (a_id, b_id))}
    shared = []
    for row in store.rows("variants", order="id"):
        in_a = [s for s in row["statements"] if owner.get(s) == a_id]
        in_b = [s for s in row["statements"] if owner.get(s) == b_id]
        if in_a and in_b:
            shared.append({"variant": row["id"], "canonical": row["canonical"], "a": in_a, "b": in_b,
                           "differences": len(row["differences"])})
    return shared
