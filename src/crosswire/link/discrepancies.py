"""Cross-document step: discrepancies, facts about one event on which a story's documents disagree.

Each document's facts (:mod:`.facts`) are found once and cached in ``document_facts``
(recomputed when ``FACTS_VERSION`` changes), so a run only parses new documents; comparing
cached facts over every story is cheap. Within a story, facts under the same key (kind,
predicate, object) are compared: values that cannot both be true make a discrepancy, one
entry per value with the documents that state it and the sentence that says so.

Conservative by design: equal values written differently agree; a less precise value that
fits ("2023" against "2023-11-09") takes no side; approximate numbers ("about 10") take no
side; a key on which one document contradicts itself (two events under one key) is skipped.
Names (who led, who did it) compare as the entities the entities step resolved them to
(:mod:`.name_match`), so spelling variants, titles and surnames alone are no discrepancy.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Callable, Iterable

from ..store.sqlite import Store
from .events import date_discrepancies as event_date_discrepancies
from .facts import FACTS_VERSION, DateValue, Fact, find_facts_many
from .name_match import EntityOf, StoredEntities, resolve, unresolved

Holding = tuple[str, Fact]  # (document id, fact)
CHUNK = 500  # documents read per query


def run(store: Store) -> int:
    stories = [s for s in store.rows("stories", order="id") if len(s["documents"]) > 1]
    needed = sorted({d for s in stories for d in s["documents"]})
    facts = document_facts(store, needed)
    texts: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    entity_of = StoredEntities(store)
    for story in stories:
        held = {d: facts.get(d, []) for d in story["documents"]}
        rows.extend(compare_story(story["id"], held, lambda d: _text(store, texts, d), entity_of))
    known = {(r["story"], r["about"]) for r in rows if r["kind"] == "date"}
    rows.extend(event_date_discrepancies(store, known))
    return store.replace_rows("discrepancies", rows)


def _text(store: Store, cache: dict[str, str], doc_id: str) -> str:
    if doc_id not in cache:
        row = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        cache[doc_id] = row[0] if row else ""
    return cache[doc_id]


def document_facts(store: Store, doc_ids: Iterable[str]) -> dict[str, list[Fact]]:
    """Facts of these documents, from the cache or found now and cached (in chunks)."""
    out: dict[str, list[Fact]] = {}
    ids = list(doc_ids)
    for first in range(0, len(ids), CHUNK):
        chunk = ids[first:first + CHUNK]
        marks = ",".join("?" * len(chunk))
        for doc_id, facts in store.conn.execute(
                f"SELECT document, facts FROM document_facts WHERE version = ? AND document IN ({marks})",
                [FACTS_VERSION, *chunk]):
            out[doc_id] = [Fact.from_dict(f) for f in json.loads(facts)]
        missing = [d for d in chunk if d not in out]
        if not missing:
            continue
        rows = store.conn.execute(f"SELECT id, text, published FROM documents WHERE id IN "
                                  f"({','.join('?' * len(missing))})", missing).fetchall()
        for (doc_id, _, _), facts in zip(rows, find_facts_many((text, published) for _, text, published in rows)):
            out[doc_id] = facts
        store.conn.executemany(
            "INSERT OR REPLACE INTO document_facts (document, version, facts) VALUES (?, ?, ?)",
            [(doc_id, FACTS_VERSION, json.dumps([f.to_dict() for f in out[doc_id]], ensure_ascii=False))
             for doc_id, _, _ in rows])
    return out


def compare_story(story: str, facts: dict[str, list[Fact]], text_of: Callable[[str], str],
                  entity_of: EntityOf = unresolved) -> list[dict[str, Any]]:
    """Discrepancy rows for one story, from each document's facts; ``entity_of`` resolves names."""
    groups: dict[tuple[str, str, str], list[Holding]] = defaultdict(list)
    for doc_id, doc_facts in facts.items():
        for fact in doc_facts:
            groups[(fact.kind, *fact.key)].append((doc_id, fact))
    rows = []
    for key, held in sorted(groups.items()):
        if len({d for d, _ in held}) < 2:
            continue
        if key[0] == "name":
            entries = _names(held, entity_of)
        else:
            entries = _DISAGREEMENT[key[0]](held, text_of)
        if entries:
            about = Counter(f.about for _, f in held).most_common(1)[0][0]
            digest = hashlib.sha1("\0".join((story, *key)).encode("utf-8")).hexdigest()[:12]
            rows.append({"id": f"x{digest}", "story": story, "kind": key[0], "about": about, "values": entries})
    return rows


def _entries(claims: dict[str, list[Holding]]) -> list[dict[str, Any]]:
    """One export entry per value: its documents, an evidence sentence and every sentence's span."""
    out = []
    for value, held in claims.items():
        docs = sorted({d for d, _ in held})
        spans, seen = [], set()
        for doc_id, fact in sorted(held, key=lambda h: (h[0], h[1].start)):
            if doc_id not in seen:
                seen.add(doc_id)
                spans.append({"document": doc_id, "start": fact.start, "end": fact.end, "text": fact.sentence})
        out.append({"value": value, "documents": docs, "evidence": spans[0]["text"], "spans": spans})
    return sorted(out, key=lambda e: (-len(e["documents"]), e["value"]))


def _claims(held: list[Holding], values: dict[str, Any], fits: Callable[[Any, Any], bool],
            is_claim: Callable[[Any], bool]) -> list[dict[str, Any]] | None:
    """Group documents behind the values they state; None when all fit together.

    ``values`` maps each fact's value text to a comparable value; a value that is not a
    claim (less precise, approximate) joins the one claim it fits, or takes no side.
    """
    claims = [v for v in values if is_claim(values[v])]
    if len(claims) < 2 or all(fits(values[a], values[b]) for a in claims for b in claims):
        return None
    by_doc: dict[str, set[str]] = defaultdict(set)
    for doc_id, fact in held:
        by_doc[doc_id].add(fact.value)
    for stated in by_doc.values():  # one document stating two incompatible values: two events
        if any(not fits(values[a], values[b]) for a in stated for b in stated):
            return None
    grouped: dict[str, list[Holding]] = {c: [] for c in claims}
    for doc_id, fact in held:
        fitting = [c for c in claims if fits(values[fact.value], values[c])]
        if fact.value in grouped:
            grouped[fact.value].append((doc_id, fact))
        elif len(fitting) == 1:
            grouped[fitting[0]].append((doc_id, fact))
    # Equal claims written with a value another claim refines ("--11-09" / "2023-11-09") merge.
    for a in list(grouped):
        finer = [b for b in grouped if b != a and fits(values[a], values[b])]
        if finer and a in grouped:
            target = max(finer, key=lambda b: _precision(values[b]))
            if _precision(values[target]) >= _precision(values[a]):
                grouped[target].extend(grouped.pop(a))
    if len(grouped) < 2:
        return None
    return _entries(grouped)


def _precision(value: Any) -> int:
    return value.precision if isinstance(value, DateValue) else 1


def _dates(held: list[Holding], text_of: Callable[[str], str]) -> list[dict[str, Any]] | None:
    values = {f.value: DateValue.from_iso(f.value) for _, f in held}
    best = max(v.precision for v in values.values())
    # A claim is a value no other value refines: "2023" is no claim next to "2023-11-09".
    refined = {k for k, v in values.items()
               if any(o.precision > v.precision and v.compatible(o) for o in values.values())}
    return _claims(held, values, DateValue.compatible, lambda v: v.precision >= min(best, 2)
                   and v.iso() not in refined)


def _numbers(held: list[Holding], text_of: Callable[[str], str]) -> list[dict[str, Any]] | None:
    exact = [(d, f) for d, f in held if f.qualifier is None]
    values = {f.value: int(f.value) for _, f in exact}
    return _claims(exact, values, lambda a, b: a == b, lambda v: True)


def _places(held: list[Holding], text_of: Callable[[str], str]) -> list[dict[str, Any]] | None:
    names = {f.value: f.value.lower() for _, f in held}
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, fact in held:
        docs_of[fact.value].add(doc_id)

    def fits(a: str, b: str) -> bool:  # "Doha" fits "Doha, Qatar"; a text naming both reconciles them
        if a in b or b in a:
            return True
        return any(b in text_of(d).lower() for d in docs_of_name(a)) or any(a in text_of(d).lower() for d in docs_of_name(b))

    def docs_of_name(name: str) -> set[str]:
        return {d for v, ds in docs_of.items() if v.lower() == name for d in ds}

    return _claims(held, names, fits, lambda v: True)


def _names(held: list[Holding], entity_of: EntityOf) -> list[dict[str, Any]] | None:
    """Different people (or organisations) named for one role or deed; a person and an
    organisation never contradict ("led by the NCM" / "led by Layla Haddad")."""
    compared = []
    for doc_id, fact in held:
        shown, value = resolve(fact, doc_id, entity_of)
        compared.append((doc_id, replace(fact, value=shown), value))  # shown by its entity's name
    for type_ in sorted({v.type for _, _, v in compared}):
        values = {f.value: v for _, f, v in compared if v.type == type_}
        claims = _claims([(d, f) for d, f, v in compared if v.type == type_], values, lambda a, b: a.same(b),
                         lambda v: not any(o.refines(v) for o in values.values()))
        if claims:
            return claims
    return None


_DISAGREEMENT: dict[str, Callable[[list[Holding], Callable[[str], str]], list[dict[str, Any]] | None]] = {
    "date": _dates,
    "number": _numbers,
    "place": _places,
}
