"""Events on the example corpus: merged across a story, most precise date, disputed dates."""
from __future__ import annotations

import json

from crosswire.extract.dates import DateValue


def _entity_names(export: dict) -> dict[str, set[str]]:
    return {e["id"]: {e["name"], *e["aliases"]} for e in export["entities"]}


def _named(ids: list[str], names: dict[str, set[str]]) -> set[str]:
    return {n for i in ids for n in names.get(i, ())}


def test_vienna_meeting_is_one_consult_event(example_export: dict):
    names = _entity_names(example_export)
    vienna = [e for e in example_export["events"] if e["type"] == "CONSULT" and e["place"] == "Vienna"]
    assert len(vienna) == 1
    event = vienna[0]
    assert (event["date"], event["date_precision"], event["cameo"]) == ("2023-11-11", "day", "040")
    assert {"Northern Coast Movement", "Layla Haddad"} <= _named(event["actors"], names)
    assert "Council of Southern Elders" in _named(event["targets"], names)
    outlets = {m["outlet"] for m in event["mentions"]}
    assert {"Coastal Daily", "Harbor Policy Institute"} <= outlets
    docs = {d["id"]: d["text"] for d in example_export["documents"]}
    for ev in event["evidence"]:
        assert any(w in docs[ev["document"]][ev["start"]:ev["end"]] for w in (" met ", " meets "))


def test_geneva_talks_stay_a_separate_event(example_export: dict):
    march = [e for e in example_export["events"] if e["type"] == "CONSULT" and (e["date"] or "").startswith("2023-03")]
    assert len(march) == 1 and march[0]["date"] == "2023-03-14"
    assert march[0]["documents"] == ["cd-2023-03-15-ncm-geneva"]


def test_video_release_date_disputed(example_export: dict):
    release = [e for e in example_export["events"] if e["type"] == "PUBLISH" and any(
        m.get("object") == "video" for m in e["mentions"])]
    assert len(release) == 1
    event = release[0]
    assert event["date"] == "2023-11-09"  # stated by more documents than November 8
    dates = {m["date"] for m in event["mentions"] if m["date"]}
    assert {"2023-11-08", "2023-11-09"} <= dates
    rows = [d for d in example_export["discrepancies"] if d["kind"] == "date" and d["about"] == "release of the video"]
    assert len(rows) == 1
    assert sorted(v["value"] for v in rows[0]["values"]) == ["2023-11-08", "2023-11-09"]


def test_relative_dates_resolved(example_export: dict):
    """RSS item 2 says "in Vienna on Saturday" (published Sunday 12 November): the 11th."""
    rss = next(d for d in example_export["documents"] if d["text"].startswith("A 12-member delegation"))
    vienna = next(e for e in example_export["events"] if e["type"] == "CONSULT" and e["place"] == "Vienna")
    mention = next(m for m in vienna["mentions"] if m["document"] == rss["id"])
    assert (mention["date"], mention["date_text"]) == ("2023-11-11", "Saturday")
    assert DateValue.from_iso(mention["date"]).precision == "day"


def test_timeline_cli_marks_disputed_dates_and_plots(cli, tmp_path):
    from tests.conftest import EXAMPLES

    assert cli("add", EXAMPLES).exit_code == 0
    assert cli("analyze").exit_code == 0
    out = cli("timeline", "--entity", "Haddad")
    assert "2023-11-11  CONSULT: meeting in Vienna" in out.output
    assert "2023-03-14" in out.output
    result = cli("timeline", "--entity", "Coastline TV", "--json", "--plot", tmp_path / "t.png")
    items = json.loads(result.output)
    release = next(i for i in items if i["type"] == "PUBLISH")
    assert release["disputed"] and {c["date"] for c in release["claims"]} == {"2023-11-08", "2023-11-09"}
    assert (tmp_path / "t.png").stat().st_size > 1000


def test_corpus_discrepancies_are_the_answer_sheets(example_export: dict):
    """Video release date, delegation size and leader only: no date borrowed from another event word."""
    found = {(d["kind"], d["about"]): sorted(v["value"] for v in d["values"]) for d in example_export["discrepancies"]}
    assert found == {("date", "release of the video"): ["2023-11-08", "2023-11-09"],
                     ("number", "members of the delegation"): ["12", "9"],
                     ("name", "leader of the delegation"): ["Karim Nassar", "Layla Haddad"]}
