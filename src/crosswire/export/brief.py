"""A story brief: one self-contained HTML page a fact-checker can send to an editor.

``crosswire brief STORY_ID -o brief.html [--pdf]``. The page holds the story in one
paragraph written from the data (outlets, dates, main speakers, variants, discrepancies),
its timeline (events, else documents by date), who said what with each outlet's rendering
beside the fullest one and every difference marked by kind (:mod:`..link.wordalign`), the
copy chain as an inline SVG, and the disputed facts with their evidence sentences and links
to the sources.

Safety: the page has no external assets and no script; every piece of text from articles
goes through Jinja2 autoescaping, links are made only from ``http(s)`` URLs, and a
Content-Security-Policy forbids scripts should anything slip through.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..link.stories import story_details
from ..link.variants import describe_variants
from ..link.wordalign import OMISSION, align
from ..store.sqlite import Store

TEMPLATES = Path(__file__).parent / "templates"
CHROMIUM_PATHS = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
PDF_TIMEOUT = 120  # seconds
MAIN_SPEAKERS = 3
OTHER_QUOTES = 30
BOX_W, BOX_H, COLUMN_W, ROW_H, MARGIN = 190, 48, 300, 70, 20
ARC_RISE = 36
"""How high an arrow that skips columns rises over the boxes, per column it spans."""


class BriefError(RuntimeError):
    """A brief that cannot be made, with the reason in words."""


@dataclass
class Box:
    """A document's place in the copy-chain picture."""

    id: str
    x: int
    y: int
    outlet: str
    date: str
    title: str


def brief_data(store: Store, story_id: str) -> dict[str, Any] | None:
    """Everything the brief shows about one story, or None when there is no such story."""
    story = story_details(store, story_id)
    if story is None:
        return None
    ids = [d["id"] for d in story["documents"]]
    docs = {d.id: d for d in store.documents(f"id IN ({','.join('?' * len(ids))})", ids)}
    by_date = sorted(docs.values(), key=lambda d: (d.published or "\uffff", d.outlet or "", d.id))
    names = {e.id: e.name for e in store.entities()}
    statements = [st for doc_id in ids for st in store.statements("document = ?", (doc_id,))]
    variants = sorted((_variant(v, docs) for v in describe_variants(store)
                       if any(r["document"] in docs for r in v["renderings"])), key=lambda v: -len(v["differences"]))
    in_variants = {r["statement"] for v in variants for r in v["renderings"]}
    links = [r for r in store.rows("reuse", order="confidence DESC")
             if r["source"] in docs and r["target"] in docs]
    events = [e for e in store.rows("events", order="date, id") if any(d in docs for d in e["documents"])]
    speakers = Counter(names.get(st.speaker or "", st.speaker_name) for st in statements
                       if st.speaker or st.speaker_name)
    return {
        "story": story,
        "summary": summary_paragraph(story, by_date, speakers, variants, links),
        "timeline": events or [{"date": d.published, "outlet": d.outlet, "title": d.title, "url": safe_url(d.url),
                                "id": d.id} for d in by_date],
        "timeline_is_events": bool(events),
        "variants": variants,
        "other_quotes": [{"speaker": names.get(st.speaker or "", st.speaker_name), "text": st.text,
                          "outlet": docs[st.document].outlet, "published": docs[st.document].published,
                          "url": safe_url(docs[st.document].url)}
                         for st in statements if st.id not in in_variants and _quotable(st)][:OTHER_QUOTES],
        "chain": copy_chain(links, docs),
        "discrepancies": [_discrepancy(d, docs) for d in story["discrepancies"]],
        "documents": {d.id: {"outlet": d.outlet, "published": d.published, "title": d.title, "url": safe_url(d.url)}
                      for d in by_date},
    }


def summary_paragraph(story: dict[str, Any], by_date: list[Any], speakers: Counter[str],
                      variants: list[dict[str, Any]], links: list[dict[str, Any]]) -> str:
    """The story in one paragraph, every number taken from the record."""
    outlets = sorted({d.outlet for d in by_date if d.outlet})
    dates = sorted(d.published[:10] for d in by_date if d.published)
    span = (f" on {dates[0]}" if dates[0] == dates[-1] else f" between {dates[0]} and {dates[-1]}") if dates else ""
    parts = [f"{_count(len(by_date), 'report')} from {_count(len(outlets), 'outlet')}"
             + (f" ({', '.join(outlets)})" if outlets else "") + f"{span} cover “{story['title'] or story['id']}”."]
    if speakers:
        main = [f"{name} ({_count(n, 'statement')})" for name, n in speakers.most_common(MAIN_SPEAKERS)]
        parts.append(f"Main speakers: {', '.join(main)}.")
    differing = [v for v in variants if v["differences"]]
    if variants:
        kinds = Counter(d["kind"] for v in variants for d in v["differences"])
        by_kind = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
        detail = f", {len(differing)} of them with differences ({by_kind})" if differing else ""
        parts.append(f"{_count(len(variants), 'quote')} appear in several renderings{detail}.")
    if story["discrepancies"]:
        topics = "; ".join(f"the {d['kind']} of {d['about'] or 'an event'}" for d in story["discrepancies"])
        parts.append(f"Outlets disagree on {_count(len(story['discrepancies']), 'fact')}: {topics}.")
    if links:
        copies = {r["target"] for r in links}
        parts.append(f"{_count(len(copies), 'report')} reuse text from another report in the story.")
    return " ".join(parts)


def rendering_segments(canonical: str, text: str) -> list[dict[str, str]]:
    """``text`` cut into plain and marked pieces against ``canonical``: a marked piece has the
    kind of difference and the canonical words it stands for; an omission is a piece of the
    canonical words that ``text`` leaves out."""
    segments: list[dict[str, str]] = []
    position = 0
    for diff in sorted(align(canonical, text, contain=True).diffs, key=lambda d: (d.b_start, d.b_end)):
        if diff.b_start < position:
            continue
        if diff.b_start > position:
            segments.append({"text": text[position:diff.b_start]})
        if diff.kind == OMISSION or diff.b_end == diff.b_start:
            segments.append({"text": diff.a_text, "kind": diff.kind, "canonical": diff.a_text, "omitted": "yes"})
        else:
            segments.append({"text": text[diff.b_start:diff.b_end], "kind": diff.kind, "canonical": diff.a_text})
        position = max(position, diff.b_end)
    if position < len(text):
        segments.append({"text": text[position:]})
    return segments


def copy_chain(links: list[dict[str, Any]], docs: dict[str, Any]) -> dict[str, Any]:
    """Boxes (one column per day, oldest left) and arrows from original to copy."""
    involved = sorted({i for r in links for i in (r["source"], r["target"])},
                      key=lambda i: (docs[i].published or "\uffff", docs[i].outlet or "", i))
    days = sorted({(docs[i].published or "")[:10] for i in involved}, key=lambda d: d or "\uffff")
    column_of = {i: days.index((docs[i].published or "")[:10]) for i in involved}
    arc_room = ARC_RISE * max([abs(column_of[r["source"]] - column_of[r["target"]]) for r in links
                               if abs(column_of[r["source"]] - column_of[r["target"]]) > 1], default=0)
    rows: Counter[str] = Counter()
    boxes: dict[str, Box] = {}
    for doc_id in involved:
        doc, day = docs[doc_id], (docs[doc_id].published or "")[:10]
        boxes[doc_id] = Box(doc_id, MARGIN + column_of[doc_id] * COLUMN_W, MARGIN + arc_room + rows[day] * ROW_H,
                            doc.outlet or doc.title or doc_id, day or "undated", doc.title or "")
        rows[day] += 1
    arrows = []
    for link in links:
        a, b = boxes[link["source"]], boxes[link["target"]]
        y1, y2 = a.y + BOX_H // 2, b.y + BOX_H // 2
        if a.x == b.x:  # same day: a curve on the right side
            bend = a.x + BOX_W + 40
            path = f"M{a.x + BOX_W},{y1} C{bend},{y1} {bend},{y2} {b.x + BOX_W + 6},{y2}"
            label_x, label_y = bend, (y1 + y2) // 2
        elif abs(b.x - a.x) > COLUMN_W:  # over the boxes between: an arc from top to top
            x1, x2 = a.x + BOX_W // 2, b.x + BOX_W // 2
            top = min(a.y, b.y) - ARC_RISE * abs(b.x - a.x) // COLUMN_W * 4 // 3  # the curve peaks 3/4 up
            path = f"M{x1},{a.y} C{x1},{top} {x2},{top} {x2},{b.y - 6}"
            label_x, label_y = (x1 + x2) // 2, (min(a.y, b.y) + 3 * top) // 4 - 3
        else:
            end_x = b.x - 6 if b.x > a.x else b.x + BOX_W + 6
            start_x = a.x + BOX_W if b.x > a.x else a.x
            path = f"M{start_x},{y1} L{end_x},{y2}"
            label_x, label_y = (start_x + end_x) // 2, min(y1, y2) + (abs(y2 - y1) // 2) - 6
        arrows.append({"path": path, "label": f"{round(link['coverage'] * 100)}% copied", "x": label_x, "y": label_y,
                       "source": a.outlet, "target": b.outlet})
    width = MARGIN * 2 + max(len(days) - 1, 0) * COLUMN_W + BOX_W + 60
    height = MARGIN * 2 + arc_room + max(rows.values(), default=0) * ROW_H
    return {"boxes": list(boxes.values()), "arrows": arrows, "width": width, "height": height,
            "box_w": BOX_W, "box_h": BOX_H}


def render_brief(data: dict[str, Any]) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("brief.html.j2").render(**data)


def write_brief(store: Store, story_id: str, target: Path) -> bool:
    """Write the brief of ``story_id`` to ``target``; False when there is no such story."""
    data = brief_data(store, story_id)
    if data is None:
        return False
    target.write_text(render_brief(data), encoding="utf-8")
    return True


def print_pdf(html_path: Path, pdf_path: Path | None = None) -> Path:
    """Print a brief to PDF with headless Chromium; :class:`BriefError` when it cannot."""
    browser = next((found for name in CHROMIUM_PATHS if (found := shutil.which(name))), None)
    if browser is None:
        raise BriefError("PDF needs Chromium (looked for /usr/bin/chromium, chromium, chromium-browser, "
                         "google-chrome); the HTML brief is written, print it from a browser instead")
    pdf_path = pdf_path or html_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="crosswire-chromium-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                   f"--print-to-pdf={pdf_path.resolve()}", html_path.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise BriefError(f"Chromium did not finish printing within {PDF_TIMEOUT} s") from exc
    if done.returncode != 0 or not pdf_path.exists():
        raise BriefError(f"Chromium could not print the PDF: {done.stderr.strip()[-300:]}")
    return pdf_path


def safe_url(url: str | None) -> str | None:
    """The URL if it is a web address; anything else (``javascript:``, ``data:``) is not linked."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _variant(group: dict[str, Any], docs: dict[str, Any]) -> dict[str, Any]:
    renderings = []
    for k, r in enumerate(group["renderings"]):
        doc = docs.get(r["document"])
        segments = [{"text": r["text"]}] if k == 0 else rendering_segments(group["canonical"], r["text"])
        renderings.append({**r, "canonical": k == 0, "url": safe_url(doc.url) if doc else None,
                           "label": r["outlet"] or (doc.title if doc else None) or r["document"], "segments": segments})
    speaker = next((r["speaker_name"] for r in group["renderings"] if r["speaker_name"]), None)
    return {"id": group["id"], "speaker": speaker, "canonical": group["canonical"], "renderings": renderings,
            "differences": group["differences"]}


def _discrepancy(d: dict[str, Any], docs: dict[str, Any]) -> dict[str, Any]:
    values = [{"value": v.get("value"), "evidence": v.get("evidence"),
               "sources": [{"id": i, "outlet": (docs[i].outlet or docs[i].title) if i in docs else i,
                            "url": safe_url(docs[i].url) if i in docs else None} for i in v.get("documents", [])]}
              for v in d["values"]]
    return {"id": d["id"], "kind": d["kind"], "about": d["about"], "values": values}


def _quotable(st: Any) -> bool:
    """A direct quote with a speaker, or a transcript turn whose speaker is a resolved entity
    (not a bare "Host:" or "Interviewer:" label)."""
    return (st.kind == "direct" and bool(st.speaker or st.speaker_name)) or (st.kind == "turn" and bool(st.speaker))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
