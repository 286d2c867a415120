"""Cross-document step: one event per real event, merged from the documents of a story.

Each document's event mentions (``event_mentions``, found per document) get global entity
ids through the ``mentions`` table. Within a document, mentions of one event share what
one of them dates or places ("Talks ... in Geneva on March 14" then "the delegation met").
Within a story, mentions merge when they have the same type, overlapping participants (or,
with none, the same object: "the video"), compatible places, and dates that are compatible
or close enough to be the same event told differently (then the date is disputed). The
merged event takes the most precise date most documents support; every document's own
account is kept in ``mentions``, side by side.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..extract.dates import DateValue
from ..store.sqlite import Store

CLOSE_DAYS = 3  # two day-precise dates this close, same event otherwise: one event, disputed date
EVENT_NOUNS = {"PUBLISH": "release", "CONSULT": "meeting", "ASSAULT": "attack", "COERCE": "arrest",
               "AGREE": "agreement", "THREATEN": "threat", "REQUEST": "appeal", "SUPPORT": "support",
               "ACCUSE": "accusation", "REJECT": "rejection", "PROTEST": "protest", "AID": "aid"}


@dataclass
class _Account:
    """One document's event mention with entity ids."""

    row: dict[str, Any]
    actors: set[str]
    targets: set[str]

    @property
    def date(self) -> DateValue | None:
        return DateValue.from_iso(self.row["date"]) if self.row.get("date") else None


@dataclass
class _Event:
    type: str
    accounts: list[_Account] = field(default_factory=list)

    @property
    def parties(self) -> set[str]:
        return {e for a in self.accounts for e in a.actors | a.targets}

    @property
    def objects(self) -> set[str]:
        return {a.row["object"] for a in self.accounts if a.row.get("object")}

    @property
    def places(self) -> set[str]:
        return {a.row["place"].lower() for a in self.accounts if a.row.get("place")}

    def dates(self) -> list[DateValue]:
        return [d for d in (a.date for a in self.accounts) if d is not None]


def run(store: Store) -> int:
    story_of = {d: s["id"] for s in store.rows("stories", order="id") for d in s["documents"]}
    entity_of = {(r[0], r[1]): r[2] for r in store.conn.execute(
        "SELECT document, key, entity FROM mentions WHERE entity IS NOT NULL")}
    by_story: dict[str, list[_Account]] = defaultdict(list)
    by_doc: dict[str, list[_Account]] = defaultdict(list)
    for row in store.rows("event_mentions", order="document, start"):
        doc = row["document"]
        account = _Account(row, {entity_of[(doc, k)] for k in row["actors"] if (doc, k) in entity_of},
                           {entity_of[(doc, k)] for k in row["targets"] if (doc, k) in entity_of})
        by_doc[doc].append(account)
        by_story[story_of.get(doc, doc)].append(account)
    for accounts in by_doc.values():
        _share_within_document(accounts)
    outlets = {r[0]: r[1] for r in store.conn.execute("SELECT id, outlet FROM documents")}
    rows = [_event_row(event, outlets) for story in sorted(by_story) for event in _merge(by_story[story])]
    return store.replace_rows("events", rows)


def _share_within_document(accounts: list[_Account]) -> None:
    """Undated or unplaced mentions take the date/place of a sibling telling the same event."""
    for a in accounts:
        for b in accounts:
            if a is b or a.row["type"] != b.row["type"] or not (a.actors | a.targets) & (b.actors | b.targets):
                continue
            if a.row.get("place") and b.row.get("place") and a.row["place"].lower() != b.row["place"].lower():
                continue  # "talks in Geneva in the spring" is not the Vienna meeting told above
            if not a.row.get("date") and b.row.get("date"):
                a.row.update(date=b.row["date"], date_precision=b.row["date_precision"], date_text=b.row["date_text"])
            if not a.row.get("place") and b.row.get("place"):
                a.row["place"] = b.row["place"]


def _dates_fit(event: _Event, date: DateValue | None) -> tuple[bool, bool]:
    """(may merge, disputed): compatible dates merge; close day-precise ones merge disputed."""
    if date is None:
        return True, False
    disputed = False
    for other in event.dates():
        if other.compatible(date):
            continue
        if date.precision == other.precision == "day" and abs((date.start - other.start).days) <= CLOSE_DAYS:
            disputed = True
            continue
        return False, False
    return True, disputed


def _joins(event: _Event, account: _Account) -> bool:
    if event.type != account.row["type"]:
        return False
    parties = account.actors | account.targets
    if parties and event.parties:
        if not parties & event.parties:
            return False
    elif not (account.row.get("object") and account.row["object"] in event.objects):
        return False
    place = (account.row.get("place") or "").lower()
    if place and event.places and place not in event.places:
        return False
    fits, disputed = _dates_fit(event, account.date)
    if disputed:  # a disputed date needs more than a shared party: the same object or both sides
        return bool(account.row.get("object") in event.objects or (
            account.actors & {e for a in event.accounts for e in a.actors}
            and account.targets & {e for a in event.accounts for e in a.targets}))
    return fits


def _merge(accounts: list[_Account]) -> list[_Event]:
    """Greedy clustering, most precisely dated accounts first so that they set the date."""
    events: list[_Event] = []
    order = sorted(accounts, key=lambda a: (a.date.rank if a.date else 9, a.row["document"], a.row["start"]))
    for account in order:
        home = next((e for e in events if _joins(e, account)), None)
        if home is None:
            home = _Event(account.row["type"])
            events.append(home)
        home.accounts.append(account)
    return events


def date_claims(mentions: list[dict[str, Any]]) -> list[tuple[DateValue, list[str]]]:
    """The dates an event's documents state, each with its documents; less precise ones that
    fit a more precise claim join it. More than one claim means the date is disputed."""
    values = sorted({m["date"] for m in mentions if m.get("date")}, key=lambda v: DateValue.from_iso(v).rank)
    claims: list[tuple[DateValue, list[str]]] = []
    for iso in values:
        value = DateValue.from_iso(iso)
        docs = sorted({m["document"] for m in mentions if m.get("date") == iso})
        homes = [c for c in claims if c[0].compatible(value)]
        if not homes:
            claims.append((value, docs))
        elif len(homes) == 1:  # fitting two claims ("this week"), a value takes no side
            homes[0][1].extend(d for d in docs if d not in homes[0][1])
    return sorted(claims, key=lambda c: (-len(c[1]), c[0].rank, c[0].start))


def about(event: dict[str, Any]) -> str:
    """How discrepancies and timelines name an event: "release of the video", "meeting"."""
    noun = EVENT_NOUNS.get(event["type"], event["type"].lower())
    objects = Counter(m.get("object") for m in event["mentions"] if m.get("object"))
    if objects:
        return f"{noun} of the {objects.most_common(1)[0][0]}"
    return noun


def _event_row(event: _Event, outlets: dict[str, str | None]) -> dict[str, Any]:
    accounts = sorted(event.accounts, key=lambda a: (a.row["document"], a.row["start"]))
    mentions = [{"document": a.row["document"], "outlet": outlets.get(a.row["document"]), "date": a.row.get("date"),
                 "date_text": a.row.get("date_text"), "place": a.row.get("place"), "text": a.row["text"],
                 "trigger": a.row["trigger"], "object": a.row.get("object"), "start": a.row["start"],
                 "end": a.row["end"]} for a in accounts]
    claims = date_claims(mentions)
    date = claims[0][0] if claims else None
    places = Counter(a.row["place"] for a in accounts if a.row.get("place"))
    first = accounts[0].row
    digest = hashlib.sha1(f"{event.type}\0{first['document']}\0{first['trigger_start']}".encode()).hexdigest()[:12]
    return {
        "id": f"v{digest}",
        "type": event.type,
        "cameo": Counter(a.row["cameo"] for a in accounts).most_common(1)[0][0],
        "date": date.iso() if date else None,
        "date_precision": date.precision if date else None,
        "place": places.most_common(1)[0][0] if places else None,
        "actors": sorted({e for a in accounts for e in a.actors}),
        "targets": sorted({e for a in accounts for e in a.targets} - {e for a in accounts for e in a.actors}),
        "documents": sorted({a.row["document"] for a in accounts}),
        "evidence": [{"document": a.row["document"], "start": a.row["start"], "end": a.row["end"]} for a in accounts],
        "mentions": mentions,
    }


def date_discrepancies(store: Store, known: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """``date`` discrepancy rows for events whose documents disagree on the date.

    ``known`` holds (story, about) pairs already reported from facts; those are not repeated.
    """
    story_of = {d: s["id"] for s in store.rows("stories", order="id") for d in s["documents"]}
    rows = []
    for event in store.rows("events", order="id"):
        claims = date_claims(event["mentions"])
        story = story_of.get(event["documents"][0])
        name = about(event)
        if len(claims) < 2 or (story, name) in known:
            continue
        values = []
        for value, docs in claims:
            spans = [{"document": m["document"], "start": m["start"], "end": m["end"], "text": m["text"]}
                     for m in event["mentions"] if m["document"] in docs and m.get("date")
                     and DateValue.from_iso(m["date"]).compatible(value)]
            values.append({"value": value.iso(), "documents": docs, "evidence": spans[0]["text"], "spans": spans})
        digest = hashlib.sha1(f"{story}\0{event['id']}".encode()).hexdigest()[:12]
        rows.append({"id": f"x{digest}", "story": story, "kind": "date", "about": name, "values": values})
    return rows
