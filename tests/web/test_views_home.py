"""The home page's per-story counts, checked against the API's records (an independent route):
``views.home`` counts with one query per figure for all stories at once."""
from __future__ import annotations

from crosswire.store.sqlite import Store
from crosswire.web import views


def test_home_counts_match_the_records(example_db: str) -> None:
    with Store(example_db, readonly=True) as store:
        rows = {row["id"]: row for row in views.home(store)}
        stories = list(store.rows("stories"))
        statements = {s.id: s.document for s in store.statements()}
        documents = {d.id: d for d in store.documents()}
        variants = list(store.rows("variants"))
        discrepancies = list(store.rows("discrepancies"))
    assert set(rows) == {s["id"] for s in stories} and any(r["variants"] for r in rows.values())
    for story in stories:
        docs = set(story["documents"])
        row = rows[story["id"]]
        assert row["documents"] == len(story["documents"])
        assert row["outlets"] == len({documents[d].outlet for d in docs if documents[d].outlet})
        assert row["statements"] == sum(1 for doc in statements.values() if doc in docs)
        assert row["variants"] == sum(1 for v in variants if any(statements[s] in docs for s in v["statements"]))
        assert row["discrepancies"] == sum(1 for d in discrepancies if d["story"] == story["id"])
    activity = [(r["activity"], r["documents"]) for r in rows.values()]
    assert activity == sorted(activity, reverse=True)


def test_home_cache_recomputes_when_the_stories_change(example_db: str, tmp_path) -> None:
    import json
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    cache = views.HomeCache(seconds=60)
    with Store(db) as store:
        first = cache.stories(store)
        assert cache.stories(store) is first  # unchanged store: the same result, not recomputed
        story = first[0]["id"]
        some_document = next(store.documents()).id
        store.conn.execute("INSERT INTO stories (id, title, documents) VALUES (?, ?, ?)",
                           ("s-new", "A new story", json.dumps([some_document])))
        store.conn.commit()
        second = cache.stories(store)
    assert second is not first and "s-new" in {r["id"] for r in second} and story in {r["id"] for r in second}
