"""Discrepancies: facts about one event on which a story's documents disagree."""
from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.link import discrepancies
from crosswire.link.facts import DateValue, find_dates, find_facts
from crosswire.model import Document
from crosswire.store.sqlite import Store


def _store(path: Path, docs: dict[str, tuple[str, str | None]]) -> Store:
    """One story holding these documents: id -> (text, published)."""
    store = Store(path)
    with store.transaction():
        for doc_id, (text, published) in docs.items():
            store.put_document(Document(id=doc_id, source=doc_id, text=text, outlet=doc_id, published=published))
        store.replace_rows("stories", [{"id": "s1", "title": "t", "documents": sorted(docs), "reasons": []}])
        discrepancies.run(store)
    return store


def test_release_date_conflict_groups_documents_with_evidence(tmp_path: Path):
    a = "Hostage video. The militant group released the recording on November 9, 2023, officials said."
    b = "A new video was released on Nov. 9, showing two captives."
    c = "Footage of the captives. The video was released on Wednesday by the group's media wing."
    store = _store(tmp_path / "d.db", {"a": (a, "2023-11-10"), "b": (b, "2023-11-10"), "c": (c, "2023-11-10")})
    rows = list(store.rows("discrepancies"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["story"], row["kind"], row["about"]) == ("s1", "date", "release of the video")
    assert [(v["value"], v["documents"]) for v in row["values"]] == [("2023-11-09", ["a", "b"]),
                                                                     ("2023-11-08", ["c"])]
    late = row["values"][1]
    assert late["evidence"] == "The video was released on Wednesday by the group's media wing."
    span = late["spans"][0]
    assert c[span["start"]:span["end"]] == late["evidence"]


def test_same_fact_worded_differently_is_no_discrepancy(tmp_path: Path):
    store = _store(tmp_path / "d.db", {
        "a": ("Ahmed Salem was killed by Israeli forces on November 3.", "2023-11-05"),
        "b": ("Israeli forces assassinated Ahmed Salem on 3 November 2023, his family said.", "2023-11-06"),
        "c": ("Ahmed Salem was assassinated on Friday.", "2023-11-04"),
    })
    assert store.count("discrepancies") == 0


def test_number_conflict_with_word_numbers(tmp_path: Path):
    store = _store(tmp_path / "d.db", {
        "a": ("A delegation of 12 members arrived in Doha on Monday.", "2023-11-14"),
        "b": ("The nine-member delegation met officials on Monday.", "2023-11-14"),
        "c": ("Sources said a delegation of about ten members would travel.", "2023-11-14"),
    })
    rows = list(store.rows("discrepancies"))
    assert [(r["kind"], r["about"]) for r in rows] == [("number", "members of the delegation")]
    assert sorted((v["value"], v["documents"][0]) for v in rows[0]["values"]) == [("12", "a"), ("9", "b")]


def test_compatible_precision_is_no_discrepancy(tmp_path: Path):
    store = _store(tmp_path / "d.db", {
        "a": ("The treaty was signed in 2023 after long talks.", "2023-12-01"),
        "b": ("The agreement was signed on November 9, 2023.", "2023-12-01"),
        "c": ("The deal was signed on 9 Nov.", "2023-11-20"),
    })
    assert store.count("discrepancies") == 0


def test_place_conflict_but_not_when_a_text_names_both(tmp_path: Path):
    store = _store(tmp_path / "d.db", {
        "a": ("The delegation arrived in Cairo on Monday.", "2023-11-14"),
        "b": ("The delegation arrived in Doha on Monday.", "2023-11-14"),
    })
    rows = list(store.rows("discrepancies"))
    assert [(r["kind"], sorted(v["value"] for v in r["values"])) for r in rows] == [("place", ["Cairo", "Doha"])]
    store = _store(tmp_path / "e.db", {
        "a": ("The delegation arrived in Qatar on Monday.", "2023-11-14"),
        "b": ("The delegation arrived in Doha on Monday, the Qatari capital.", "2023-11-14"),
        "c": ("The delegation arrived in Doha, Qatar, on Monday.", "2023-11-14"),
    })
    assert store.count("discrepancies") == 0


@pytest.mark.parametrize("text, published, iso", [
    ("on November 9, 2023", None, "2023-11-09"),
    ("on Nov. 8", "2023-11-10", "2023-11-08"),
    ("on Nov. 8", None, "--11-08"),
    ("on 9 November", "2023-11-10", "2023-11-09"),
    ("in November 2023", None, "2023-11"),
    ("in 2023", None, "2023"),
    ("on Thursday", "2023-11-10", "2023-11-09"),
    ("yesterday", "2023-11-10", "2023-11-09"),
    ("on 2023-11-08", None, "2023-11-08"),
])
def test_date_expressions_keep_offsets_and_precision(text: str, published: str | None, iso: str):
    from datetime import date

    base = date.fromisoformat(published) if published else None
    found = list(find_dates(text, base))
    assert [d.value.iso() for d in found] == [iso]
    assert text[found[0].start:found[0].end] == found[0].text


def test_date_values_compatibility():
    assert DateValue(2023).compatible(DateValue(2023, 11, 9))
    assert DateValue(None, 11, 9).compatible(DateValue(2023, 11, 9))
    assert not DateValue(2023, 11, 8).compatible(DateValue(2023, 11, 9))


def test_facts_carry_sentence_offsets():
    text = "Port strike.\n\nThe union said on Monday that 300 workers were arrested on Nov. 12."
    facts = find_facts(text, "2023-11-14")
    assert facts and all(text[f.start:f.end] == f.sentence for f in facts)
    assert ("arrest", "worker") in {f.key for f in facts}


def test_a_date_belongs_only_to_the_event_it_is_linked_to():
    """The video's date is not the talks' date: "talks" hangs from "conditions", not "released"."""
    text = ("On November 9, 2023, Coastline TV released a video interview with the leader, in which he set out "
            "its conditions for any talks.")
    dated = {f.key[0]: f.value for f in find_facts(text, "2023-11-12") if f.kind == "date"}
    assert dated == {"release": "2023-11-09"}
    occurrence = find_facts("The talks took place on Monday in Geneva.", "2023-11-15")
    assert [(f.key[0], f.value) for f in occurrence if f.kind == "date"] == [("meet", "2023-11-13")]


def test_size_stated_with_have_is_a_number_fact(tmp_path: Path):
    a = "According to the spokesman, Karim Nassar, the NCM delegation to Vienna had nine members."
    b = "The NCM delegation had 12 members, according to a list."
    store = _store(tmp_path / "d.db", {"a": (a, "2023-11-12"), "b": (b, "2023-11-12")})
    rows = [r for r in store.rows("discrepancies") if r["kind"] == "number"]
    assert len(rows) == 1 and sorted(v["value"] for v in rows[0]["values"]) == ["12", "9"]
