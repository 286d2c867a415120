"""The typed notebook API (crosswire.open(db).documents(), .statements(speaker=...) ...)."""
from __future__ import annotations

import pytest

import crosswire
from crosswire.client import Discrepancy, QueryError, Reuse, Story, Variant, page
from crosswire.export.formats import records
from crosswire.model import Document, Entity, Statement


@pytest.fixture(scope="module")
def cw(example_db):
    with crosswire.open(example_db) as opened:
        yield opened


def test_typed_accessors_return_every_record_as_its_class(cw):
    for kind, cls in [("documents", Document), ("statements", Statement), ("entities", Entity),
                      ("stories", Story), ("reuse", Reuse), ("variants", Variant),
                      ("discrepancies", Discrepancy)]:
        got = list(getattr(cw, kind)())
        assert got and all(isinstance(x, cls) for x in got)
        assert len(got) == len(list(records(cw.store, kind)))


def test_filters_in_python_match_the_api(cw):
    said = list(cw.statements(speaker="al-Rashidi"))
    assert said and any("We do not seek war" in s.text for s in said)
    assert len(said) < len(list(cw.statements()))
    story = next(cw.stories(document="dl-2023-11-15-0412"))
    assert sorted(d.id for d in cw.documents(story=story.id)) == sorted(story.documents)
    assert {d.id for d in cw.documents(since="2023-11-14", until="2023-11-15")} == {
        "dl-2023-11-14-0388", "dl-2023-11-15-0412"}
    assert all("dl-2023-11-15-0412" in (r.source, r.target) for r in cw.reuse(document="dl-2023-11-15-0412"))
    assert [h["text"] for h in cw.search('"will not kneel"')][:1]


def test_pages_are_disjoint_and_complete(cw):
    seen, cursor = [], None
    while True:
        rows, cursor = page(cw.store, "statements", after=cursor, limit=7)
        seen += [r["id"] for r in rows]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == cw.store.count("statements")
    with pytest.raises(QueryError):
        page(cw.store, "statements", {"colour": "red"})
