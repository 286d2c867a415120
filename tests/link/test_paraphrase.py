"""Paraphrased reuse through the real store and the real MiniLM encoder: which pairs link, and why."""
from __future__ import annotations

import crosswire
from crosswire.link import paraphrase, reuse
from crosswire.link.paraphrase import sentence_spans
from crosswire.model import Document

WIRE = (
    "The harbour authority of Port Keld approved a plan on Tuesday to dredge the northern channel. "
    "Engineers say the work will let container ships twice the present size dock by 2029. "
    "Councillor Mara Velde said the cost of 40 million euros would be shared with a shipping consortium. "
    "Fishermen fear the dredging will destroy the oyster beds near the breakwater. "
    "Environmental groups want an independent survey of the silt, which may hold heavy metals from old shipyards. "
    "Work should begin in the spring once the regional ministry grants the licences."
)
REWRITE = (
    "Bigger ships for Port Keld\n\n"
    "On Tuesday the Port Keld harbour authority backed a plan to deepen its northern channel. "
    "Container ships double the current size could dock there by 2029, engineers say. "
    "Environmental campaigners are calling for an independent survey of the silt, which could contain heavy "
    "metals left by former shipyards. "
    "The 40 million euro cost would be split with a consortium of shipping firms, Councillor Mara Velde said. "
    "Local fishermen fear that the oyster beds by the breakwater will be destroyed by the dredging. "
    "The work is due to start in spring, once the regional ministry has granted the licences."
)
SAME_TOPIC = (
    "Port Keld's oyster farmers held their annual festival on the breakwater on Saturday. "
    "Thousands of visitors tasted oysters from the beds near the northern channel, where the harbour "
    "authority plans dredging work. "
    "The festival's organiser, Ilse Brandt, said the oyster harvest had been the best in a decade. "
    "Children raced model ships in the old shipyards, and a brass band played until midnight. "
    "Next year the festival will move to the eastern quay while the channel is dredged."
)
UNRELATED = (
    "The city orchestra opened its winter season with a programme of Nordic symphonies. "
    "The conductor, Paavo Lind, led a performance that the audience applauded for ten minutes. "
    "Tickets for the remaining concerts are available at the box office on the market square."
)


def _analyze(db: str, docs: list[Document]) -> tuple[int, list[dict]]:
    with crosswire.open(db) as cw:
        with cw.store.transaction():
            for doc in docs:
                cw.store.put_document(doc)
        with cw.store.transaction():
            reuse.run(cw.store)
        with cw.store.transaction():
            added = paraphrase.run(cw.store)
        return added, list(cw.store.rows("reuse"))


def _doc(doc_id: str, text: str, published: str | None = "2024-03-05", outlet: str | None = None) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, published=published, outlet=outlet or doc_id)


def test_a_reworded_reordered_rewrite_links_to_its_wire_source_and_a_same_topic_story_does_not(db: str) -> None:
    docs = [_doc("wire", WIRE, "2024-03-05T08:00"), _doc("rewrite", REWRITE, "2024-03-05T14:00"),
            _doc("festival", SAME_TOPIC, "2024-03-06"), _doc("concert", UNRELATED)]
    added, rows = _analyze(db, docs)
    assert added == 1
    assert [(r["source"], r["target"]) for r in rows] == [("wire", "rewrite")]  # exact reuse finds nothing here
    row = rows[0]
    assert row["basis"][0]["kind"] == "paraphrase"
    assert any(b["kind"] == "dates" and b["earlier"] == "wire" for b in row["basis"])
    assert row["coverage"] >= 0.8
    assert 0 < row["confidence"] < 0.8
    # Sentence-level passages: whole sentences of each text, every rewritten fact matched to its original.
    pairs = {(WIRE[p["source_start"]:p["source_end"]][:20], REWRITE[p["target_start"]:p["target_end"]][:20])
             for p in row["passages"]}
    assert ("Councillor Mara Veld", "The 40 million euro ") in pairs
    assert ("Fishermen fear the d", "Local fishermen fear") in pairs
    assert ("Environmental groups", "Environmental campai") in pairs  # moved up in the rewrite
    assert len(row["passages"]) == 6  # every sentence but the headline
    for p in row["passages"]:
        assert WIRE[p["source_end"] - 1] == "." and REWRITE[p["target_end"] - 1] == "."


def test_pairs_linked_by_exact_reuse_are_not_linked_again(db: str) -> None:
    copy = WIRE.replace("approved", "backed")
    added, rows = _analyze(db, [_doc("wire", WIRE, "2024-03-05"), _doc("copy", copy, "2024-03-06")])
    assert added == 0
    assert [(r["source"], r["target"]) for r in rows] == [("wire", "copy")]
    assert all(b["kind"] != "paraphrase" for b in rows[0]["basis"])


def test_a_rewrite_published_weeks_later_is_not_a_candidate(db: str) -> None:
    added, rows = _analyze(db, [_doc("wire", WIRE, "2024-03-05"), _doc("rewrite", REWRITE, "2024-04-20")])
    assert (added, rows) == (0, [])


def test_rerunning_the_step_replaces_its_own_links(db: str) -> None:
    docs = [_doc("wire", WIRE, "2024-03-05T08:00"), _doc("rewrite", REWRITE, "2024-03-05T14:00")]
    _analyze(db, docs)
    with crosswire.open(db) as cw:
        with cw.store.transaction():
            again = paraphrase.run(cw.store)
        assert again == 1
        assert cw.store.count("reuse") == 1


def test_documents_without_alignable_sentences_are_harmless(db: str) -> None:
    docs = [_doc("a", "Yes."), _doc("b", "Yes."), _doc("c", "\n\n"), _doc("d", WIRE)]
    added, rows = _analyze(db, docs)
    assert added == 0 and all(b["kind"] != "paraphrase" for r in rows for b in r["basis"])


def test_sentence_spans_keep_wrapped_lines_together_and_split_headings() -> None:
    text = "Port deal agreed\nThe U.S. firm said the plan\nwill go ahead. It starts in May.\n\nMore later"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Port deal agreed", "The U.S. firm said the plan\nwill go ahead.", "It starts in May.", "More later"]


def test_two_reports_drawn_from_one_source_are_not_linked_to_each_other():
    def row(source: str, target: str) -> dict:
        return {"source": source, "target": target}

    found = [row("brief", "dispatch"), row("transcript", "brief"), row("copy", "brief"), row("wire", "rewrite")]
    exact = [("transcript", "dispatch"), ("transcript", "copy"), ("dispatch", "copy")]
    kept = paraphrase.without_siblings(found, exact)
    # the brief and the dispatch (and the dispatch's copy) all come from the transcript
    assert kept == [row("transcript", "brief"), row("wire", "rewrite")]
