"""Quote variants: grouping renderings of one utterance, their differences, and the CLI."""
from __future__ import annotations

import json

import pytest

from crosswire.link import variants
from crosswire.model import Document, Statement
from crosswire.store.sqlite import Store

TURN_1 = ("Mohammed told me they are building on the occupying territory. We will not give up our land, "
          "whatever they do, because this land is our home.")
TURN_2 = "The budget for schools will double next year, and every teacher in the region will get a raise."
TRANSCRIPT = f"JANE ROE: {TURN_1}\nHOST: Thank you.\nJANE ROE: {TURN_2}\nHOST: We shall see."
DAILY_QUOTE = "they [the ministry] are building on the occupied territory. We will not give up our land"
DAILY = (f'Harbor talks stall\n\nThe party founder Jane Roe said "{DAILY_QUOTE}," in a radio interview. '
         "She said the ministry was acting illegally. \"We shall see,\" an official said.")
WIRE_QUOTE = ("Muhammad told me they are building on the occupying territory. We will not give up our land ... "
              "because this land is our home.")
WIRE = f'Roe speaks out\n\n"{WIRE_QUOTE}" Roe told the station on Monday.'
POST_QUOTE = "The budget for schools will double next year, and every teacher in the region will get a raise"
POST = f'Schools budget\n\nIn other remarks, Roe promised: "{POST_QUOTE}."'


def statement(doc: Document, n: int, text: str, kind: str = "direct", speaker: str | None = "ent-roe") -> Statement:
    start = doc.text.index(text)
    return Statement(id=f"{doc.id}:s{n}", document=doc.id, kind=kind, text=text, start=start,
                     end=start + len(text), speaker=speaker, speaker_name="Jane Roe" if speaker else None)


@pytest.fixture
def store(db: str):
    docs = {
        "tr-1": Document("tr-1", "tr.txt", TRANSCRIPT, outlet="Radio Four", published="2023-11-13", format="transcript"),
        "daily-1": Document("daily-1", "daily.html", DAILY, outlet="Daily Star", published="2023-11-14"),
        "wire-1": Document("wire-1", "wire.json", WIRE, outlet="Wire", published="2023-11-14"),
        "post-1": Document("post-1", "post.html", POST, outlet="Post", published="2023-11-15"),
    }
    annotations = {
        "tr-1": [statement(docs["tr-1"], 1, TURN_1, "turn"), statement(docs["tr-1"], 2, TURN_2, "turn"),
                 statement(docs["tr-1"], 3, "We shall see.", "turn", speaker=None)],
        "daily-1": [statement(docs["daily-1"], 1, DAILY_QUOTE),
                    statement(docs["daily-1"], 2, "the ministry was acting illegally", "reported"),
                    statement(docs["daily-1"], 3, "We shall see,", speaker=None)],
        "wire-1": [statement(docs["wire-1"], 1, WIRE_QUOTE, speaker=None)],
        "post-1": [statement(docs["post-1"], 1, POST_QUOTE)],
    }
    with Store(db) as s:
        with s.transaction():
            for doc in docs.values():
                s.put_document(doc)
                s.put_annotations(doc.id, annotations[doc.id], [], version=1)
        with s.transaction():
            variants.run(s)
        yield s


def rows_by_canonical(store: Store) -> dict[str, dict]:
    return {row["canonical"]: row for row in store.rows("variants")}


def test_one_utterance_in_three_outlets_is_one_group_with_every_kind(store):
    rows = rows_by_canonical(store)
    assert set(rows) == {TURN_1, TURN_2}  # the short "We will see" is not a variant
    group = rows[TURN_1]
    assert group["statements"] == ["tr-1:s1", "daily-1:s1", "wire-1:s1"]
    assert group["id"] == variants.variant_id(group["statements"])
    found = {d["kind"]: d for d in group["differences"]}
    assert [d["kind"] for d in group["differences"]] == ["spelling", "insertion", "wording", "omission"]

    def values(kind):
        return [(v["text"], v["documents"]) for v in found[kind]["values"]]

    # daily-1 does not quote "Mohammed told me": it has no reading there
    assert values("spelling") == [("Mohammed", ["tr-1"]), ("Muhammad", ["wire-1"])]
    assert values("insertion") == [("", ["tr-1", "wire-1"]), ("[the ministry]", ["daily-1"])]
    assert values("wording") == [("occupying", ["tr-1", "wire-1"]), ("occupied", ["daily-1"])]
    assert values("omission") == [("whatever they do", ["tr-1"]), ("...", ["wire-1"])]
    start, end = found["wording"]["span"]
    assert TURN_1[start:end] == "occupying"
    point = found["insertion"]["span"]
    assert point == [TURN_1.index(" are"), TURN_1.index(" are")]


def test_two_different_quotes_of_one_speaker_stay_apart(store):
    rows = rows_by_canonical(store)
    assert rows[TURN_2]["statements"] == ["tr-1:s2", "post-1:s1"]
    assert rows[TURN_2]["differences"] == []


def test_ids_are_stable_over_reruns(store):
    before = sorted(row["id"] for row in store.rows("variants"))
    with store.transaction():
        assert variants.run(store) == 2
    assert sorted(row["id"] for row in store.rows("variants")) == before


def test_a_different_speaker_needs_a_closer_match():
    doc_text = "A: the council will close the old bridge on friday for repairs. B: the council will open the new bridge on monday."
    a_text, b_text = "the council will close the old bridge on friday for repairs", "the council will open the new bridge on monday"
    sts = [Statement("x:1", "x", "direct", a_text, 3, 3 + len(a_text), speaker="ent-a"),
           Statement("y:1", "y", "direct", b_text, doc_text.index(b_text), 0, speaker="ent-b")]
    assert variants.find_variants(sts, {}) == []


def test_cli_variants_json_and_text(store, cli):
    result = cli("variants", "--json")
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)
    assert len(groups) == 2
    group = next(g for g in groups if g["canonical"] == TURN_1)
    assert [(r["document"], r["outlet"]) for r in group["renderings"]] == [
        ("tr-1", "Radio Four"), ("daily-1", "Daily Star"), ("wire-1", "Wire")]
    assert len(group["differences"]) == 4
    assert json.loads(cli("variants", "--json", "--speaker", "jane roe").output) != []
    assert json.loads(cli("variants", "--json", "--speaker", "nobody").output) == []
    text = cli("variants").output
    assert "[-occupying-]{+occupied+}" in text and "{+[the ministry]+}" in text
    assert "[-whatever they do-]{+...+}" in text


def test_cli_compare_json_aligns_whole_texts_and_lists_shared_quotes(store, cli):
    result = cli("compare", "tr-1", "daily-1", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["basis"] == "text" and found["a"]["id"] == "tr-1"
    kinds = {(d["kind"], d["a"]["text"], d["b"]["text"]) for d in found["differences"]}
    assert ("wording", "occupying", "occupied") in kinds
    wording = next(d for d in found["differences"] if d["kind"] == "wording")
    assert TRANSCRIPT[wording["a"]["start"]:wording["a"]["end"]] == "occupying"
    assert DAILY[wording["b"]["start"]:wording["b"]["end"]] == "occupied"
    assert found["passages"] and found["shared_words"] >= 10
    [shared] = found["shared_statements"]
    assert shared["a"] == ["tr-1:s1"] and shared["b"] == ["daily-1:s1"]


def test_cli_compare_uses_reuse_passages_when_present(store, cli):
    start = TRANSCRIPT.index("they are")
    end = TRANSCRIPT.index(" whatever")
    passage = {"source_start": start, "source_end": end,
               "target_start": DAILY.index("they ["), "target_end": DAILY.index("\" in a")}
    with store.transaction():
        store.replace_rows("reuse", [{"source": "tr-1", "target": "daily-1", "passages": [passage],
                                      "coverage": 0.3, "basis": [], "confidence": 0.9}])
    found = json.loads(cli("compare", "daily-1", "tr-1", "--json").output)
    assert found["basis"] == "reuse"
    kinds = [(d["kind"], d["a"]["text"], d["b"]["text"]) for d in found["differences"]]
    assert kinds == [("insertion", "[the ministry]", ""), ("wording", "occupied", "occupying")]


def test_cli_compare_unknown_document_is_a_usage_error(store, cli):
    from click.testing import CliRunner

    from crosswire.cli import main

    result = CliRunner().invoke(main, ["--db", store.path, "compare", "tr-1", "nope"])
    assert result.exit_code == 2 and "no document 'nope'" in result.output
