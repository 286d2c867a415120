"""Reuse through the real store: links, direction, passages whose offsets point at copied text."""
from __future__ import annotations

import re

import pytest

import crosswire
from crosswire.link import reuse
from crosswire.link.shingles import shingles, words
from crosswire.model import Document

PARAGRAPHS = [
    "The harbour authority approved a plan on Tuesday to dredge the northern channel of the port, "
    "a project that engineers say will allow container ships twice the present size to dock by the "
    "end of the decade, although fishermen fear for the oyster beds near the breakwater.",
    "Councillor Mara Velde, who chairs the finance committee, said the cost of forty million would be "
    "shared between the city and a consortium of shipping companies, and that no new local tax would "
    "be raised to pay for the dredging or for the new cranes on the eastern quay.",
    "Environmental groups have asked for an independent survey of the silt, which they believe contains "
    "heavy metals left by the shipyards that closed in the nineteen seventies, and they have promised to "
    "take the authority to court if the survey is refused before the first barge arrives.",
    "Work is expected to begin in the spring once the licences are granted by the regional ministry, and "
    "the authority has promised monthly public meetings in the old customs house so that residents can "
    "follow the progress of the works and raise their concerns with the engineers in person.",
]
SOURCE_TEXT = "\n\n".join(PARAGRAPHS)


def _edited_copy() -> str:
    """Paragraphs 3, 1, 2 (reordered, the 4th dropped), a few words changed, boilerplate inserted."""
    first = PARAGRAPHS[0].replace("approved", "backed").replace("fishermen", "local fishers")
    second = PARAGRAPHS[1].replace("forty million", "40 million")
    return "\n\n".join([
        "PORT EXPANSION GETS THE GREEN LIGHT",
        PARAGRAPHS[2],
        "Subscribe to our newsletter for the latest regional news, delivered every morning to your inbox.",
        first,
        "Advertisement",
        second,
        "Share this article with your friends and family on social media.",
    ])


def _analyze(db: str, docs: list[Document]) -> list[dict]:
    with crosswire.open(db) as cw:
        with cw.store.transaction():
            for doc in docs:
                cw.store.put_document(doc)
        with cw.store.transaction():
            reuse.run(cw.store)
        return list(cw.store.rows("reuse"))


def _norm(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_partial_edited_reordered_copy_links_to_its_dated_source(db: str) -> None:
    source = Document(id="src", source="a.txt", text=SOURCE_TEXT, outlet="Coast Herald", published="2024-03-04")
    copy = Document(id="cpy", source="b.txt", text=_edited_copy(), outlet="Bay Daily", published="2024-03-06")
    rows = _analyze(db, [copy, source])
    assert len(rows) == 1
    row = rows[0]
    assert (row["source"], row["target"]) == ("src", "cpy")
    assert any(b["kind"] == "dates" for b in row["basis"])
    # Three paragraphs copied, each its own passage (reordered), boilerplate left out.
    assert len(row["passages"]) >= 3
    for p in row["passages"]:
        copied = source.text[p["source_start"] : p["source_end"]]
        found = copy.text[p["target_start"] : p["target_end"]]
        assert len(_norm(found)) >= 10
        shared = set(_norm(copied)) & set(_norm(found))
        assert len(shared) >= 0.8 * len(set(_norm(found)))
        assert "newsletter" not in found and "Advertisement" not in found
    assert 0.7 <= row["coverage"] < 1.0
    assert 0.5 < row["confidence"] <= 1.0


def test_undated_copy_crediting_its_source_gets_the_direction_from_the_credit(db: str) -> None:
    source = Document(id="zzz-src", source="a.txt", text=SOURCE_TEXT, outlet="Harbor Policy Institute", published=None)
    copy_text = PARAGRAPHS[1] + "\n\n" + PARAGRAPHS[3] + "\n\nOriginally published by Harbor Policy Institute."
    copy = Document(id="aaa-copy", source="b.txt", text=copy_text, outlet="Bay Daily", published=None)
    row, = _analyze(db, [source, copy])
    assert (row["source"], row["target"]) == ("zzz-src", "aaa-copy")
    credit = [b for b in row["basis"] if b["kind"] == "credit"]
    assert credit and "Harbor Policy Institute" in credit[0]["text"]


def test_credit_from_cites_field(db: str) -> None:
    source = Document(id="b-src", source="a.txt", text=SOURCE_TEXT, outlet="Harbor Policy Institute")
    copy = Document(
        id="a-copy", source="b.txt", text=SOURCE_TEXT, outlet="Bay Daily",
        cites=[{"name": "Harbor Policy Institute", "relation": "originally published by"}],
    )
    row, = _analyze(db, [source, copy])
    assert (row["source"], row["target"]) == ("b-src", "a-copy")
    assert row["coverage"] == 1.0


def test_unrelated_documents_on_the_same_topic_are_not_linked(db: str) -> None:
    other = (
        "Mara Velde defended the northern channel project at a crowded meeting in the customs house, "
        "telling residents that the harbour authority had listened to the fishermen and would move the "
        "oyster beds before any barge arrived. Critics said the port could not afford the cranes, and "
        "the shipping consortium declined to comment on the forty million budget or the silt survey."
    )
    docs = [
        Document(id="one", source="a.txt", text=SOURCE_TEXT, outlet="Coast Herald", published="2024-03-04"),
        Document(id="two", source="b.txt", text=other, outlet="Bay Daily", published="2024-03-05"),
    ]
    assert _analyze(db, docs) == []


def test_short_stock_phrases_do_not_link(db: str) -> None:
    phrase = "the prime minister said on Monday"
    docs = [
        Document(id="p1", source="a.txt", text=f"Taxes will fall next year, {phrase}, after a long cabinet meeting about pensions."),
        Document(id="p2", source="b.txt", text=f"Speaking in the north, {phrase} that the railway would be finished early."),
        Document(id="p3", source="c.txt", text=f"Flood defences are adequate, {phrase}, despite warnings from the river agency."),
    ]
    assert _analyze(db, docs) == []


def test_transcript_quoted_in_an_article_is_reuse_of_the_transcript(db: str) -> None:
    quote = "we will not raise a single local tax to pay for the dredging of this harbour"
    transcript = Document(
        id="tr", source="t.vtt", format="transcript", published="2024-03-04",
        text="VELDE: Good evening. Let me be very clear about the money. " + quote.capitalize()
        + ", and the consortium has agreed to that in writing. HOST: Thank you, councillor.",
    )
    article = Document(
        id="art", source="a.txt", outlet="Bay Daily", published="2024-03-05",
        text="The finance chair spoke on the radio last night. \"" + quote.capitalize()
        + ",\" Velde told listeners, before turning to the question of the cranes.",
    )
    row, = _analyze(db, [article, transcript])
    assert (row["source"], row["target"]) == ("tr", "art")
    passage, = row["passages"]
    assert _norm(article.text[passage["target_start"] : passage["target_end"]]) == _norm(quote)
    assert _norm(transcript.text[passage["source_start"] : passage["source_end"]]) == _norm(quote)
    assert 0 < row["coverage"] < 0.8


def test_word_offsets_and_case_insensitive_hashes() -> None:
    text = "Élan, VITAL élan vital! 42"
    found = words(text)
    assert [text[s:e] for s, e in zip(found.starts, found.ends)] == ["Élan", "VITAL", "élan", "vital", "42"]
    assert found.hashes[0] == found.hashes[2] and found.hashes[1] == found.hashes[3]
    assert len(shingles(found.hashes, 2)) == 4
    assert shingles(found.hashes, 2)[0] == shingles(found.hashes, 2)[2]
    assert shingles(found.hashes, 2)[0] != shingles(found.hashes, 2)[1]


@pytest.mark.parametrize("text", ["", "   ", "!!", "word"])
def test_tiny_documents_are_harmless(db: str, text: str) -> None:
    docs = [Document(id=f"t{i}", source=f"{i}.txt", text=text or " ") for i in range(3)]
    assert _analyze(db, docs) == []


def test_an_outlets_own_footer_does_not_link_its_articles(db: str) -> None:
    footer = ("Copyright Coast Herald Media Group. All rights reserved. Reproduction without written permission "
              "of the publisher is prohibited. Contact the newsroom at the harbour office.")
    docs = [
        Document(id=f"h{k}", source=f"{k}.txt", text=f"{paragraph}\n\n{footer}", outlet="Coast Herald")
        for k, paragraph in enumerate(PARAGRAPHS)
    ]
    assert _analyze(db, docs) == []


def test_identical_undated_texts_are_linked_with_an_undetermined_direction(db: str) -> None:
    docs = [
        Document(id="x1", source="a.txt", text=SOURCE_TEXT, outlet="Coast Herald"),
        Document(id="x2", source="b.txt", text=SOURCE_TEXT, outlet="Bay Daily"),
    ]
    row, = _analyze(db, docs)
    assert row["coverage"] == 1.0
    assert [b["kind"] for b in row["basis"]] == ["undetermined"]
    assert row["confidence"] <= 0.5


def test_stemmed_words_hash_alike_but_keep_their_offsets():
    text = "The authority uses cranes; it used a crane, using cranes. Class classes process processes"
    plain, stemmed = words(text), words(text, stem=True)
    found = {text[s:e]: h for s, e, h in zip(stemmed.starts.tolist(), stemmed.ends.tolist(), stemmed.hashes.tolist())}
    assert found["uses"] == found["used"] == found["using"]
    assert found["cranes"] == found["crane"]
    assert found["Class"] == found["classes"] and found["process"] == found["processes"]
    assert found["uses"] != found["cranes"]
    assert stemmed.starts.tolist() == plain.starts.tolist() and stemmed.ends.tolist() == plain.ends.tolist()
    assert len(set(plain.hashes.tolist())) > len(set(stemmed.hashes.tolist()))


def test_stemming_finds_a_copy_with_every_few_words_reinflected():
    """Tense and number changed every few words: too few exact 5-grams, enough stemmed ones."""
    reworded = (PARAGRAPHS[1].replace("chairs", "chaired").replace("said", "says").replace("companies", "company")
                .replace("raised", "raising").replace("cranes", "crane").replace("shared", "sharing"))
    docs = [Document(id="a", source="a", text=PARAGRAPHS[1], published="2024-03-01"),
            Document(id="b", source="b", text=reworded, published="2024-03-02")]
    plain = reuse.find_reuse(docs, reuse.ReuseSettings())
    stemmed = reuse.find_reuse(docs, reuse.ReuseSettings(stem=True))
    assert len(stemmed) == 1 and (stemmed[0]["source"], stemmed[0]["target"]) == ("a", "b")
    assert stemmed[0]["coverage"] > (plain[0]["coverage"] if plain else 0.0) + 0.2
