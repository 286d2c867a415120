"""End to end on the bundled example corpus, against its answer sheet (examples/README.md)."""
from __future__ import annotations

import pytest

TRANSCRIPT = "meridian-clip-4312.txt"
DISPATCH = "harbor-dispatch-10877.html"
GLOBAL_WIRE = "globalwire-republished.txt"
LEDGER = "dl-2023-11-15-0412"
MARCH_TALKS = "cd-2023-03-15-ncm-geneva"


@pytest.fixture(scope="module")
def record(example_export: dict) -> dict:
    return example_export


def _doc(record: dict, name: str) -> dict:
    found = [d for d in record["documents"] if d["id"] == name or d["source"].endswith(name)]
    assert len(found) == 1, name
    return found[0]


def _story_of(record: dict, doc_id: str) -> dict:
    return next(s for s in record["stories"] if doc_id in s["documents"])


def test_every_document_is_read_with_its_metadata(record):
    assert len(record["documents"]) == 14
    transcript = _doc(record, TRANSCRIPT)
    assert transcript["outlet"] == "Meridian Media Watch"
    assert transcript["published"] == "2023-11-10"
    assert transcript["identifiers"]["clip"] == "4312"
    assert transcript["duration"] == 195.0
    assert {"name": "Coastline TV", "relation": "source"}.items() <= transcript["cites"][0].items()
    dispatch = _doc(record, DISPATCH)
    assert dispatch["outlet"] == "Harbor Policy Institute"
    assert dispatch["published"].startswith("2023-11-13")
    assert dispatch["identifiers"]["dispatch"] == "10877"
    assert "We use cookies" not in dispatch["text"]
    assert any("cookies" in r["text"] for r in dispatch["removed"])


def test_republication_is_cleaned_and_credits_its_source(record):
    copy = _doc(record, GLOBAL_WIRE)
    assert copy["published"] is None
    assert copy["outlet"] == "Global Wire Digest"
    for boilerplate in ("Leave a Reply", "Ten Gadgets That Changed Summer Travel", "Donate today",
                        "Your email address will not be published", "Home | World"):
        assert boilerplate not in copy["text"], boilerplate
    assert "We refused humiliation." in copy["text"]
    assert any(c["name"] == "Harbor Policy Institute" and c["relation"] == "originally published by"
               for c in copy["cites"])


def test_statements_point_at_their_text(record):
    texts = {d["id"]: d["text"] for d in record["documents"]}
    assert record["statements"]
    for st in record["statements"]:
        assert texts[st["document"]][st["start"]:st["end"]] == st["text"]
    transcript = _doc(record, TRANSCRIPT)["id"]
    turns = [s for s in record["statements"] if s["document"] == transcript and s["kind"] == "turn"]
    assert len(turns) == 12


def test_reuse_direction_for_a_dated_and_an_undated_copy(record):
    dispatch = _doc(record, DISPATCH)["id"]
    links = {(r["source"], r["target"]): r for r in record["reuse"]}
    undated = links[(dispatch, _doc(record, GLOBAL_WIRE)["id"])]
    assert undated["coverage"] > 0.8
    assert any(b.get("kind") == "credit" for b in undated["basis"])
    dated = links[(dispatch, LEDGER)]
    assert dated["passages"] and dated["coverage"] > 0.5
    ledger_text = _doc(record, LEDGER)["text"]
    for p in dated["passages"]:
        assert 0 <= p["target_start"] < p["target_end"] <= len(ledger_text)


def test_main_story_holds_its_documents_and_unrelated_stories_stay_apart(record):
    main = _story_of(record, _doc(record, DISPATCH)["id"])
    for name in (TRANSCRIPT, GLOBAL_WIRE, LEDGER, "coastal-daily-meeting.html"):
        assert _doc(record, name)["id"] in main["documents"], name
    assert MARCH_TALKS not in main["documents"]
    strike = _doc(record, "port-kessan-strike.html")["id"]
    assert strike not in main["documents"]
    assert _story_of(record, strike) != _story_of(record, MARCH_TALKS)


def _differences(record: dict) -> dict[str, list[set[str]]]:
    """kind -> the set of value texts of each difference of that kind."""
    out: dict[str, list[set[str]]] = {}
    for variant in record["variants"]:
        for diff in variant["differences"]:
            out.setdefault(diff["kind"], []).append({v["text"] for v in diff["values"]})
    return out


def test_each_kind_of_quote_variant(record):
    diffs = _differences(record)
    assert {"occupying", "controlling"} in diffs["wording"]
    assert {"kneel", "bow"} in diffs["wording"]
    assert any("[the ministry]" in values for values in diffs["insertion"])
    assert any("..." in values for values in diffs["omission"])
    assert {"harbors", "harbours"} in diffs["spelling"]


def test_video_release_date_is_disputed(record):
    main = _story_of(record, _doc(record, DISPATCH)["id"])
    dates = [d for d in record["discrepancies"] if d["kind"] == "date" and d["story"] == main["id"]]
    values = {v["value"][:10]: set(v["documents"]) for d in dates for v in d["values"]}
    assert _doc(record, "coastal-daily-meeting.html")["id"] in values.get("2023-11-08", set())
    assert _doc(record, TRANSCRIPT)["id"] in values.get("2023-11-09", set())
