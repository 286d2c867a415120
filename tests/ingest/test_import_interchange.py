"""Other tools' outputs added with ``crosswire add``: files written here as each tool writes them."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from crosswire.ingest.interchange import passim_reuse_rows
from crosswire.store.sqlite import Store

PASSAGE = ("The council of elders said on Monday that the harbor would stay closed to foreign trawlers until "
           "the fishermen arrested in the summer were released, and that talks with the ministry would resume "
           "only when the soldiers had left the coast.")


def added(cli, db: str, *paths: Path) -> dict[str, dict]:
    result = cli("add", *paths)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        return {d.id: d.to_dict() for d in store.documents()}


def test_news_please_json(cli, db: str, tmp_path: Path):
    path = tmp_path / "article.json"
    path.write_text(json.dumps({
        "authors": ["Jane Roe", "Sam Poe"], "date_download": "2023-11-20 10:00:00", "date_modify": None,
        "date_publish": "2023-11-13 09:15:00", "description": "Dockworkers stay out.", "filename": "x.json",
        "image_url": None, "language": "en", "localpath": None, "maintext": PASSAGE, "source_domain": "harborwire.example",
        "text": None, "title": "Harbor stays closed", "title_page": None, "title_rss": None,
        "url": "https://harborwire.example/harbor-closed",
    }), encoding="utf-8")
    [doc] = added(cli, db, path).values()
    assert doc["text"] == PASSAGE and doc["title"] == "Harbor stays closed"
    assert doc["outlet"] == "harborwire.example" and doc["url"] == "https://harborwire.example/harbor-closed"
    assert doc["published"].startswith("2023-11-13") and doc["language"] == "en"
    assert doc["identifiers"]["author"] == "Jane Roe, Sam Poe"


def test_trafilatura_json(cli, db: str, tmp_path: Path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({
        "title": "Harbor stays closed", "author": "Jane Roe; Sam Poe", "hostname": "harborwire.example",
        "date": "2023-11-13", "fingerprint": "ab12cd34", "id": "tf-1", "license": None, "comments": "",
        "raw_text": PASSAGE, "text": PASSAGE, "language": "en", "source": "https://harborwire.example/harbor-closed",
        "source-hostname": "Harbor Wire", "excerpt": "", "categories": "", "tags": "",
    }), encoding="utf-8")
    docs = added(cli, db, path)
    doc = docs["tf-1"]
    assert doc["text"] == PASSAGE and doc["published"].startswith("2023-11-13")
    assert doc["url"] == "https://harborwire.example/harbor-closed" and doc["outlet"] == "harborwire.example"
    assert doc["identifiers"] == {"author": "Jane Roe; Sam Poe", "fingerprint": "ab12cd34"}


def test_trafilatura_sitename_wins_over_hostname(cli, db: str, tmp_path: Path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"text": PASSAGE, "sitename": "Harbor Wire", "hostname": "harborwire.example",
                                "source": "https://harborwire.example/a"}), encoding="utf-8")
    [doc] = added(cli, db, path).values()
    assert doc["outlet"] == "Harbor Wire"


def test_passim_input_jsonl(cli, db: str, tmp_path: Path):
    path = tmp_path / "in.jsonl"
    rows = [{"id": "gazette/1871-05-02/p3", "series": "gazette", "date": "1871-05-02", "text": PASSAGE, "seq": 3},
            {"id": "herald/1871-05-04/p1", "series": "herald", "date": "1871-05-04", "text": PASSAGE, "seq": 1}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs = added(cli, db, path)
    assert docs["gazette/1871-05-02/p3"]["outlet"] == "gazette"
    assert docs["herald/1871-05-04/p1"]["published"].startswith("1871-05-04")


def test_passim_output_clusters_become_documents_and_reuse(cli, db: str, tmp_path: Path):
    path = tmp_path / "out.json"
    members = [("herald/5", "herald", "1871-05-04", 120), ("gazette/2", "gazette", "1871-05-02", 40),
               ("courier/9", "courier", "1871-05-06", 0)]
    path.write_text("\n".join(json.dumps({"cluster": 17, "size": 3, "id": i, "uid": n, "series": s, "date": d,
                                          "begin": b, "end": b + len(PASSAGE), "text": PASSAGE})
                              for n, (i, s, d, b) in enumerate(members)) + "\n", encoding="utf-8")
    docs = added(cli, db, path)
    assert set(docs) == {f"gazette/2:40-{40 + len(PASSAGE)}", f"herald/5:120-{120 + len(PASSAGE)}",
                         f"courier/9:0-{len(PASSAGE)}"}
    gazette = docs[f"gazette/2:40-{40 + len(PASSAGE)}"]
    assert gazette["identifiers"]["passim_cluster"] == "17" and gazette["identifiers"]["passim_id"] == "gazette/2"
    assert gazette["outlet"] == "gazette"
    with Store(db) as store:
        rows = passim_reuse_rows(list(store.documents()))
    assert {(r["source"].split(":")[0], r["target"].split(":")[0]) for r in rows} == {("gazette/2", "herald/5"),
                                                                                    ("gazette/2", "courier/9")}
    assert all(r["basis"][0]["kind"] == "passim-cluster" and r["confidence"] == 0.9 for r in rows)
    # crosswire's own reuse step finds the same copies, earliest first.
    assert cli("analyze").exit_code == 0
    with Store(db) as store:
        found = {(r["source"].split(":")[0], r["target"].split(":")[0]) for r in store.rows("reuse")}
        assert passim_reuse_rows(list(store.documents()), {(r["source"], r["target"]) for r in store.rows("reuse")}) == []
    assert {("gazette/2", "herald/5"), ("gazette/2", "courier/9")} <= found


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def test_mediacloud_story_list_without_text(cli, db: str, tmp_path: Path):
    path = tmp_path / "stories.csv"
    _write_csv(path, ["stories_id", "publish_date", "title", "url", "language", "ap_syndicated", "themes",
                      "media_id", "media_name", "media_url"],
               [["2207341", "2023-11-13 09:15:00", "Dockworkers say they will stay out", "https://harborwire.example/a",
                 "en", "False", "", "1095", "Harbor Wire", "https://harborwire.example"],
                ["2207342", "2023-11-14 07:00:00", "", "https://coastal.example/b", "en", "False", "", "1096", "", ""]])
    result = cli("add", path)
    assert result.exit_code == 1 and "stories.csv:3: Media Cloud row without text or title" in result.output
    with Store(db) as store:
        [doc] = store.documents()
    assert doc.id == "mediacloud:2207341" and doc.text == "Dockworkers say they will stay out"
    assert doc.outlet == "Harbor Wire" and doc.published.startswith("2023-11-13") and doc.format == "csv"
    assert doc.identifiers == {"mediacloud_stories_id": "2207341", "mediacloud_media_id": "1095", "text_from": "title"}


def test_mediacloud_search_export_with_text(cli, db: str, tmp_path: Path):
    path = tmp_path / "search.csv"
    _write_csv(path, ["id", "indexed_date", "language", "media_name", "media_url", "publish_date", "title", "url", "text"],
               [["abc123", "2023-11-14", "en", "", "https://coastal.example", "2023-11-13", "Harbor stays closed",
                 "https://coastal.example/c", PASSAGE]])
    [doc] = added(cli, db, path).values()
    assert doc["id"] == "mediacloud:abc123" and doc["text"] == PASSAGE
    assert doc["outlet"] == "coastal.example" and "text_from" not in doc["identifiers"]


def test_other_csv_files_stay_text(cli, db: str, tmp_path: Path):
    path = tmp_path / "notes.csv"
    path.write_text("speaker,quote\nJane Roe,We will not kneel\n", encoding="utf-8")
    [doc] = added(cli, db, path).values()
    assert doc["format"] == "text" and "Jane Roe" in doc["text"]


def test_json_ld_news_article_in_a_saved_page(cli, db: str, tmp_path: Path):
    article = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Not the outlet"},
        {"@type": "NewsArticle", "headline": "Harbor stays closed, elders say", "datePublished": "2023-11-13T09:15:00Z",
         "publisher": {"@type": "Organization", "name": "Harbor Wire"}, "author": {"@type": "Person", "name": "Jane Roe"},
         "articleBody": PASSAGE}]}
    path = tmp_path / "page.html"
    path.write_text(f"""<!DOCTYPE html><html><head><title>page</title>
<script type="application/ld+json">{json.dumps(article)}</script></head>
<body><nav>Home | World</nav><article><h1>Harbor stays closed, elders say</h1><p>{PASSAGE}</p></article></body></html>""",
                    encoding="utf-8")
    [doc] = added(cli, db, path).values()
    assert doc["title"] == "Harbor stays closed, elders say" and doc["outlet"] == "Harbor Wire"
    assert doc["published"].startswith("2023-11-13") and PASSAGE in doc["text"]
    assert any(d["origin"] == "html-meta" and d["where"] == "json-ld datePublished" for d in doc["dates"])
