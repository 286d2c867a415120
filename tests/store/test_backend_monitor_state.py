"""The watcher's state (upserts, INSERT OR IGNORE with rowcount, untyped parameters) on both
backends: the SQL of a module outside store/ that the PostgreSQL connection must accept."""
from crosswire.model import Document
from crosswire.monitor.state import MonitorState
from crosswire.store.backend import open_store


def test_monitor_state_round_trip(db):
    with open_store(db) as store:
        state = MonitorState(store)
        state.feed_polled("https://a.example/feed", 5.5, 200)
        state.feed_failed("https://a.example/feed", 7.25, "timeout", None)
        feed = state.feed("https://a.example/feed")
        assert (feed.next_due, feed.failures, feed.last_error) == (7.25, 1, "timeout")
        state.url_fetched("https://a.example/1", '"etag"', None, "hash1", None)
        state.url_fetched("https://a.example/1", None, "Mon, 01 Jan 2024", None, "doc1")
        assert state.validators("https://a.example/1") == (None, "Mon, 01 Jan 2024")
        assert (state.url("https://a.example/1").content_hash, state.url("https://a.example/1").document) == \
            ("hash1", "doc1")
        assert state.seen(["https://a.example/1", "https://a.example/2"]) == {"https://a.example/1"}
        with store.transaction():
            store.put_document(Document(id="doc1", source="s", text="t"))
        state.add_pending("doc1")
        state.add_pending("doc1")
        assert state.pending() == {"doc1"}
        state.clear_pending(["doc1"])
        assert state.pending() == set()
        assert state.record_alert("k2", "quote", {"n": 2}, ["log", "hook"])
        assert state.record_alert("k1", "quote", {"n": 1}, ["log"])
        assert not state.record_alert("k2", "quote", {"n": 2}, ["log"])  # seen before: nothing queued
        state.delivery_done("k2", "log", None)
        state.delivery_done("k2", "hook", "HTTP 500")
        assert state.undelivered(["log", "hook"]) == [("k2", "hook", {"n": 2}), ("k1", "log", {"n": 1})]
        assert state.alert_keys() == ["k2", "k1"]  # in the order they were recorded
