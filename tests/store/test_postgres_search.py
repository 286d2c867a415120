"""Full-text search gives the same matches on both backends: FTS5 in SQLite, tsvector/tsquery
(GIN index, ts_rank) in PostgreSQL."""
from __future__ import annotations

import pytest

from crosswire.model import Document, Statement
from crosswire.store.backend import open_store
from crosswire.web import search
from crosswire.web.search_postgres import tsquery

TEXTS = {
    "s1": ("Muhammad al-Rashidi", "We do not seek war, but we will not kneel."),
    "s2": ("Muhammad al-Rashidi", "The ministry humiliated the coast for eleven months."),
    "s3": ("Elena Varga", "Nobody will kneel; we seek dialogue with the ministry."),
    "s4": ("Elena Varga", "Ferry strikes closed the harbour on Monday."),
    "s5": (None, "War is not a word we use, said a spokesman about the Élysée talks."),
}
OUTLETS = {"s1": "Coastal Daily", "s2": "Coastal Daily", "s3": "Daily Ledger", "s4": "Daily Ledger", "s5": "Wire"}


@pytest.fixture
def filled(db):
    with open_store(db) as store, store.transaction():
        for sid, (speaker, text) in TEXTS.items():
            doc = Document(id=f"d{sid}", source="t", text=text, outlet=OUTLETS[sid], title=f"Title {sid}",
                           published=f"2023-11-1{sid[1]}")
            store.put_document(doc)
            store.add_annotations([Statement(id=sid, document=doc.id, kind="direct", text=text, start=0,
                                             end=len(text), speaker_name=speaker)], [])
    return db


@pytest.mark.parametrize("query, expected", [
    ("kneel", {"s1", "s3"}),
    ('"not kneel"', {"s1"}),
    ("humil*", {"s2"}),
    ("kneel OR ferry", {"s1", "s3", "s4"}),
    ("kneel -dialogue", {"s1"}),
    ("KNEEL ministry", {"s3"}),
    ("war", {"s1", "s5"}),
    ("rashidi", {"s1", "s2"}),  # the speaker's name is indexed too
    ("zzz", set()),
    (")(*", set()),
])
def test_same_matches_on_both_backends(filled, query, expected):
    with open_store(filled, readonly=True) as store:
        hits = search.search_statements(store, query, limit=50).hits
        assert {h["id"] for h in hits} == expected
        assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)  # best (lowest) first


def test_no_query_breaks_search(filled):
    nasty = ["'", "\\", "a'b", "''", ":*", "!", "&|", "<->", "\x00", "é*", "NEAR(a b)", '"', "-", "*", "x" * 3000,
             "(", "a:b", "Élysée", "ÉLYSÉE talks"]
    with open_store(filled, readonly=True) as store:
        for query in nasty:
            search.search_statements(store, query, speaker="o'x", outlet="Wire", since="2023")
            search.search_documents(store, query)
        assert [h["id"] for h in search.search_statements(store, "élysée").hits] == ["s5"]


def test_filters_snippets_and_documents(filled):
    with open_store(filled, readonly=True) as store:
        by_speaker = search.search_statements(store, "kneel", speaker="Varga").hits
        assert [h["id"] for h in by_speaker] == ["s3"]
        by_outlet = search.search_statements(store, "kneel", outlet="Coastal Daily").hits
        assert [(h["id"], h["outlet"]) for h in by_outlet] == [("s1", "Coastal Daily")]
        marked = search.search_statements(store, "humil*").hits[0]["snippet"]
        assert "\x02humiliated\x03" in marked
        dated = search.search_documents(store, "kneel OR war", since="2023-11-13", until="2023-11-15").hits
        assert {h["id"] for h in dated} == {"ds3", "ds5"}
        titled = search.search_documents(store, "title s4").hits
        assert [h["id"] for h in titled] == ["ds4"]  # titles are searched too
        assert set(titled[0]) == {"id", "outlet", "published", "title", "snippet", "score"}


def test_the_index_follows_deletes_and_updates(filled):
    with open_store(filled) as store:
        store.conn.execute("DELETE FROM documents WHERE id = ?", ("ds1",))
        store.conn.execute("UPDATE statements SET text = ? WHERE id = ?", ("A fresh word: kneel.", "s4"))
        assert {h["id"] for h in search.search_statements(store, "kneel").hits} == {"s3", "s4"}


def test_very_common_words_rank_only_the_newest_matches(db, monkeypatch):
    with open_store(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO documents (id, source, format, text, added_at) VALUES ('d', 's', 'text', '', '')")
        conn.executemany("INSERT INTO statements (id, document, kind, text, start, \"end\") VALUES (?, 'd', 'direct', ?, ?, ?)",
                         [(f"d:s{i}", f"the harbour {'rare' if i in (5, 390) else 'word'} {i}", i, i + 1)
                          for i in range(400)])
    monkeypatch.setattr(search, "MAX_RANKED", 100)
    with open_store(db, readonly=True) as store:
        common = search.search_statements(store, "harbour", limit=500)
        assert common.newest_only and len(common.hits) == 100
        assert {int(h["id"].split(":s")[1]) for h in common.hits} == set(range(300, 400))
        rare = search.search_statements(store, "harbour rare")
        assert not rare.newest_only and {h["id"] for h in rare.hits} == {"d:s5", "d:s390"}


def test_postgres_search_uses_the_gin_index(pg_url):
    with open_store(pg_url) as store:
        store.conn.execute("SET enable_seqscan = off")
        plan = "\n".join(r[0] for r in store.conn.execute(
            "EXPLAIN SELECT id FROM statements WHERE search @@ to_tsquery('simple', ?)", ("kneel",)))
        assert "statements_search" in plan


@pytest.mark.parametrize("typed, expression", [
    ("kneel", "('kneel')"),
    ('"we will not kneel"', "('we' <-> 'will' <-> 'not' <-> 'kneel')"),
    ("kne*", "('kne':*)"),
    ('"not kn"*', "('not' <-> 'kn':*)"),
    ("war OR kneel", "(('war') | ('kneel'))"),
    ("war -kneel", "('war') & !('kneel')"),
    ("o'brien & | ! <-> :*", "('o' <-> 'brien')"),  # as in FTS5, a word with inner punctuation is a phrase
    (")(*", None), ("", None), ("-only", None),
])
def test_user_queries_become_valid_tsqueries(typed, expression):
    assert tsquery(typed) == expression


ACCENTED = {
    "a1": ("Muḥammad al-Rashidi", "Talks in São Paulo ended without a deal."),
    "a2": ("Elena Varga", "The Łódź delegation met Muhammad at the harbour."),
    "a3": (None, "Встреча в Москве: й is not folded, unlike the Latin letters."),
}


@pytest.fixture
def accented(db):
    with open_store(db) as store, store.transaction():
        for sid, (speaker, text) in ACCENTED.items():
            doc = Document(id=f"d{sid}", source="t", text=text, title=f"Title {sid}")
            store.put_document(doc)
            store.add_annotations([Statement(id=sid, document=doc.id, kind="direct", text=text, start=0,
                                             end=len(text), speaker_name=speaker)], [])
    return db


@pytest.mark.parametrize("query, statements, documents", [
    ("Sao Paulo", {"a1"}, {"da1"}),
    ('"são paulo"', {"a1"}, {"da1"}),
    ("SÃO", {"a1"}, {"da1"}),
    ("muhammad", {"a1", "a2"}, {"da2"}),  # a1's speaker is Muḥammad, a2's text says Muhammad
    ("Muḥammad", {"a1", "a2"}, {"da2"}),
    ("łodz", {"a2"}, {"da2"}),  # ó and ź fold ...
    ("lodz", set(), set()),  # ... but ł is a letter of its own, as in SQLite
    ("и", set(), set()),  # Cyrillic й is not folded to и
    ("й", {"a3"}, {"da3"}),
])
def test_accents_are_folded_on_both_backends(accented, query, statements, documents):
    with open_store(accented, readonly=True) as store:
        assert {h["id"] for h in search.search_statements(store, query).hits} == statements
        assert {h["id"] for h in search.search_documents(store, query).hits} == documents


def test_folded_matches_are_shown_in_their_own_spelling(accented):
    with open_store(accented, readonly=True) as store:
        statement = search.search_statements(store, "sao paulo").hits[0]["snippet"]
        document = search.search_documents(store, "sao").hits[0]["snippet"]
        by_speaker = search.search_statements(store, "talks", speaker="Muhammad").hits
    assert "\x02São\x03 \x02Paulo\x03" in statement
    assert "\x02São\x03" in document
    assert [h["id"] for h in by_speaker] == ["a1"]


@pytest.mark.parametrize("text", ["São Paulo", "Muḥammad", "Sa\u0303o", "Łódź", "й", "plain", "Ǿ ǿ ẛ"])
def test_python_fold_is_the_database_fold(pg_url, text):
    """The snippets' accents are put back by the Python twin: it must fold as the server does."""
    from crosswire.store.pg_schema import fold

    with open_store(pg_url) as store:
        assert store.conn.execute("SELECT crosswire_fold(?)", (text,)).fetchone()[0] == fold(text)


def test_snippets_get_their_accents_back():
    from crosswire.web.search_postgres import restore_accents

    original = "Talks in São Paulo ended; Muḥammad left."
    assert restore_accents("in \x02Sao\x03 Paulo ended", original) == "in \x02São\x03 Paulo ended"
    assert restore_accents("\x02Muhammad\x03 left.", original) == "\x02Muḥammad\x03 left."
    decomposed = "Sa\u0303o Paulo"  # folding shortens it: the folded snippet is kept
    assert restore_accents("\x02Sao\x03 Paulo", decomposed) == "\x02Sao\x03 Paulo"
    assert restore_accents("\x02plain\x03", "plain") == "\x02plain\x03"
    assert restore_accents(None, original) is None
