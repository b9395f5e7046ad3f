"""Markdown in practices keeps no script, event handler or javascript: link; titles stay text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from practices.markdown import render_markdown
from practices.models import Practice

# An on...= attribute inside a tag; escaped text such as "&lt;img onerror=" is harmless.
EVENT_HANDLER_IN_TAG = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)

ATTACKS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=\"alert('x')\">",
    '<a href="#" onclick="alert(\'x\')">click</a>',
    "[click](javascript:alert('x'))",
    "<a href=\"JaVaScRiPt:alert('x')\">click</a>",
    "<a href=\"&#106;avascript:alert('x')\">click</a>",
    "<svg onload=\"alert('x')\"></svg>",
    '<iframe src="https://example.org"></iframe>',
    "<style>body{display:none}</style>",
    "<p style=\"background:url(javascript:alert('x'))\">text</p>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_removes_attack(attack: str) -> None:
    html = str(render_markdown(f"Before\n\n{attack}\n\nAfter"))

    assert "<script" not in html.lower()
    assert "onerror" not in html.lower()
    assert "onclick" not in html.lower()
    assert "onload" not in html.lower()
    assert "javascript:" not in html.lower()
    assert "<iframe" not in html.lower()
    assert "<style" not in html.lower()
    assert "style=" not in html.lower()
    assert "Before" in html
    assert "After" in html


def test_markdown_keeps_formatting_and_safe_links() -> None:
    html = str(
        render_markdown("**Bold** and *italics*\n\n- one\n- two\n\n[site](https://example.org)")
    )

    assert "<strong>Bold</strong>" in html
    assert "<em>italics</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.django_db
def test_detail_page_sanitizes_every_text(
    client: Client, make_practice: Callable[..., Practice]
) -> None:
    practice = make_practice(
        title_en="<b>Bold</b> <script>alert('title')</script>",
        what_was_done_en="<script>alert('done')</script>Done",
        outcomes_en="<img src=x onerror=alert('outcome')>Outcome",
        evidence_en="[proof](javascript:alert('evidence'))",
    )

    response = client.get(f"/en/practices/{practice.slug}/")
    body = response.content.decode()

    assert response.status_code == 200
    assert "<script>alert" not in body
    assert "<img" not in body
    assert not EVENT_HANDLER_IN_TAG.search(body)
    assert "javascript:" not in body
    assert "&lt;b&gt;Bold&lt;/b&gt;" in body
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in body


@pytest.mark.django_db
def test_title_html_escaped_in_list_feed_and_api(
    client: Client, make_practice: Callable[..., Practice]
) -> None:
    make_practice(title_en="<img src=x onerror=alert(1)>Title", summary_en="<script>x</script>")

    page = client.get("/en/practices/").content.decode()
    feed = client.get("/en/practices/feed/").content.decode()
    api = client.get("/api/v1/practices/").json()

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;Title" in page
    assert "<img src=x" not in feed
    assert "<script>x" not in feed
    assert api["results"][0]["title_en"] == "<img src=x onerror=alert(1)>Title"
