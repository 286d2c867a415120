"""Ingest throughput: plain-text and HTML news pages through the real ingest path.

Writes N seeded synthetic articles (English words, 3-5 KB, with the boilerplate of pages
copied from the web: navigation, share and cookie lines, captions, an inserted headline, a
comment form) as .txt files and N as .html pages with nav/footer/meta/JSON-LD to a temp
folder, then times ``crosswire.ingest.ingest_paths`` over each folder, and separately
``crosswire.open(db).add`` (ingest + per-document extraction + SQLite) over a subset.

    .venv/bin/python benchmarks/ingest.py --n 1000
"""
from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import crosswire
from crosswire.ingest import ingest_paths
from crosswire.model import Document

WORDS = (
    "minister council government party election vote budget plan railway station town city people workers union "
    "police court judge report week month year today policy rates prices energy water school hospital country "
    "leader official opposition parliament spokesman statement talks deal agreement border security support "
    "protest crowd river storm flood defences mayor residents business market bank company jobs wages tax "
    "the a of to in and on for with that was said would could after before during about against from new "
    "first last three several many most more other public local national foreign"
).split()
NAMES = ["Jane Roe", "John Doe", "Amira Haddad", "Tomás Ortega", "Li Wei", "Grace Mensah"]
OUTLETS = ["The Northern Example", "Riverside Courier", "Coastal Daily", "Harbour News"]
BOILERPLATE_TOP = ["Home | World | Politics | Business | Sport", "Share this: Facebook Twitter WhatsApp Email"]
BOILERPLATE_BOTTOM = [
    "Read more: Council approves new budget after long debate",
    "Advertisement",
    "We use cookies to improve your experience. By continuing to browse you accept our cookie policy.",
    "Support independent journalism. Donate today.",
    "Tags: politics, budget, council",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Post Comment",
]
INSERTED = ["Ten Gadgets That Changed Summer Travel", "Celebrity Chef Opens Seaside Restaurant", "Best Hiking Boots Reviewed"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    text = " ".join(words)
    if rng.random() < 0.3:
        return f'"{text[0].upper()}{text[1:]}," {rng.choice(NAMES)} said.'
    return f"{text[0].upper()}{text[1:]}."


def article(rng: random.Random, i: int) -> tuple[str, list[str], str]:
    """Headline, body paragraphs and a dateline of one synthetic article of about 4 KB."""
    headline = " ".join(w.capitalize() for w in rng.sample(WORDS[:60], 6))
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(6, 10))]
    dateline = f"{rng.randint(1, 28)} {rng.choice(['March', 'July', 'November'])} 2023 | {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} GMT"
    return headline, paragraphs, dateline


def plain_page(rng: random.Random, i: int) -> str:
    headline, paragraphs, dateline = article(rng, i)
    paragraphs = list(paragraphs)
    paragraphs.insert(len(paragraphs) // 2, rng.choice(INSERTED))
    paragraphs.insert(2, "Photo: Residents gather at the riverbank (Jane Roe)")
    lines = [*BOILERPLATE_TOP, headline, f"By {rng.choice(NAMES)}", dateline, "", *("\n\n".join(paragraphs).split("\n")),
             "", f"Originally published by {rng.choice(OUTLETS)}.", *BOILERPLATE_BOTTOM]
    return "\n".join(lines) + "\n"


def html_page(rng: random.Random, i: int) -> str:
    headline, paragraphs, dateline = article(rng, i)
    outlet = rng.choice(OUTLETS)
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>{headline} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{headline}">
<meta property="article:published_time" content="2023-11-{1 + i % 28:02d}T09:15:00Z">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{headline}", "datePublished": "2023-11-{1 + i % 28:02d}", "publisher": {{"name": "{outlet}"}}}}</script>
</head><body><header><a href="/">Home</a> | <a href="/world">World</a> | <a href="/politics">Politics</a></header>
<nav><ul><li>News</li><li>Sport</li><li>Business</li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>{headline}</h1><p class="byline">By {rng.choice(NAMES)}</p><time>{dateline}</time>
{body}
<p>Read more: Council approves new budget after long debate</p></article>
<aside class="related"><h3>Most read</h3><ul><li>{rng.choice(INSERTED)}</li></ul></aside>
<footer>Copyright 2023 {outlet}. All rights reserved.</footer>
<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea><button>Post Comment</button></form></div>
</body></html>"""


def write_corpus(folder: Path, n: int, suffix: str, make, seed: int) -> int:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    total = 0
    for i in range(n):
        data = make(rng, i).encode("utf-8")
        (folder / f"doc{i:06d}{suffix}").write_bytes(data)
        total += len(data)
    return total


def time_ingest(folder: Path) -> tuple[int, int, float]:
    started = time.perf_counter()
    docs = errors = 0
    for item in ingest_paths([folder]):
        if isinstance(item, Document):
            docs += 1
        else:
            errors += 1
    return docs, errors, time.perf_counter() - started


def report(label: str, docs: int, errors: int, seconds: float, size: int) -> None:
    print(f"{label:<28} {docs:>6} docs {errors:>3} errors {seconds:7.2f} s {docs / seconds:8.1f} docs/s "
          f"{size / seconds / 1e6:6.2f} MB/s (input {size / max(docs, 1) / 1000:.1f} KB/doc)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="documents of each kind (text, HTML)")
    parser.add_argument("--store-n", type=int, default=100, help="text documents added through crosswire.open(db).add")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        text_bytes = write_corpus(root / "text", args.n, ".txt", plain_page, seed=1)
        html_bytes = write_corpus(root / "html", args.n, ".html", html_page, seed=2)
        report("ingest_paths, plain text", *time_ingest(root / "text"), text_bytes)
        report("ingest_paths, HTML", *time_ingest(root / "html"), html_bytes)
        if args.store_n:
            store_bytes = write_corpus(root / "store", args.store_n, ".txt", plain_page, seed=3)
            started = time.perf_counter()
            with crosswire.open(root / "bench.db") as cw:
                summary = cw.add([root / "store"])
            report("open(db).add, plain text", summary.added, summary.failed, time.perf_counter() - started, store_bytes)
    print(f"peak memory (ru_maxrss): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
