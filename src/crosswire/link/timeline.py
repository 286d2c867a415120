"""Timelines: the events of a story or of an entity in date order, with their sources.

An event whose documents state incompatible dates is marked disputed, with every claimed
date and who claims it; a plot draws it as a range spanning those dates.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..extract.dates import DateValue
from ..store.sqlite import Store
from .events import about, date_claims


def _matches_entity(query: str, names: list[str]) -> bool:
    q = query.strip().lower()
    return any(q == n.lower() or q in n.lower().split() or q in n.lower() for n in names)


def timeline(store: Store, story: str | None = None, entity: str | None = None) -> list[dict[str, Any]]:
    """Events of one story (by id) or one entity (by any alias), earliest first, undated last."""
    docs: set[str] | None = None
    if story:
        row = next(store.rows("stories", "id = ?", (story,)), None)
        docs = set(row["documents"]) if row else set()
    entity_ids: set[str] | None = None
    names: dict[str, str] = {}
    for e in store.entities():
        names[e.id] = e.name
        if entity and _matches_entity(entity, [e.name, *e.aliases]):
            entity_ids = (entity_ids or set()) | {e.id}
    if entity and entity_ids is None:
        return []
    items = []
    for event in store.rows("events", order="id"):
        if docs is not None and not docs & set(event["documents"]):
            continue
        if entity_ids is not None and not entity_ids & set(event["actors"] + event["targets"]):
            continue
        claims = date_claims(event["mentions"])
        items.append({
            "id": event["id"], "type": event["type"], "cameo": event["cameo"], "about": about(event),
            "date": event["date"], "date_precision": event["date_precision"], "place": event["place"],
            "actors": [names.get(a, a) for a in event["actors"]],
            "targets": [names.get(t, t) for t in event["targets"]],
            "sources": sorted({m.get("outlet") or m["document"] for m in event["mentions"]}),
            "disputed": len(claims) > 1,
            "claims": [{"date": v.iso(), "documents": d} for v, d in claims],
        })
    return sorted(items, key=lambda i: (i["date"] is None, DateValue.from_iso(i["date"]).start if i["date"] else date.max))


def plot(items: list[dict[str, Any]], path: str | Path) -> None:
    """Draw the dated events on a time axis (PNG or SVG by suffix); disputed dates as a range."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dated = [i for i in items if i["date"]]
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.5 * max(len(dated), 1)))
    for row, item in enumerate(dated):
        values = [DateValue.from_iso(c["date"]) for c in item["claims"]] or [DateValue.from_iso(item["date"])]
        lo, hi = min(v.start for v in values), max(v.end for v in values)
        color = "tab:red" if item["disputed"] else "tab:blue"
        ax.barh(row, (hi - lo).days, left=lo, height=0.4, color=color, alpha=0.35)
        for v in values:
            ax.plot([v.start], [row], "o", color=color)
        label = f"{item['about']} ({item['type']})" + (" - date disputed" if item["disputed"] else "")
        ax.text(hi, row, "  " + label, va="center", fontsize=8)
    ax.set_yticks([])
    ax.invert_yaxis()
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(str(path))
    plt.close(fig)
