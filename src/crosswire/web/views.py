"""What each page shows, assembled from the store as plain data (the templates only lay it out)."""
from __future__ import annotations

import threading
import time
from bisect import bisect_left
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from ..link.compare import compare_documents
from ..link.stories import story_details
from ..link.wordalign import DIFF_KINDS, align
from ..store.sqlite import Store
from .render import Edge, Span, annotate, provenance_svg


def _marks(ids: list[str]) -> str:
    return ",".join("?" * len(ids))


def home(store: Store) -> list[dict[str, Any]]:
    """Stories, latest activity first, with counts of outlets, statements, variants, discrepancies.

    Each count is one query over all stories: the home page is the busiest, and four queries per
    story (one scanning every variant) cost a second on a few hundred stories under load.
    """
    docs = {row["id"]: row for row in store.conn.execute(
        "SELECT DISTINCT d.id, d.outlet, d.published, d.added_at FROM stories s, json_each(s.documents) j "
        "JOIN documents d ON d.id = j.value")}
    statements = dict(store.conn.execute(
        "SELECT document, count(*) FROM statements WHERE document IN "
        "(SELECT j.value FROM stories s, json_each(s.documents) j) GROUP BY document").fetchall())
    variants: dict[str, set[str]] = {}
    for variant, document in store.conn.execute(
            "SELECT DISTINCT v.id, s.document FROM variants v, json_each(v.statements) j "
            "JOIN statements s ON s.id = j.value"):
        variants.setdefault(document, set()).add(variant)
    discrepancies = dict(store.conn.execute("SELECT story, count(*) FROM discrepancies GROUP BY story").fetchall())
    out = []
    for story in store.rows("stories", order="id"):
        ids = set(story["documents"])
        rows = [docs[i] for i in sorted(ids) if i in docs]
        dates = sorted(d["published"][:10] for d in rows if d["published"])
        out.append({"id": story["id"], "title": story["title"], "documents": len(story["documents"]),
                    "outlets": len({d["outlet"] for d in rows if d["outlet"]}),
                    "statements": sum(statements.get(i, 0) for i in ids),
                    "variants": len(set().union(*(variants.get(i, set()) for i in ids))),
                    "discrepancies": discrepancies.get(story["id"], 0),
                    "from": dates[0] if dates else None, "to": dates[-1] if dates else None,
                    "activity": max((d["published"] or "")[:10] or d["added_at"][:10] for d in rows)})
    return sorted(out, key=lambda s: (s["activity"], s["documents"]), reverse=True)


class HomeCache:
    """The home page's stories, computed once while the store is unchanged (for a few seconds).

    ``home`` reads every story, so under many clients the busiest page was the slowest (p95
    12 s at 50 clients). The signature (the newest row of each table it reads) catches
    analyze and add runs; the time limit catches edits in place. One thread recomputes, the
    others wait for its result instead of all computing it at once.
    """

    SIGNATURE = ("SELECT (SELECT max(rowid) FROM stories), (SELECT max(rowid) FROM documents), "
                 "(SELECT max(rowid) FROM statements), (SELECT max(rowid) FROM variants), "
                 "(SELECT max(rowid) FROM discrepancies)")

    def __init__(self, seconds: float = 2.0) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._entry: tuple[tuple[Any, ...], float, list[dict[str, Any]]] | None = None

    def stories(self, store: Store) -> list[dict[str, Any]]:
        with self._lock:
            signature = tuple(store.conn.execute(self.SIGNATURE).fetchone())
            entry = self._entry
            if entry is None or entry[0] != signature or time.monotonic() - entry[1] > self.seconds:
                entry = self._entry = (signature, time.monotonic(), home(store))
            return entry[2]


def compare_href(a: str, b: str) -> str:
    return "/compare?" + urlencode({"a": a, "b": b})


def story(store: Store, story_id: str) -> dict[str, Any] | None:
    details = story_details(store, story_id)
    if details is None:
        return None
    docs = details["documents"]
    ids = [d["id"] for d in docs]
    outlet = {d["id"]: d["outlet"] or d["title"] or d["id"] for d in docs}
    edges = [Edge(r["source"], r["target"], f"{r['coverage']:.0%}", "reuse", compare_href(r["source"], r["target"]))
             for r in store.rows("reuse", f"source IN ({_marks(ids)}) AND target IN ({_marks(ids)})", ids + ids,
                                 order="source, target")]
    linked = {frozenset((e.source, e.target)) for e in edges}
    by_outlet = {}
    for d in docs:
        by_outlet.setdefault(d["outlet"], []).append(d["id"])
    for doc in store.documents(f"id IN ({_marks(ids)})", ids):
        for cite in doc.cites:
            for cited in by_outlet.get(cite.get("name"), []):
                if cited != doc.id and frozenset((cited, doc.id)) not in linked:
                    edges.append(Edge(cited, doc.id, "cites", "citation", compare_href(cited, doc.id)))
                    linked.add(frozenset((cited, doc.id)))
    events = list(store.rows("events", f"EXISTS (SELECT 1 FROM json_each(events.documents) WHERE value IN "
                                       f"({_marks(ids)}))", ids, order="date, id"))
    discrepancies = []
    for row in details["discrepancies"]:
        values = [{**v, "outlets": sorted({outlet.get(d, d) for d in v["documents"]}),
                   "first": v["documents"][0] if v["documents"] else None,
                   "start": (v.get("spans") or [{}])[0].get("start")} for v in row["values"]]
        discrepancies.append({**row, "values": values})
    return {"story": details, "documents": docs, "graph": provenance_svg(docs, edges), "edges": edges,
            "outlet": outlet, "events": events, "dated": sorted((d for d in docs if d["published"]),
                                                                 key=lambda d: d["published"]),
            "discrepancies": discrepancies}


def _diff_spans(diffs: list[dict[str, Any]], side: str, prefix: str, anchors: bool = False) -> list[Span]:
    other = "b" if side == "a" else "a"
    return [Span(d[side]["start"], d[side]["end"], f"diff d-{d['kind']}", data=f"{prefix}{i}",
                 title=f"{d['kind']}: “{d['a']['text']}” → “{d['b']['text']}”",
                 anchor=f"{prefix}{i}-{side}" if anchors else None)
            for i, d in enumerate(diffs) if d[side]["start"] is not None and (d[side]["text"] or d[other]["text"])]


def comparison(store: Store, a_id: str, b_id: str) -> dict[str, Any]:
    """Two documents side by side; raises KeyError naming a missing document."""
    result = compare_documents(store, a_id, b_id)
    data = result.to_dict()
    sides = {}
    for side, doc in (("a", result.a), ("b", result.b)):
        spans = [Span(p[f"{side}_start"], p[f"{side}_end"], "shared") for p in data["passages"]]
        spans += _diff_spans(data["differences"], side, "d", anchors=True)
        sides[side] = annotate(doc.text, spans)
    return {"comparison": data, "a": result.a, "b": result.b, "texts": sides, "kinds": DIFF_KINDS}


def variant(store: Store, variant_id: str) -> dict[str, Any] | None:
    """Every rendering of one quote aligned to the fullest (canonical) one."""
    row = next(store.rows("variants", "id = ?", (variant_id,)), None)
    if row is None:
        return None
    statements = {s.id: s for s in store.statements(f"id IN ({_marks(row['statements'])})", row["statements"])}
    members = [statements[s] for s in row["statements"] if s in statements]
    canonical = next((s for s in members if s.text == row["canonical"]), max(members, key=lambda s: len(s.text)))
    docs = {d.id: d for d in store.documents(f"id IN ({_marks([s.document for s in members])})",
                                              [s.document for s in members])}
    renderings = []
    for st in members:
        alignment = align(canonical.text, st.text, contain=True)
        diffs = [d.to_dict() for d in alignment.diffs]
        renderings.append({"statement": st, "document": docs.get(st.document), "differences": diffs,
                           "canonical": st.id == canonical.id,
                           "html": annotate(st.text, _diff_spans(diffs, "b", f"{st.id}:"))})
    renderings.sort(key=lambda r: (not r["canonical"], (r["document"].published if r["document"] else None) or "~"))
    return {"variant": row, "canonical": canonical, "renderings": renderings, "kinds": DIFF_KINDS}


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    doc = store.document(doc_id)
    if doc is None:
        return None
    statements = list(store.statements("document = ?", (doc_id,)))
    mentions = list(store.mentions("document = ?", (doc_id,)))
    spans = [Span(s.start, s.end, f"statement k-{s.kind}", anchor=f"at-{s.start}",
                  title=f"{s.kind} statement" + (f" by {s.speaker_name}" if s.speaker_name else ""))
             for s in statements]
    spans += [Span(m.start, m.end, f"mention m-{m.type}", href=f"/entities/{m.entity}" if m.entity else None,
                   title=f"{m.type}: {m.text}" + (f" ({m.role})" if m.role else "")) for m in mentions]
    covered = {s.start for s in statements}
    spans += [Span(d["start"], d["end"], "date", anchor=None if d["start"] in covered else f"at-{d['start']}",
                   title=f"date: {d['value']} ({d['origin']})")
              for d in doc.dates if d.get("start") is not None and d.get("end") is not None]
    reuse = list(store.rows("reuse", "source = ? OR target = ?", (doc_id, doc_id), order="source, target"))
    stories = list(store.rows("stories", "EXISTS (SELECT 1 FROM json_each(documents) WHERE value = ?)", (doc_id,)))
    return {"doc": doc, "html": annotate(doc.text, spans), "statements": statements, "mentions": mentions,
            "reuse": reuse, "stories": stories}


def entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    row = next(store.rows("entities", "id = ?", (entity_id,)), None)
    if row is None:
        return None
    by = store.conn.execute(
        "SELECT s.*, d.outlet, d.published, d.title FROM statements s JOIN documents d ON d.id = s.document "
        "WHERE s.speaker = ? ORDER BY d.published, s.document, s.start", (entity_id,)).fetchall()
    about = _statements_about(store, entity_id)
    to = store.conn.execute(
        "SELECT s.*, d.outlet, d.published, d.title FROM statements s JOIN documents d ON d.id = s.document "
        "WHERE s.addressee = ? ORDER BY d.published", (entity_id,)).fetchall()
    events = list(store.rows("events", "EXISTS (SELECT 1 FROM json_each(actors) WHERE value = ?) OR "
                                       "EXISTS (SELECT 1 FROM json_each(targets) WHERE value = ?)",
                             (entity_id, entity_id), order="date, id"))
    documents = store.conn.execute(
        "SELECT d.id, d.outlet, d.published, d.title, count(*) AS mentions FROM mentions m "
        "JOIN documents d ON d.id = m.document WHERE m.entity = ? GROUP BY d.id ORDER BY d.published",
        (entity_id,)).fetchall()
    return {"entity": row, "by": [dict(r) for r in by], "about": about,
            "to": [dict(r) for r in to], "events": events, "documents": [dict(r) for r in documents]}


def _statements_about(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """Statements by others that contain a mention of the entity, by date, document and offset.

    Matched document by document over sorted offsets: a join of mentions against statements on
    containment compared every pair in a document (10,000 quotes naming one speaker: minutes).
    """
    mentions: dict[str, list[tuple[int, int]]] = {}
    for document, start, end in store.conn.execute(
            'SELECT document, start, "end" FROM mentions WHERE entity = ? ORDER BY document, start', (entity_id,)):
        mentions.setdefault(document, []).append((start, end))
    starts = {document: [start for start, _ in spans] for document, spans in mentions.items()}
    about = []
    for s in store.conn.execute(
            "SELECT s.*, d.outlet, d.published, d.title FROM statements s JOIN documents d ON d.id = s.document "
            "WHERE s.document IN (SELECT document FROM mentions WHERE entity = ?) "
            "AND (s.speaker IS NULL OR s.speaker != ?)", (entity_id, entity_id)):
        spans = mentions[s["document"]]
        i = bisect_left(starts[s["document"]], s["start"])
        while i < len(spans) and spans[i][0] <= s["end"] and spans[i][1] > s["end"]:
            i += 1  # starts inside the statement but ends past it
        if i < len(spans) and spans[i][0] <= s["end"]:
            about.append(dict(s))
    return sorted(about, key=lambda s: (s["published"] is not None, s["published"] or "", s["document"], s["start"]))


def legend() -> Markup:
    return Markup("".join(f'<span class="diff d-{k}">{k}</span> ' for k in DIFF_KINDS))
