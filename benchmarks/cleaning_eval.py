"""Cleaning accuracy on hand-written page copies: precision and recall of the kept body lines.

Each fixture is the plain text of a web page as a user would paste it; a line marked "+" is
body (headline, byline, dateline, paragraphs, transcript turns, credit lines), "-" is
boilerplate. The pages were written for this check (no outside text) and include hard cases
the cleaner is expected to miss: an unlabelled list of other headlines, sentence-case inserted
headlines, footer link rows.

    .venv/bin/python benchmarks/cleaning_eval.py [-v]
"""
from __future__ import annotations

import argparse

from crosswire.ingest.clean import clean_text

PAGES = {
    "article with furniture": """
- Skip to content
- Home | News | World | Politics | Opinion
+ Council Approves Riverside Housing Plan
+ By Amira Haddad
+ Published: 14 November 2023 | 10:02 GMT
- Share this: Facebook Twitter WhatsApp Email
+ The city council approved on Tuesday a plan to build eight hundred homes on the old riverside docks, ending a two-year dispute with residents.
- Photo: The disused docks on the east bank (Amira Haddad)
+ "This is the largest housing project the city has seen in a generation," the council leader told the chamber before the vote.
- Advertisement
+ Residents' groups said they would study the plan before deciding whether to challenge it in court.
+ Flood Risk Questions
+ Engineers warned that the riverside site would need new flood defences before any homes could be built there.
- Read more: Mayor promises cheaper bus fares
- Tags: housing, council, riverside
- Leave a Reply
- Your email address will not be published. Required fields are marked *
- Post Comment
""",
    "inserted headlines": """
+ Ministers Defend Hospital Budget
+ Nov 10, 2023
+ The health minister defended the hospital budget on Friday, saying spending on emergency care would rise by a tenth next year.
- Ten Gadgets That Changed Summer Travel
+ Doctors' unions said the increase would not cover the cost of hiring the nurses that emergency departments need.
- Celebrity Chef Opens Seaside Restaurant
+ The minister said hospital managers would be given more freedom to decide how the budget is spent.
- Best budget phones of the year
+ Opposition members called for an independent review of waiting times before the spending plans are approved.
""",
    "television transcript": """
+ Clip No. 4312
+ Duration: 03:15
+ Source: Channel 9 TV - "Evening Debate"
+ Host: Good evening. Tonight we discuss the water shortage in the south.
+ Jane Roe: Thank you. The reservoirs are at their lowest level in forty years.
+ Host: Who is to blame?
+ Jane Roe: Successive governments that ignored the leaking pipes.
- Click here to view the video
- Support independent journalism. Donate today.
""",
    "wire story": """
- Menu
- Search
+ Port Strike Enters Second Week
+ GENOA (Reuters) - Dock workers extended their strike into a second week on Monday after talks with port operators broke down over pay.
+ "We will stay out until the offer reflects the cost of living," a union spokesman said outside the port gates.
+ Operators said the strike had left more than forty ships waiting at anchor off the coast.
- Related: Shipping rates climb as ports clog
- We use cookies to improve your experience on our site. By continuing to browse you agree to our cookie policy.
- Accept all cookies
- © 2023 Example Media Group. All rights reserved.
""",
    "republished blog post": """
+ Why The Library Cuts Matter
+ Posted on March 3, 2023 by Tomás Ortega
+ Three branch libraries will close on Saturdays from next month, the council said in a statement on Thursday.
+ The council said the closures would save money needed for adult social care.
+ Readers told us the Saturday opening was the only time they could bring their children.
+ This article first appeared on Coastal Daily.
- Subscribe to our newsletter
- Become a member and support our work
- 3 Comments
- Anne Smith: I can't believe they are doing this.
- Reply
- Tom: Terrible news for families.
""",
    "hard cases": """
+ Bridge Repairs To Close Main Road
+ The main road bridge will close for six weeks from Monday while engineers repair its supports, the transport department said.
- Most Popular
- Five Ways To Save On Your Energy Bill
- Local Team Wins Cup Final
+ Drivers were advised to use the ring road, which the department said would add about ten minutes to most journeys.
- About us Contact us Careers Privacy policy
- Newsletters
""",
}


def parse(page: str) -> tuple[str, list[tuple[str, bool]]]:
    lines = [(line[2:], line[0] == "+") for line in page.strip("\n").split("\n")]
    return "\n".join(text for text, _ in lines), lines


def evaluate(verbose: bool) -> None:
    tp = fp = fn = 0
    print(f"{'page':<26} {'body':>5} {'kept':>5} {'P':>6} {'R':>6}")
    for name, page in PAGES.items():
        text, lines = parse(page)
        kept = set(clean_text(text).text.split("\n"))
        page_tp = sum(1 for line, body in lines if body and line in kept)
        page_fp = sum(1 for line, body in lines if not body and line in kept)
        page_fn = sum(1 for line, body in lines if body and line not in kept)
        tp, fp, fn = tp + page_tp, fp + page_fp, fn + page_fn
        body_lines = page_tp + page_fn
        print(f"{name:<26} {body_lines:>5} {page_tp + page_fp:>5} {page_tp / max(page_tp + page_fp, 1):6.3f} {page_tp / max(body_lines, 1):6.3f}")
        if verbose:
            for line, body in lines:
                if body != (line in kept):
                    print(f"    {'missed body' if body else 'kept boilerplate'}: {line}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"{'all':<26} {tp + fn:>5} {tp + fp:>5} {precision:6.3f} {recall:6.3f}  F1 {2 * precision * recall / (precision + recall):.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong line")
    evaluate(parser.parse_args().verbose)
