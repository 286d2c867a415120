"""read_path on every format: files written here, records checked field by field."""
from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.ingest.decode import decode_bytes
from crosswire.ingest.readers import read_path
from crosswire.model import IngestError, RawRecord


def read(path: Path, **kwargs) -> list[RawRecord | IngestError]:
    return list(read_path(path, **kwargs))


def errors(items: list) -> list[str]:
    return [str(i) for i in items if isinstance(i, IngestError)]


def records(items: list) -> list[RawRecord]:
    return [i for i in items if isinstance(i, RawRecord)]


# --- plain text and HTML -------------------------------------------------------------

def test_text_file_is_one_record_with_newlines_and_controls_normalised(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_bytes(b"First line\r\nSecond\x00 line\rThird\x07 line\n")
    [record] = read(path)
    assert record == RawRecord(source=str(path), content="First line\nSecond line\nThird line\n",
                               format="text", extra={"encoding": "utf-8"})


def test_cp1252_html_page_decoded_by_its_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    page = "<html><head><meta charset=windows-1252><title>Caf\u00e9</title></head>" \
           "<body><p>She said \u201cno\u201d \u2014 twice.</p></body></html>"
    path.write_bytes(page.encode("cp1252"))
    [record] = read(path)
    assert record.content == page
    assert (record.is_html, record.format, record.extra["encoding"]) == (True, "html", "cp1252")


def test_http_equiv_charset_and_html_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved_page"
    page = '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">' \
           "</head><body>M\u00fcller sagte \u201eNein\u201c.</body></html>"
    path.write_bytes(page.encode("cp1252"))
    [record] = read(path)
    assert (record.format, record.is_html, record.extra["encoding"]) == ("html", True, "cp1252")
    assert "M\u00fcller sagte \u201eNein\u201c." in record.content


def test_txt_holding_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("\n  <html><body><p>Hello</p></body></html>", "utf-8")
    [record] = read(path)
    assert (record.format, record.is_html) == ("html", True)


# --- JSON Lines and JSON -------------------------------------------------------------

def test_jsonl_fields_aliases_extra_and_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "The minister spoke.", "outlet": "Daily", "url": "https://d.example/1",
                    "title": "Minister", "published": "2024-03-05", "duration": 61.5, "lang": "en"}),
        json.dumps({"html": "<p>Hi</p>", "series": "Weekly", "date_publish": "2024-03-06 10:00:00"}),
        "",
        '{"text": "unterminated',
        json.dumps({"maintext": "Body", "source_domain": "news.example", "date": "Tue, 05 Mar 2024 14:30:00 GMT"}),
        json.dumps({"text": "T", "source": "https://t.example/a", "sitename": "T Site"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no body"}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = read(path)
    assert errors(items) == [
        f"{path}:4: invalid JSON: Unterminated string starting at (column 10)",
        f"{path}:7: expected a JSON object, got a list",
        f"{path}:8: no text: needs a non-empty 'text' or 'html' field",
    ]
    first, second, fifth, sixth = records(items)
    assert first == RawRecord(source=f"{path}#L1", content="The minister spoke.", format="jsonl", url="https://d.example/1",
                              outlet="Daily", title="Minister", published="2024-03-05", doc_id="a1", duration=61.5,
                              extra={"lang": "en"})
    assert (second.source, second.is_html, second.content, second.outlet, second.published) == (
        f"{path}#L2", True, "<p>Hi</p>", "Weekly", "2024-03-06T10:00:00")
    assert (fifth.content, fifth.outlet, fifth.published) == ("Body", "news.example", "2024-03-05T14:30:00+00:00")
    assert (sixth.url, sixth.outlet) == ("https://t.example/a", "T Site")


def test_json_list_single_object_and_json_lines_named_json(tmp_path: Path) -> None:
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps([{"text": "one"}, {"nope": 1}, {"text": "three"}]), "utf-8")
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"text": "alone", "outlet": "O"}), "utf-8")
    passim = tmp_path / "part-0000.json"
    passim.write_text('{"id": "p1", "text": "a"}\n{"id": "p2", "text": "b"}\n', "utf-8")
    items = read(listing)
    assert [(r.source, r.content) for r in records(items)] == [(f"{listing}#item1", "one"), (f"{listing}#item3", "three")]
    assert errors(items) == [f"{listing}: item 2: no text: needs a non-empty 'text' or 'html' field"]
    assert [(r.source, r.outlet) for r in read(single)] == [(str(single), "O")]
    assert [(r.source, r.doc_id) for r in read(passim)] == [(f"{passim}#L1", "p1"), (f"{passim}#L2", "p2")]


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "zipped", "outlet": "Z"}\n'))
    [record] = read(path)
    assert (record.source, record.content, record.outlet, record.format) == (f"{path}#L1", "zipped", "Z", "jsonl")


# --- WARC ----------------------------------------------------------------------------

def gzip_of_zeros(megabytes: int) -> bytes:
    """A valid gzip stream of ``megabytes`` MiB of zeros, built fast: one fully flushed
    deflate block of 1 MiB repeated (zeros only ever refer back to zeros)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    size = (megabytes << 20) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * megabytes + compressor.flush() + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


def test_gzip_of_zeros_is_what_it_claims() -> None:
    assert zlib.decompress(gzip_of_zeros(3), 16 + zlib.MAX_WBITS) == bytes(3 << 20)


def _warc_response(writer: WARCWriter, url: str, body: bytes, content_type: str = "text/html; charset=utf-8",
                   status: str = "200 OK", extra_headers: list[tuple[str, str]] | None = None) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type), *(extra_headers or [])], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                  warc_headers_dict={"WARC-Date": "2024-03-05T14:30:00Z"}))


def _warc_request(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http))


def test_warc_gz_yields_html_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        _warc_request(writer, "https://news.example/a")
        _warc_response(writer, "https://news.example/a", b"<html><body><p>Caf\xc3\xa9 talk</p></body></html>")
        _warc_response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        _warc_response(writer, "https://news.example/old", b"moved", status="301 Moved Permanently")
        _warc_response(writer, "https://news.example/b.txt", "Plain \u201ctext\u201d".encode("cp1252"),
                       content_type="text/plain; charset=windows-1252")
    items = read(path)
    assert errors(items) == []
    page, text = items
    assert page.source.startswith(f"{path}#offset=")
    assert (page.url, page.format, page.is_html, page.published) == ("https://news.example/a", "warc", True, None)
    assert page.content == "<html><body><p>Caf\u00e9 talk</p></body></html>"
    assert page.extra["warc_date"] == "2024-03-05T14:30:00Z"
    assert (text.url, text.is_html, text.content) == ("https://news.example/b.txt", False, "Plain \u201ctext\u201d")


def test_warc_gzip_bomb_payload_is_cut_at_the_limit_and_reading_goes_on(tmp_path: Path) -> None:
    bomb = gzip_of_zeros(200)
    path = tmp_path / "bomb.warc"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        _warc_response(writer, "https://x.example/bomb", bomb, content_type="text/html",
                       extra_headers=[("Content-Encoding", "gzip")])
        _warc_response(writer, "https://x.example/ok", b"<p>fine</p>")
    items = read(path, max_bytes=1_000_000)
    assert len(bomb) < 300_000
    assert errors(items) == [f"{path}: record at offset 0 (https://x.example/bomb): page is over the 1 MB limit "
                             "once decompressed; skipped"]
    assert [r.url for r in records(items)] == ["https://x.example/ok"]


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    _warc_response(writer, "https://x.example/1", b"<p>one</p>")
    first_end = buffer.tell()
    _warc_response(writer, "https://x.example/2", b"<p>two</p>" * 200)
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(buffer.getvalue()[: first_end + 40])
    items = read(path)
    assert [r.url for r in records(items)] == ["https://x.example/1"]
    [error] = errors(items)
    assert error == f"{path}: corrupt archive at offset {first_end}: 40 bytes could not be read as records"


# --- feeds ---------------------------------------------------------------------------

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily Example</title><link>https://daily.example/</link>
<item><title>Minister resigns</title><link>https://daily.example/1</link>
<description>Short &lt;b&gt;teaser&lt;/b&gt;</description>
<content:encoded><![CDATA[<p>The minister said &ldquo;enough&rdquo;.</p>]]></content:encoded>
<pubDate>Tue, 05 Mar 2024 14:30:00 +0100</pubDate><dc:creator>Jane Roe</dc:creator>
<guid isPermaLink="false">d-1</guid><category>Politics</category></item>
<item><title>Plain item</title><guid>https://wire.example/2</guid><description>Just text.</description>
<source url="https://wire.example/rss">Wire Service</source><dc:date>2024-03-06T08:00:00Z</dc:date></item>
<item><title>Headline only</title><pubDate>yesterday</pubDate></item>
</channel></rss>"""


def test_rss_items_with_dates_content_and_outlets(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_bytes(RSS)
    first, second, third = read(path)
    assert first == RawRecord(
        source=f"{path}#item1", content="<p>The minister said &ldquo;enough&rdquo;.</p>", is_html=True, format="feed",
        url="https://daily.example/1", outlet="Daily Example", title="Minister resigns",
        published="2024-03-05T14:30:00+01:00", extra={"guid": "d-1", "author": "Jane Roe", "categories": ["Politics"]})
    assert (second.content, second.is_html, second.url, second.outlet, second.published) == (
        "Just text.", False, "https://wire.example/2", "Wire Service", "2024-03-06T08:00:00+00:00")
    assert (third.content, third.published, third.extra) == (
        "Headline only", None, {"title_only": True, "feed_date": "yesterday"})


def test_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title>
<entry><title>First</title><id>urn:x:1</id>
<link rel="self" href="https://atom.example/api/1"/><link rel="alternate" href="https://atom.example/1"/>
<updated>2024-03-07T09:00:00Z</updated><published>2024-03-05T09:00:00+02:00</published>
<author><name>Jane Roe</name></author><author><name>John Doe</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b></p></div></content></entry>
<entry><title>Second</title><updated>2024-03-08T10:00:00Z</updated><summary>Only a summary.</summary>
<link href="https://atom.example/2"/></entry>
</feed>""", "utf-8")
    first, second = read(path)
    assert (first.url, first.published, first.outlet, first.is_html) == (
        "https://atom.example/1", "2024-03-05T09:00:00+02:00", "Atom Times", True)
    assert "<p>Hello <b>world</b></p>" in first.content
    assert first.extra == {"guid": "urn:x:1", "author": "Jane Roe, John Doe"}
    assert (second.content, second.is_html, second.url, second.published) == (
        "Only a summary.", False, "https://atom.example/2", "2024-03-08T10:00:00+00:00")


def test_rdf_feed_sniffed_from_xml_extension(tmp_path: Path) -> None:
    path = tmp_path / "index.xml"
    path.write_text("""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF Weekly</title></channel>
<item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
<description>Text one.</description><dc:date>2024-03-05</dc:date></item>
</rdf:RDF>""", "utf-8")
    [record] = read(path)
    assert (record.title, record.url, record.outlet, record.published, record.content) == (
        "One", "https://rdf.example/1", "RDF Weekly", "2024-03-05", "Text one.")


def test_slightly_broken_feed_is_recovered_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>AT&T News</title><item><title>Caf&eacute; &nbsp;opens</title>"
                    "<description>Open & shut</description></item></channel></rss>", "utf-8")
    [record] = read(path)
    assert record.title == "Caf\u00e9 \u00a0opens"
    assert "recovered" in record.extra


# --- subtitles -----------------------------------------------------------------------

def test_srt_with_broadcast_speaker_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "show.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:03,500\n>> JANE ROE: We will not\n<i>resign.</i>\n\n"
        "2\n00:00:03,600 --> 00:00:05,000\n{\\an8}Not this week.\n\n"
        "3\n00:00:05,000 --> 00:00:07,000\n[APPLAUSE]\n\n"
        "4\n00:00:07,000 --> 00:01:02,250\n>> JOHN O'BRIEN: Thank you, Jane.\n", "utf-8")
    [record] = read(path)
    assert record.content == "Jane Roe: We will not resign. Not this week.\n\nJohn O'Brien: Thank you, Jane."
    assert (record.format, record.duration) == ("srt", 62.25)
    assert record.extra == {"cue_count": 4, "speakers": ["Jane Roe", "John O'Brien"]}


def test_vtt_voice_tags_merge_a_multi_cue_turn(tmp_path: Path) -> None:
    path = tmp_path / "talk.vtt"
    path.write_text(
        "WEBVTT - interview\n\nNOTE recorded live\n\nSTYLE\n::cue { color: white }\n\n"
        "intro\n00:00.500 --> 00:02.000 align:start\n<v Jane Roe>We will <c.loud>not</c> resign\n\n"
        "00:02.000 --> 00:04.000\n<v Jane Roe>this week.</v>\n\n"
        "00:04.000 --> 01:00:05.125\n<v.host John Doe>Thanks &amp; goodbye.\n", "utf-8")
    [record] = read(path)
    assert record.content == "Jane Roe: We will not resign this week.\n\nJohn Doe: Thanks & goodbye."
    assert (record.format, record.duration) == ("vtt", 3605.125)


def test_captions_without_speakers_become_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "auto.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nthe council met\n\n"
        "00:00:02.000 --> 00:00:04.000\nthe council met\non tuesday\n\n"  # rolling caption repeats a line
        "00:00:09.000 --> 00:00:11.000\n- Did it vote?\n- It did not.\n", "utf-8")
    [record] = read(path)
    assert record.content == "the council met on tuesday\n\nDid it vote?\n\nIt did not."
    assert "speakers" not in record.extra


# --- encodings -----------------------------------------------------------------------

def test_utf16_with_bom_both_byte_orders(tmp_path: Path) -> None:
    text = "Z\u00fcrich \u201cquote\u201d\r\nline two"
    (tmp_path / "le.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    items = read(tmp_path)
    assert [(r.content, r.extra["encoding"]) for r in items] == [
        ("Z\u00fcrich \u201cquote\u201d\nline two", "utf-16-be"), ("Z\u00fcrich \u201cquote\u201d\nline two", "utf-16-le")]


def test_cp1256_arabic_and_latin1_german(tmp_path: Path) -> None:
    arabic = "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u0625\u0646 \u0627\u0644\u062d\u0643\u0648\u0645\u0629 " \
             "\u0644\u0646 \u062a\u0633\u062a\u0642\u064a\u0644 \u0647\u0630\u0627 \u0627\u0644\u0623\u0633\u0628\u0648\u0639.\n"
    german = "Der B\u00fcrgermeister sagte, er werde nicht zur\u00fccktreten.\n"
    (tmp_path / "ar.txt").write_bytes(arabic.encode("cp1256"))
    (tmp_path / "de.txt").write_bytes(german.encode("latin-1"))
    ar, de = read(tmp_path)
    assert (ar.content, ar.extra["encoding"]) == (arabic, "cp1256")
    assert (de.content, de.extra["encoding"]) == (german, "cp1252")


def test_decode_bytes_orders_bom_utf8_declared_and_mixed() -> None:
    assert decode_bytes(b"\xef\xbb\xbfbom \xe2\x80\x9cok\xe2\x80\x9d") == ("bom \u201cok\u201d", "utf-8-sig")
    assert decode_bytes("caf\u00e9".encode("utf-8"), declared="windows-1252") == ("caf\u00e9", "utf-8")
    assert decode_bytes(b"caf\xe9", declared="iso-8859-1") == ("caf\u00e9", "cp1252")
    assert decode_bytes("no BOM".encode("utf-16-le")) == ("no BOM", "utf-16-le")
    mixed = "Caf\u00e9 \u2014 UTF-8 line\n".encode("utf-8") + b"pasted \x93quote\x94\n" + "na\u00efve \u201cstray\u201d ".encode("utf-8") + b"\x96 dash"
    assert decode_bytes(mixed) == ("Caf\u00e9 \u2014 UTF-8 line\npasted \u201cquote\u201d\nna\u00efve \u201cstray\u201d \u2013 dash",
                                   "utf-8+cp1252")


def test_decode_bytes_removes_controls_but_keeps_tabs_and_newlines() -> None:
    assert decode_bytes(b"a\tb\x00c\x1bd\x7fe\r\nf\x0cg\xc2\x85h\xef\xbb\xbfi") == ("a\tbcde\nf\ng\nhi", "utf-8")


# --- folders -------------------------------------------------------------------------

def test_folder_is_read_sorted_recursively_skipping_hidden_assets_and_loops(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("two", "utf-8")
    (tmp_path / "a.txt").write_text("one", "utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "three").write_text("three", "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", "utf-8")
    (tmp_path / ".hidden.txt").write_text("no", "utf-8")
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "style.css").write_text("p{}", "utf-8")
    (tmp_path / "page_files" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    os.symlink(tmp_path, tmp_path / "c" / "loop")
    assert [r.content for r in read(tmp_path)] == ["one", "two", "three"]
