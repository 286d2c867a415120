"""Bad and hostile input: each a one-line error naming the file, never an exception."""
from __future__ import annotations

import gzip
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.ingest.decode import decode_bytes
from crosswire.ingest.readers import MAX_FILE_MB_ENV, max_file_bytes, read_path
from crosswire.model import IngestError, RawRecord

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>"""
ENTITY_REFUSED = "feed declares XML entities (<!ENTITY>): refused, entity expansion is an attack vector"


def only_error(path: Path, **kwargs) -> str:
    [item] = list(read_path(path, **kwargs))
    assert isinstance(item, IngestError), item
    return str(item)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert only_error(path) == f"{path}: empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\t\x00\n")
    assert only_error(path) == f"{path}: no text (only whitespace or control characters)"


def test_png_disguised_as_text(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert only_error(path) == f"{path}: binary file (looks like PNG image)"


def test_pdf_and_sqlite_and_unknown_binary(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    sqlite3.connect(tmp_path / "b.db").execute("CREATE TABLE t (x)").connection.commit()
    (tmp_path / "c.dat").write_bytes(bytes(range(256)) * 4)
    assert [str(e) for e in read_path(tmp_path)] == [
        f"{tmp_path / 'a.html'}: binary file (looks like PDF document)",
        f"{tmp_path / 'b.db'}: binary file (looks like SQLite database)",
        f"{tmp_path / 'c.dat'}: binary file (looks like unknown binary data)",
    ]


def test_file_over_the_size_limit_by_argument_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 30_000)  # 150 kB
    assert only_error(path, max_bytes=100_000) == f"{path}: file is 0.15 MB, over the 0.1 MB limit"
    monkeypatch.setenv(MAX_FILE_MB_ENV, "0.05")
    assert max_file_bytes() == 50_000
    assert only_error(path) == f"{path}: file is 0.15 MB, over the 0.05 MB limit"
    monkeypatch.setenv(MAX_FILE_MB_ENV, "lots")
    with pytest.warns(UserWarning, match="not a number"):
        assert max_file_bytes() == 50_000_000


def test_gzip_bomb_text_file_is_cut_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000, compresslevel=1))
    assert only_error(path, max_bytes=1_000_000) == f"{path}: unpacks to over the 1 MB limit"


def test_gzip_that_is_not_gzip_and_gzip_without_gz_name(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.txt.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    assert only_error(corrupt).startswith(f"{corrupt}: corrupt gzip file: ")
    unnamed = tmp_path / "download"
    unnamed.write_bytes(gzip.compress(b"hello"))
    assert only_error(unnamed) == f"{unnamed}: binary file (looks like gzip-compressed file)"


def test_missing_path_broken_link_and_fifo(tmp_path: Path) -> None:
    assert only_error(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file or directory"
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    assert only_error(tmp_path / "link.txt") == f"{tmp_path / 'link.txt'}: broken symbolic link"
    os.mkfifo(tmp_path / "pipe.txt")
    assert only_error(tmp_path / "pipe.txt") == f"{tmp_path / 'pipe.txt'}: not a regular file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", "utf-8")
    path.chmod(0)
    assert only_error(path) == f"{path}: permission denied"


def test_billion_laughs_feed_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "lol.rss"
    path.write_text(BILLION_LAUGHS, "utf-8")
    started = time.perf_counter()
    assert only_error(path) == f"{path}: {ENTITY_REFUSED}"
    assert time.perf_counter() - started < 1


def test_external_entity_feed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                    "<rss><channel><item><title>&xxe;</title></item></channel></rss>", "utf-8")
    assert only_error(path) == f"{path}: {ENTITY_REFUSED}"


def test_unrecoverable_feed_and_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_text("this is not XML at all", "utf-8")
    assert only_error(broken).startswith(f"{broken}: malformed feed: Start tag expected")
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>', "utf-8")
    assert only_error(sitemap) == f"{sitemap}: not an RSS, Atom or RDF feed (root element <urlset>)"
    empty = tmp_path / "empty.atom"
    empty.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>', "utf-8")
    assert only_error(empty) == f"{empty}: feed has no items or entries"


def test_jsonl_hostile_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"text": "x" * 2_000}),
        json.dumps({"text": "kept"}),
        "7",
    ]), "utf-8")
    items = list(read_path(path, max_bytes=1_000))
    assert [str(i) for i in items if isinstance(i, IngestError)] == [
        f"{path}:1: line is over the 0.001 MB limit",
        f"{path}:2: line is over the 0.001 MB limit",
        f"{path}:4: expected a JSON object, got a number",
    ]
    assert [i.content for i in items if not isinstance(i, IngestError)] == ["kept"]
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    assert only_error(deep) == f"{deep}:1: invalid JSON: nested too deeply"


def test_malformed_json_file(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{\n  "text": "a",\n  oops\n}', "utf-8")
    assert only_error(path) == f"{path}:3: invalid JSON: Expecting property name enclosed in double quotes (column 3)"


def test_caption_file_without_cues(tmp_path: Path) -> None:
    path = tmp_path / "empty.srt"
    path.write_text("1\nno timing here\n", "utf-8")
    assert only_error(path) == f"{path}: no SRT cues found (expected 'start --> end' timing lines)"


def test_cli_add_folder_reports_each_bad_file_and_stores_the_good(tmp_path: Path, cli) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("The mayor said the bridge would reopen on Monday.", "utf-8")
    (folder / "talk.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:03.000\n<v Jane Roe>We are ready.\n", "utf-8")
    (folder / "lines.jsonl").write_text('{"text": "Council approves budget."}\n{broken\n', "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    result = cli("add", folder)
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert error_lines == [
        f"error: {folder / 'empty.txt'}: empty file",
        f"error: {folder / 'lines.jsonl'}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"error: {folder / 'photo.txt'}: binary file (looks like PNG image)",
    ]
    assert "added 3, unchanged 0, failed 3" in result.output
    again = cli("add", folder)
    assert "added 0, unchanged 3, failed 3" in again.output


FORMAT_NAMES = ["x.txt", "x.html", "x.jsonl", "x.json", "x.rss", "x.xml", "x.srt", "x.vtt", "x.warc", "x.warc.gz", "x"]
PREFIXES = [b"", b"WEBVTT\n\n", b"<rss><channel><item>", b"WARC/1.0\r\n", b'{"text": "', b"\xef\xbb\xbf", b"\xff\xfe",
            b"1\n00:00:01,000 --> 00:00:02,000\n", b"\x1f\x8b\x08\x00"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FORMAT_NAMES), prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=300))
def test_any_bytes_in_any_format_give_records_or_errors_never_exceptions(
        tmp_path: Path, name: str, prefix: bytes, body: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(prefix + body)
    for item in read_path(path, max_bytes=10_000):
        assert isinstance(item, (RawRecord, IngestError))
        if isinstance(item, IngestError):
            assert "\n" not in str(item) and str(item).startswith(str(path))
            assert not item.message.startswith("could not read:"), item.message  # no reader crashed


@given(st.binary(max_size=400), st.sampled_from([None, "utf-8", "windows-1252", "cp1256", "bogus"]))
def test_decode_bytes_always_gives_clean_text(data: bytes, declared: str | None) -> None:
    text, encoding = decode_bytes(data, declared)
    assert encoding
    assert not any(ch in text for ch in "\r\x00\x1b\x7f\ufeff")
