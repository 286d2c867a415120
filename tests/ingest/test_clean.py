"""Cleaning of plain text copied from web pages, and of HTML pages: exact text, audited removals."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.ingest.clean import boilerplate_reason, clean_text
from crosswire.ingest.pipeline import build_document
from crosswire.model import RawRecord

PAGE = """Home | World | Politics
Minister Promises Rail Upgrade For Northern Towns
By Jane Roe
Nov 10, 2023
Share this: Facebook Twitter WhatsApp

The transport minister promised on Friday a rail upgrade for northern towns, saying  the line would be finished “before the next election”.

Photo: Commuters wait on a platform (Jane Roe)
(Image: the station at dawn)
Image credit: Northern Wire

"We will deliver this railway on time and on budget," the minister told reporters at the station.
Ten Gadgets That Changed Summer Travel
Critics said the railway promise had been made three times before and never delivered.

Railway Funding Questions
Opposition members asked where the railway money would come from, and whether the budget for northern towns was new.

Read more: Budget row deepens in parliament
Related: Councils Warn Over Bus Cuts
See also
Click here to view the video
Advertisement
We use cookies to improve your experience. By continuing to browse you accept our cookie policy.
Support independent journalism. Donate today.
Subscribe to our newsletter
Tags: rail, transport, northern towns
Originally published by The Northern Example.
Leave a Reply
Your email address will not be published. Required fields are marked *
Post Comment
"""

BODY = """Minister Promises Rail Upgrade For Northern Towns
By Jane Roe
Nov 10, 2023

The transport minister promised on Friday a rail upgrade for northern towns, saying  the line would be finished “before the next election”.

"We will deliver this railway on time and on budget," the minister told reporters at the station.
Critics said the railway promise had been made three times before and never delivered.

Railway Funding Questions
Opposition members asked where the railway money would come from, and whether the budget for northern towns was new.

Originally published by The Northern Example."""


def test_plain_text_page_keeps_body_exactly_and_audits_every_dropped_line() -> None:
    cleaned = clean_text(PAGE)
    assert cleaned.text == BODY
    assert cleaned.title == "Minister Promises Rail Upgrade For Northern Towns"
    assert [(r["text"], r["reason"]) for r in cleaned.removed] == [
        ("Home | World | Politics", "navigation"),
        ("Share this: Facebook Twitter WhatsApp", "share"),
        ("Photo: Commuters wait on a platform (Jane Roe)", "caption"),
        ("(Image: the station at dawn)", "caption"),
        ("Image credit: Northern Wire", "caption"),
        ("Ten Gadgets That Changed Summer Travel", "inserted-headline"),
        ("Read more: Budget row deepens in parliament", "read-more"),
        ("Related: Councils Warn Over Bus Cuts", "read-more"),
        ("See also", "read-more"),
        ("Click here to view the video", "video-prompt"),
        ("Advertisement", "advertisement"),
        ("We use cookies to improve your experience. By continuing to browse you accept our cookie policy.", "cookie"),
        ("Support independent journalism. Donate today.", "donate"),
        ("Subscribe to our newsletter", "subscribe"),
        ("Tags: rail, transport, northern towns", "tags"),
        ("Leave a Reply", "comments"),
        ("Your email address will not be published. Required fields are marked *", "comments"),
        ("Post Comment", "comments"),
    ]
    assert cleaned.removed[0]["line"] == 1


def test_comment_thread_after_the_form_is_dropped() -> None:
    text = ("The council voted to close the library on Saturdays, a decision the mayor said was forced by cuts.\n"
            "3 Comments\nAnne Smith: I can't believe they did this.\nReply\nTom: Terrible news for readers.")
    cleaned = clean_text(text)
    assert cleaned.text == "The council voted to close the library on Saturdays, a decision the mayor said was forced by cuts."
    assert [r["reason"] for r in cleaned.removed] == ["comments"] * 4


def test_inserted_headline_goes_but_a_related_subheading_stays() -> None:
    text = (
        "The president defended the trade agreement in a speech to factory workers in Ohio on Tuesday.\n\n"
        "Celebrity Chef Opens Seaside Restaurant\n\n"
        "He said the agreement would protect factory jobs and raise wages for workers across the state.\n\n"
        "Trade Deal Faces Senate Vote\n\n"
        "The agreement still needs approval in the Senate, where the trade deal faces opposition from both parties."
    )
    cleaned = clean_text(text)
    assert cleaned.text == text.replace("Celebrity Chef Opens Seaside Restaurant\n\n", "")
    assert cleaned.removed == [{"text": "Celebrity Chef Opens Seaside Restaurant", "reason": "inserted-headline", "line": 3}]


def test_transcript_turns_are_kept_intact() -> None:
    text = (
        "Clip No. 4312\nDuration: 03:15\n\n"
        "Host: Welcome back. Tonight we talk about the water crisis.\n"
        "Jane Roe: Thank you. The reservoirs are at their lowest level in forty years.\n"
        "Host: What should the government do?\n"
        "Jane Roe: Fix the pipes first. Half the water is lost before it reaches a tap."
    )
    assert clean_text(text).text == text
    assert clean_text(text).removed == []


def test_line_endings_and_blank_runs_are_normalised_but_line_content_is_not() -> None:
    text = "\ufeffHeadline Here\r\n\r\n\r\n\r\n  Indented “quote”  with  spaces.   \r\nNext line.\rLast line.\n\n\n"
    assert clean_text(text).text == "Headline Here\n\n  Indented “quote”  with  spaces.\nNext line.\nLast line."


def test_body_sentences_that_mention_boilerplate_words_stay() -> None:
    for line in (
        "Please support the motion, the speaker said to the chamber on Thursday night.",
        "The newsletter was sent to all four hundred members of the association in March, the chairman said.",
        "Home Secretary Jane Roe said the border would stay open.",
        "Source: a senior official who asked not to be named because the talks were private said the deal was close.",
        "The bakery said its cookie sales rose after customers began to accept card payments.",
        "Donate to the campaign, the candidate urged supporters.",
    ):
        assert boilerplate_reason(line) is None, line


def test_a_list_of_other_headlines_under_a_label_and_footer_links_are_dropped() -> None:
    body = ("The bridge will close for six weeks from Monday while engineers repair its supports, the department said.\n"
            "Drivers were advised to use the ring road, which adds about ten minutes to most journeys.")
    first, second = body.split("\n")
    text = f"{first}\nMost Popular\nFive Ways To Save On Your Energy Bill\nLocal team wins cup final\n{second}\nAbout us Contact us Careers Privacy policy"
    cleaned = clean_text(text)
    assert cleaned.text == body
    assert [(r["text"], r["reason"]) for r in cleaned.removed] == [
        ("Most Popular", "read-more"),
        ("Five Ways To Save On Your Energy Bill", "read-more"),
        ("Local team wins cup final", "read-more"),
        ("About us Contact us Careers Privacy policy", "footer"),
    ]


def test_title_is_the_first_line_unless_it_is_a_byline_or_a_date() -> None:
    assert clean_text("Bridge Repairs To Close Main Road\nBy Jane Roe\nThe bridge will close.").title == "Bridge Repairs To Close Main Road"
    assert clean_text("Nov 10, 2023\nThe bridge will close.").title is None
    assert clean_text("By Jane Roe\nThe bridge will close.").title is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "", "Home | World | Politics", "Advertisement", "Ten Gadgets That Changed Summer Travel",
    "The minister said the plan would work, and the crowd cheered loudly at the rally.",
    "Host: Good evening.", "  spaced  line  ", "Leave a Reply", "Read more: x", "Tags: a, b",
    "Nov 10, 2023", "Originally published by X.", "Rail Plan Questions", "(Image: y)", "#tag #other",
]), max_size=25))
def test_every_kept_line_is_an_input_line_in_order(lines: list[str]) -> None:
    cleaned = clean_text("\n".join(lines))
    kept = [line for line in cleaned.text.split("\n") if line]
    source = [line.rstrip() for line in lines if line.strip()]
    it = iter(source)
    assert all(any(line == s for s in it) for line in kept)
    assert len(kept) + len(cleaned.removed) == len(source)


def test_huge_single_line_is_cleaned_quickly() -> None:
    text = "word " * 2_000_000  # 10 MB, no newline
    started = time.perf_counter()
    doc = build_document(RawRecord(source="big.txt", content=text))
    assert time.perf_counter() - started < 5
    assert len(doc.text) == len(text) - 1
    html = f"<html><body><p>{text}</p></body></html>"  # libxml2 drops a text node this big
    started = time.perf_counter()
    doc = build_document(RawRecord(source="big.html", content=html, is_html=True, format="html"))
    assert time.perf_counter() - started < 10
    assert len(doc.text) == len(text) - 1


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Mayor Opens Flood Defences | The Riverside Courier</title>
<meta property="og:site_name" content="The Riverside Courier">
<meta property="og:title" content="Mayor opens flood defences">
<meta property="article:published_time" content="2023-11-13T09:15:00+00:00">
<link rel="canonical" href="https://courier.example/2023/11/12/mayor-opens-flood-defences/">
</head><body>
<header><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></header>
<nav><ul><li>World</li><li>Politics</li><li>Business</li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article>
<h1>Mayor opens new flood defences</h1>
<p>The mayor opened the new flood defences on the river on Monday, saying the town would finally be safe from winter storms that had flooded homes three years running.</p>
<p>"This wall protects four hundred homes and the high street," the mayor told residents gathered at the riverbank for the opening ceremony.</p>
<p>Read more: Council approves new budget</p>
<p>Engineers said the defences had been tested against a flood level higher than the record set in the storm of the previous decade.</p>
</article>
<footer>Copyright 2023 The Riverside Courier. All rights reserved. Contact us | Privacy</footer>
<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form><p>Great news for the town!</p></div>
</body></html>"""


def test_furniture_whose_text_is_in_the_body_is_not_listed_as_removed() -> None:
    paragraph = ("The commentary in the weekend papers focused on the budget vote, which the government won by "
                 "only three votes after a long night of debate in the chamber.")
    html = f"<html><body><div class='commentary'><p>{paragraph}</p></div></body></html>"
    doc = build_document(RawRecord(source="c.html", content=html, is_html=True, format="html"))
    assert doc.text == paragraph
    assert doc.removed == []


def test_html_page_drops_nav_footer_cookie_banner_and_comments() -> None:
    doc = build_document(RawRecord(source="page.html", content=HTML_PAGE, is_html=True, format="html"))
    assert doc.text == (
        "Mayor opens new flood defences\n\n"
        "The mayor opened the new flood defences on the river on Monday, saying the town would finally be safe "
        "from winter storms that had flooded homes three years running.\n\n"
        "\"This wall protects four hundred homes and the high street,\" the mayor told residents gathered at the "
        "riverbank for the opening ceremony.\n\n"
        "Engineers said the defences had been tested against a flood level higher than the record set in the storm "
        "of the previous decade."
    )
    assert doc.title == "Mayor opens flood defences"
    assert doc.outlet == "The Riverside Courier"
    assert doc.url == "https://courier.example/2023/11/12/mayor-opens-flood-defences/"
    assert doc.published == "2023-11-13T09:15:00+00:00"
    assert doc.removed == [
        {"text": "Home | News | Sport", "reason": "html-boilerplate", "element": "header"},
        {"text": "World Politics Business", "reason": "html-boilerplate", "element": "nav"},
        {"text": "We use cookies to improve your experience. Accept all cookies", "reason": "html-boilerplate", "element": "div"},
        {"text": "Copyright 2023 The Riverside Courier. All rights reserved. Contact us | Privacy",
         "reason": "html-boilerplate", "element": "footer"},
        {"text": "Leave a Reply Great news for the town!", "reason": "html-boilerplate", "element": "div"},
        {"text": "Read more: Council approves new budget", "reason": "read-more"},
    ]


def test_broken_html_with_unclosed_tags_still_gives_its_text() -> None:
    html = ("<html><body><div><p>Harbour Strike Continues<p>The union said workers would stay out until Friday, "
            "after talks with the port owners collapsed on Tuesday night.<div>Read more: Port owners respond")
    doc = build_document(RawRecord(source="broken.html", content=html, is_html=True, format="html"))
    assert doc.text == ("Harbour Strike Continues\n\nThe union said workers would stay out until Friday, "
                        "after talks with the port owners collapsed on Tuesday night.")
    assert doc.removed == [{"text": "Read more: Port owners respond", "reason": "read-more"}]


def test_page_trafilatura_cannot_use_falls_back_to_plain_text() -> None:
    # trafilatura takes the only block for a comment section and returns nothing
    html = ("<html><head><script>var x = 1;</script></head><body><nav>Home</nav>"
            "<div class='comments'><p>Tiny note.</p></div></body></html>")
    doc = build_document(RawRecord(source="tiny.html", content=html, is_html=True, format="html"))
    assert doc.text == "Tiny note."
    assert {"text": "<trafilatura found no article: plain text of the page used>", "reason": "html-fallback"} in doc.removed


def test_site_name_above_the_headline_becomes_the_outlet():
    page = ("Harbour Evening Post\n\nFerry Service Resumes After Storm Repairs\n\n"
            "The island ferry sailed again on Tuesday after three weeks of repairs to the pier.\n")
    cleaned = clean_text(page)
    assert cleaned.outlet == "Harbour Evening Post"
    assert cleaned.title == "Ferry Service Resumes After Storm Repairs"
    assert cleaned.text.startswith("Ferry Service Resumes")
    assert {"text": "Harbour Evening Post", "reason": "masthead", "line": 1} in cleaned.removed


def test_a_short_headline_over_a_paragraph_is_not_a_masthead():
    cleaned = clean_text("Strike Ends\n\nDockworkers returned to work on Monday after a deal on wages.\n")
    assert cleaned.outlet is None and cleaned.title == "Strike Ends"


@pytest.mark.parametrize("byline_html,meta", [
    ("<div class='meta'>By Jane Roe | Monday 13 November 2023 - 09:15</div>", ""),
    ("", '<meta name="author" content="Jane Roe">'),
    ("", '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour strike ends",'
         ' "author": {"@type": "Person", "name": "Jane Roe"}}</script>'),
])
def test_the_byline_is_kept_after_the_headline(byline_html: str, meta: str) -> None:
    body = ("<p>The dockworkers' strike ended on Friday after the port owners agreed to a new pay scale, "
            "the union said in a statement read outside the terminal gates.</p>\n"
            "<p>Ships that waited for a week at anchor began to unload on Saturday morning, and agents said "
            "the backlog would clear within days.</p>\n"
            "<p>The city council, which had offered to host talks, welcomed the agreement.</p>\n")
    html = (f"<html><head><title>Harbour strike ends</title>{meta}</head><body><div class='story'>\n"
            f"<h1>Harbour strike ends</h1>\n{byline_html}\n{body}</div></body></html>")
    doc = build_document(RawRecord(source="b.html", content=html, is_html=True, format="html"))
    assert doc.text.startswith("Harbour strike ends\n\nBy Jane Roe\n\nThe dockworkers' strike ended")
    assert doc.text.count("Jane Roe") == 1


def test_a_body_sentence_starting_with_by_is_not_a_byline() -> None:
    html = ("<html><body><article><h1>Harbour strike ends</h1><p>By Friday the strike was over, the union "
            "said, and the ships waiting at anchor began to unload their containers.</p></article></body></html>")
    doc = build_document(RawRecord(source="nb.html", content=html, is_html=True, format="html"))
    assert doc.text.count("By Friday") == 1 and "\n\nBy Friday\n\n" not in doc.text
