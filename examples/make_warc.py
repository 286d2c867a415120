"""Regenerate ``corpus/archive/crawl-2023-11.warc.gz``: one crawled news brief.

The archive holds a request record and the matching HTTP response (an HTML page from
the fictional Levant Observer). Record ids and dates are fixed so the output is the
same byte for byte on every run:  ``.venv/bin/python examples/make_warc.py``.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TARGET = Path(__file__).resolve().parent / "corpus" / "archive" / "crawl-2023-11.warc.gz"
URL = "https://levant-observer.example/news/2023/11/11/ncm-leader-we-will-not-kneel"
CRAWL_DATE = "2023-11-11T14:02:31Z"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NCM leader: \u201cWe do not seek war, but we will not kneel\u201d \u2013 Levant Observer</title>
<meta property="og:site_name" content="Levant Observer">
<meta property="og:url" content="https://levant-observer.example/news/2023/11/11/ncm-leader-we-will-not-kneel">
<meta property="article:published_time" content="2023-11-11T13:30:00+02:00">
</head>
<body>
<nav><a href="/">Levant Observer</a> &middot; <a href="/news/">News</a> &middot; <a href="/briefs/">Briefs</a> &middot; <a href="/about/">About</a></nav>
<article>
<h1>NCM leader: \u201cWe do not seek war, but we will not kneel\u201d</h1>
<p class="meta">News brief &middot; 11.11.2023, 13:30</p>
<p>The leader of the Northern Coast Movement, Sheikh Mohammad al-Rashidi, has said the movement does not want a confrontation with the ministry but will not give up its demands, in a video interview published this week by Coastline TV.</p>
<p>\u201cWe do not seek war, but we will not kneel,\u201d al-Rashidi said in the interview. He called on the movement\u2019s young supporters to stay united and ended with the words: \u201cVictory belongs to those who wait with open eyes.\u201d</p>
<p>An NCM delegation was due to meet the Council of Southern Elders in Vienna on Saturday.</p>
<p class="credit">Translation via Meridian Media Watch.</p>
</article>
<footer>&copy; Levant Observer</footer>
</body>
</html>
"""


def build(target: Path = TARGET) -> Path:
    """Write the archive and return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    body = PAGE.encode("utf-8")
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        request_headers = StatusAndHeaders(
            "GET /news/2023/11/11/ncm-leader-we-will-not-kneel HTTP/1.1",
            [("Host", "levant-observer.example"), ("User-Agent", "crosswire-example-crawler/1.0"),
             ("Accept", "text/html")],
            is_http_request=True,
        )
        request = writer.create_warc_record(
            URL, "request", payload=BytesIO(b""), http_headers=request_headers,
            warc_headers_dict={"WARC-Date": CRAWL_DATE,
                               "WARC-Record-ID": "<urn:uuid:6f1c2a8e-0b7d-4c52-9a61-4312a0010877>"},
        )
        response_headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
             ("Date", "Sat, 11 Nov 2023 14:02:31 GMT")],
            protocol="HTTP/1.1",
        )
        response = writer.create_warc_record(
            URL, "response", payload=BytesIO(body), http_headers=response_headers,
            warc_headers_dict={"WARC-Date": CRAWL_DATE,
                               "WARC-Record-ID": "<urn:uuid:6f1c2a8e-0b7d-4c52-9a61-4312a0010878>",
                               "WARC-Concurrent-To": "<urn:uuid:6f1c2a8e-0b7d-4c52-9a61-4312a0010877>"},
        )
        writer.write_record(request)
        writer.write_record(response)
    return target


if __name__ == "__main__":
    print(build())
