"""Monitoring throughput: pages/s through safe fetch + extraction + ingest against a local server.

Serves a sitemap of N seeded synthetic news pages (3-5 KB of English words with a quote, nav
and footer) from an HTTP server on 127.0.0.1, then times one ``Watcher.run_once`` round over
it: robots.txt, per-host rate limit (0 here, to measure our own cost), one safe GET per page
(address check, pinned connection, streamed body), trafilatura cleaning, per-document
extraction and the SQLite insert; separately the cross-document steps and alert detection
that end the round. Only 127.0.0.1 is contacted.

    .venv/bin/python benchmarks/fetch.py --n 200
"""
from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crosswire.monitor.config import config_from_dict
from crosswire.monitor.watch import Watcher
from crosswire.store.sqlite import Store

WORDS = ("minister council government party election vote budget plan railway station town city people workers "
         "union police court judge report week month year policy prices energy water school hospital country "
         "the a of to in and on for with that was said would could after before during about against from new").split()
NAMES = ["Jane Roe", "John Doe", "Amira Haddad", "Grace Mensah"]


def synthetic_page(rng: random.Random, n: int) -> bytes:
    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
        return " ".join(words).capitalize() + "."

    paragraphs = [" ".join(sentence() for _ in range(4)) for _ in range(rng.randint(5, 8))]
    quote = f'"{sentence()[:-1]}," said {rng.choice(NAMES)} on Monday.'
    paragraphs.insert(2, quote)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>Report {n}</title><meta name='date' content='2024-03-{1 + n % 28:02d}'></head><body>"
            f"<nav>Home | World | Politics</nav><article><h1>Report {n}</h1>{body}</article>"
            "<footer>About us | Contact us | Privacy policy</footer></body></html>").encode()


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            kind = "application/xml" if self.path.endswith(".xml") else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind if body is not None else "text/plain")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="pages in the sitemap")
    args = parser.parse_args()
    rng = random.Random(7)
    pages = {f"/news/{i}": synthetic_page(rng, i) for i in range(args.n)}
    httpd = serve(pages)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    pages["/sitemap.xml"] = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                             + "".join(f"<url><loc>{base}{p}</loc></url>" for p in list(pages)) + "</urlset>").encode()
    pages["/robots.txt"] = b"User-agent: *\nAllow: /\n"
    config = config_from_dict({
        "options": {"allow_private_addresses": ["127.0.0.1/32"], "rate_limit": 0, "max_items_per_poll": args.n},
        "feeds": [{"url": f"{base}/sitemap.xml", "outlet": "Synthetic Times", "interval": "1h"}],
        "watch": {"people": ["Jane Roe"]},
    })
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        watcher = Watcher(store, config, echo=lambda line: None)
        link_and_alert = watcher._link_and_alert
        timings: dict[str, float] = {}

        def timed_link(report):  # noqa: ANN001 - the round's report
            started = time.perf_counter()
            link_and_alert(report)
            timings["link+alerts"] = time.perf_counter() - started

        watcher._link_and_alert = timed_link  # type: ignore[method-assign]
        started = time.perf_counter()
        report = watcher.run_once()
        total = time.perf_counter() - started
        fetch_ingest = total - timings["link+alerts"]
        watcher.close()
    httpd.shutdown()
    size = sum(len(b) for p, b in pages.items() if p.startswith("/news/")) / args.n
    print(f"pages: {args.n} (avg {size / 1024:.1f} KB), added: {len(report.added)}, errors: {len(report.errors)}")
    print(f"fetch + extract + ingest: {fetch_ingest:.2f} s, {args.n / fetch_ingest:.1f} pages/s")
    print(f"cross-document steps + alerts: {timings['link+alerts']:.2f} s ({len(report.alerts)} alerts)")
    print(f"whole round: {total:.2f} s, {args.n / total:.1f} pages/s")


if __name__ == "__main__":
    main()
