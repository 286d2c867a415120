"""HTML built from offsets: annotated texts and the provenance graph.

Every piece of text is escaped here, one piece at a time, before it is wrapped in markup;
the result is :class:`markupsafe.Markup` so templates do not escape it twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from markupsafe import Markup, escape

from .search import MARK_END, MARK_START


@dataclass(frozen=True)
class Span:
    """A stretch of text to mark: CSS classes, optional link, tooltip and anchor id."""

    start: int
    end: int
    css: str
    href: str | None = None
    title: str | None = None
    anchor: str | None = None
    data: str | None = None  # pairs the two sides of one difference


def annotate(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` as HTML with each span's stretch wrapped; overlapping spans nest their classes.

    The text is cut at every span boundary; each piece gets the classes of all spans covering
    it and the link of the innermost one. Empty spans (an insertion point) become a marker.
    One sweep over the cuts keeps the spans open at each piece, so the cost grows with the
    text and the spans, not with their product (a page with 9,000 statements took 24 s).
    """
    spans = [s for s in spans if 0 <= s.start <= s.end <= len(text)]
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        starting.setdefault(s.start, []).append(i)
        ending.setdefault(s.end, []).append(i)
    cuts = sorted({0, len(text), *starting, *ending})
    open_spans: dict[int, Span] = {}  # by position in ``spans``: ties keep the given order
    out: list[str] = []
    for x, y in zip(cuts, cuts[1:] + [None]):
        for i in ending.get(x, ()):
            open_spans.pop(i, None)
        for i in starting.get(x, ()):
            s = spans[i]
            if s.anchor:
                out.append(f'<span class="anchor" id="{escape(s.anchor)}"></span>')
            if s.start == s.end:
                out.append(_open(s, s.css + " point") + "</span>")
            else:
                open_spans[i] = s
        if y is None:
            break
        piece = str(escape(text[x:y]))
        if not open_spans:
            out.append(piece)
            continue
        covering = [open_spans[i] for i in sorted(open_spans, key=lambda i: (spans[i].start - spans[i].end, i))]
        inner = covering[-1]
        css = " ".join(dict.fromkeys(c for s in covering for c in s.css.split()))
        body = f'<a href="{escape(inner.href)}">{piece}</a>' if inner.href else piece
        out.append(_open(inner, css) + body + "</span>")
    return Markup("".join(out))


def _open(span: Span, css: str) -> str:
    attrs = f' class="{escape(css)}"'
    if span.title:
        attrs += f' title="{escape(span.title)}"'
    if span.data:
        attrs += f' data-pair="{escape(span.data)}"'
    return f"<span{attrs}>"


def highlight_snippet(snippet: str | None) -> Markup:
    """An FTS5 snippet, escaped, with its match markers as <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


# -- the provenance graph ----------------------------------------------------------------

COLUMN_WIDTH, ROW_HEIGHT, NODE_WIDTH, NODE_HEIGHT, MARGIN, ARC_STEP = 190, 70, 165, 44, 20, 24


@dataclass
class Edge:
    source: str
    target: str
    label: str
    kind: str  # reuse, citation
    href: str


def provenance_svg(documents: list[dict[str, Any]], edges: list[Edge]) -> Markup:
    """Documents as boxes in columns by date (undated last), edges as labelled arrows.

    Arrows between neighbouring columns run straight across; longer ones, and ones within a
    column, arc below the boxes so they never cross one. Each box links to its document,
    each arrow to the comparison of its two documents.
    """
    days = sorted({d["published"][:10] for d in documents if d.get("published")})
    column = {day: i for i, day in enumerate(days)}
    undated = len(days)
    rows: dict[int, int] = {}
    place: dict[str, tuple[float, float]] = {}
    for doc in sorted(documents, key=lambda d: (d.get("published") or "~", d.get("outlet") or "", d["id"])):
        col = column.get((doc.get("published") or "")[:10], undated)
        row = rows.get(col, 0)
        rows[col] = row + 1
        place[doc["id"]] = (MARGIN + col * COLUMN_WIDTH, MARGIN + 22 + row * ROW_HEIGHT)
    bottom = MARGIN + 22 + max(rows.values(), default=1) * ROW_HEIGHT
    drawn = [e for e in edges if e.source in place and e.target in place]
    arcs = [e for e in drawn if _needs_arc(place[e.source], place[e.target])]
    width = MARGIN * 2 + (max(rows) + 1) * COLUMN_WIDTH if rows else 200
    height = bottom + MARGIN + ARC_STEP * len(arcs)
    parts = [f'<svg class="provenance" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Provenance graph">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>']
    for day, col in [*column.items(), ("undated", undated)]:
        if col in rows:
            parts.append(f'<text class="column" x="{MARGIN + col * COLUMN_WIDTH}" y="{MARGIN}">{escape(_day(day))}</text>')
    for edge in drawn:
        depth = bottom + ARC_STEP * (arcs.index(edge) + 1) if edge in arcs else None
        parts.append(_arrow(place[edge.source], place[edge.target], edge, depth))
    for doc in documents:
        x, y = place[doc["id"]]
        name = doc.get("outlet") or doc.get("title") or doc["id"]
        parts.append(
            f'<a class="node" href="/documents/{escape(doc["id"])}"><rect x="{x}" y="{y}" width="{NODE_WIDTH}" '
            f'height="{NODE_HEIGHT}" rx="5"/><text x="{x + 8}" y="{y + 18}">{escape(_cut(name, 22))}</text>'
            f'<text class="sub" x="{x + 8}" y="{y + 35}">{escape(_cut(doc.get("title") or doc["id"], 27))}</text>'
            f'<title>{escape(name)}: {escape(doc.get("title") or "")}</title></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _needs_arc(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] == b[0] or abs(a[0] - b[0]) > COLUMN_WIDTH


def _arrow(a: tuple[float, float], b: tuple[float, float], edge: Edge, depth: float | None) -> str:
    (ax, ay), (bx, by) = a, b
    if depth is not None:  # from the source's bottom, down to ``depth``, up into the target's bottom
        x1, y1 = ax + NODE_WIDTH * 0.6, ay + NODE_HEIGHT
        x2, y2 = bx + NODE_WIDTH * 0.4, by + NODE_HEIGHT
        path = f"M {x1} {y1} C {x1} {depth}, {x2} {depth}, {x2} {y2}"
        lx, ly = (x1 + x2) / 2, 0.75 * depth + 0.25 * (y1 + y2) / 2 + 14  # just under the curve's lowest point
    else:
        forward = bx > ax
        x1 = ax + NODE_WIDTH if forward else ax
        x2 = bx if forward else bx + NODE_WIDTH
        y1, y2 = ay + NODE_HEIGHT / 2, by + NODE_HEIGHT / 2
        path = f"M {x1} {y1} C {(x1 + x2) / 2} {y1}, {(x1 + x2) / 2} {y2}, {x2} {y2}"
        lx, ly = (x1 + x2) / 2, (y1 + y2) / 2 - 4
    return (f'<a class="edge {escape(edge.kind)}" href="{escape(edge.href)}">'
            f'<path d="{path}" marker-end="url(#arrow)"/>'
            f'<text x="{lx:.0f}" y="{ly:.0f}">{escape(edge.label)}</text>'
            f'<title>{escape(edge.kind)}: {escape(edge.label)}</title></a>')


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%d %b %Y")
    except ValueError:
        return value


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
