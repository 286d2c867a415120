"""Stories: documents about the same events grouped, on real stores built row by row."""
from __future__ import annotations

from pathlib import Path

from crosswire.link import stories
from crosswire.model import Document, Mention
from crosswire.store.sqlite import Store

MEETING = ("Officials of the Harbor Authority met leaders of the Dockworkers Union on {day} to discuss "
           "{topic}. {extra}")


def _add(store: Store, doc_id: str, text: str, published: str | None, names: list[tuple[str, str]],
         outlet: str = "Wire", title: str | None = None) -> None:
    store.put_document(Document(id=doc_id, source=f"{doc_id}.txt", text=text, outlet=outlet,
                                title=title or doc_id, published=published))
    mentions = []
    for name, kind in names:
        start = text.find(name)
        mentions.append(Mention(doc_id, start, start + len(name), name, kind, f"{kind}:{name.lower()}",
                                entity=f"e:{name.lower()}"))
    store.put_annotations(doc_id, [], mentions, version=1)


ORGS = [("Harbor Authority", "organization"), ("Dockworkers Union", "organization")]


def _meeting_store(path: Path) -> Store:
    store = Store(path)
    with store.transaction():
        _add(store, "march", MEETING.format(day="March 2", topic="night shifts",
                                            extra="Both sides called the talks useful and agreed to meet again."),
             "2023-03-03", ORGS)
        _add(store, "nov-a", MEETING.format(day="Monday", topic="the strike over wages",
                                            extra="The union wants a raise of ten percent before picket lines end."),
             "2023-11-14", ORGS, outlet="Post")
        _add(store, "nov-b", "Port strike: Dockworkers Union and Harbor Authority sit down. Negotiators for the "
             "Harbor Authority received Dockworkers Union delegates on Monday as the walkout entered a second "
             "week; wages dominate.", "2023-11-15", ORGS, outlet="Herald")
        _add(store, "volcano", "Lava flows from the Mount Ember volcano forced villagers to evacuate, "
             "geologists said on Tuesday.", "2023-11-14", [("Mount Ember", "place")])
    return store


def _story_of(store: Store) -> dict[str, str]:
    return {d: s["id"] for s in store.rows("stories") for d in s["documents"]}


def test_same_meeting_one_story_and_older_meeting_apart(tmp_path: Path):
    store = _meeting_store(tmp_path / "s.db")
    with store.transaction():
        stories.run(store)
    story = _story_of(store)
    assert story["nov-a"] == story["nov-b"]
    assert story["march"] != story["nov-a"]
    assert story["volcano"] not in (story["nov-a"], story["march"])
    assert len(story) == 4  # every document in exactly one story
    joined = next(s for s in store.rows("stories") if "nov-a" in s["documents"])
    assert joined["reasons"][0]["kind"] == "shared-entities-and-dates"
    assert joined["title"] == "nov-a"  # the earliest document's title


def test_copy_joins_through_reuse_whatever_the_wording(tmp_path: Path):
    store = _meeting_store(tmp_path / "s.db")
    with store.transaction():
        _add(store, "copy", "An entirely reworded piece with no names in common at all.", None, [])
        store.replace_rows("reuse", [{"source": "march", "target": "copy", "passages": [], "coverage": 0.8,
                                      "basis": [], "confidence": 0.9}])
        stories.run(store)
    story = _story_of(store)
    assert story["copy"] == story["march"] != story["nov-a"]
    march = next(s for s in store.rows("stories") if "copy" in s["documents"])
    assert march["reasons"] == [{"kind": "reuse", "documents": ["copy", "march"],
                                 "detail": "coverage 0.80, confidence 0.90"}]


def test_incremental_keeps_story_ids_and_joins_new_document(tmp_path: Path):
    store = _meeting_store(tmp_path / "s.db")
    with store.transaction():
        stories.run(store)
    before = _story_of(store)
    with store.transaction():
        _add(store, "nov-c", "The Dockworkers Union said its talks with the Harbor Authority would resume "
             "on Friday.", "2023-11-16", ORGS, outlet="Gazette")
        stories.run(store)
    after = _story_of(store)
    assert after["nov-c"] == after["nov-a"] == before["nov-a"]
    assert {d: after[d] for d in before} == before
    assert store.count("stories") == 3


def test_medium_edges_do_not_chain(tmp_path: Path):
    """A-B share names, B-C share other names, A-C nothing: C should not ride B into A's story."""
    store = Store(tmp_path / "s.db")
    people = {"a": ["Ann Lee", "Bo Chan"], "b": ["Ann Lee", "Bo Chan", "Cy Dunn", "Di Ray"],
              "c": ["Cy Dunn", "Di Ray", "Ed Fox", "Fay Gil"], "d": ["Ed Fox", "Fay Gil"]}
    with store.transaction():
        for doc_id, names in people.items():
            text = " and ".join(names) + " spoke."
            _add(store, doc_id, text, "2023-05-01", [(n, "person") for n in names])
        stories.run(store)
    story = _story_of(store)
    assert story["a"] == story["b"]
    assert story["c"] == story["d"]
    assert story["a"] != story["c"]


def test_end_to_end_and_cli(tmp_path: Path, cli):
    """The real add/analyze/stories commands (names found in the text: no mentions needed)."""
    import json

    inputs = [
        ("p1.txt", "Post", "2023-11-14",
         "Officials of the Harbor Authority met leaders of the Dockworkers Union on Monday in Portside."),
        ("h1.txt", "Herald", "2023-11-15",
         "The Dockworkers Union met the Harbor Authority on Monday, Herald reporters learned."),
        ("v1.txt", "Herald", "2023-11-15", "Lava from Mount Ember forced villagers out of their homes."),
    ]
    for name, outlet, published, text in inputs:
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
        assert cli("add", tmp_path / name, "--outlet", outlet, "--published", published).exit_code == 0
    assert cli("analyze").exit_code == 0
    listed = json.loads(cli("stories", "--json").output)
    assert sorted(s["documents"] for s in listed) == [1, 2]
    top = listed[0]
    assert top["outlets"] == ["Herald", "Post"] and (top["from"], top["to"]) == ("2023-11-14", "2023-11-15")
    shown = cli("stories", "--story", top["id"])
    assert shown.exit_code == 0 and "Post" in shown.output and "tied by" in shown.output
    assert cli("stories", "--story", "nope").exit_code == 2


def test_a_link_dropped_between_placed_documents_splits_their_story(tmp_path: Path):
    store = _meeting_store(tmp_path / "s.db")
    copy = {"source": "march", "target": "volcano", "passages": [], "coverage": 0.9, "basis": [], "confidence": 0.9}
    with store.transaction():
        store.replace_rows("reuse", [copy])
        stories.run(store)
    assert _story_of(store)["march"] == _story_of(store)["volcano"]
    with store.transaction():  # a later analyze no longer finds the copy: nothing new was added
        store.replace_rows("reuse", [])
        stories.run(store)
    story = _story_of(store)
    assert story["march"] != story["volcano"]
    assert len(story) == 4


def test_features_from_a_pool_of_workers_equal_those_of_one_process(tmp_path: Path, monkeypatch):
    from crosswire.link import story_features as sf

    store = _meeting_store(tmp_path / "s.db")
    ids = [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY id")]
    alone = list(sf.compute(store, ids))
    monkeypatch.setattr(sf, "PARALLEL_MIN", 0)
    pooled = list(sf.compute(store, ids, workers=2))
    assert [sf.to_row(f, "") for f in pooled] == [sf.to_row(f, "") for f in alone]
    assert all(f.signature.any() for f in alone) and any(f.names for f in alone)
