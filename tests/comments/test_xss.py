"""Hostile input in every reader-controlled field comes out inert: in the
article page, in the re-rendered form, and in the comment feeds."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from comments.models import Comment
from comments.text import render_comment
from tests.comments.conftest import make_comment

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)" onclick="alert(1)">x</a>',
    '<svg/onload=alert(1)>',
    '"><script>alert(1)</script>',
    "<style>body{display:none}</style>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<iframe src=https://evil.example/></iframe>",
    '<blockquote onmouseover="alert(1)">q</blockquote>',
    "<<script>script>alert(1)<</script>/script>",
    '<a href="https://ok.example/" style="position:fixed">x</a>',
]

FORBIDDEN_TAGS = {"script", "style", "iframe", "svg", "object", "embed", "math", "base", "form", "meta"}
AVATAR = re.compile(r"^https://www\.gravatar\.com/avatar/[0-9a-f]{32}\?")


class ActiveContent(HTMLParser):
    """Collects what a browser would act on: forbidden elements, event
    handlers, inline styles, script URLs, and any image but our avatars.
    Escaped text (``&lt;script&gt;``) is only text and is not collected."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.found.append(tag)
        if tag == "img" and not AVATAR.match(attrs.get("src") or ""):
            self.found.append(f"img {attrs.get('src')}")
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and not value.startswith(("http://", "https://", "/", "?", "#")):
                self.found.append(f"{tag} {name}={value}")


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def comment_section(html):
    start = html.index('<section id="comments"')
    return html[start:html.index("</section>", start)]


def test_checker_sees_what_a_browser_would_run():
    assert active_content('<img src=x onerror="alert(1)"><a href="javascript:x">y</a><p style="x">') == [
        "img x", "img src=x", "img onerror", "a href=javascript:x", "p style",
    ]
    assert active_content("&lt;script&gt;alert(1)&lt;/script&gt;") == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_text_is_sanitised(payload):
    assert active_content(render_comment(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_field_is_inert_on_the_page(article, payload):
    make_comment(article, user_name=payload[:50], comment=payload, user_url="javascript:alert(1)")
    section = comment_section(Client().get(article.get_absolute_url()).content.decode())
    assert active_content(section.split('<div id="respond"')[0]) == []


def test_javascript_website_is_not_linked(article):
    make_comment(article, user_name="Mallory", user_url="javascript:alert(document.cookie)")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in page
    assert '<b class="comment-author">Mallory</b>' in page


def test_payload_in_name_is_escaped_in_reply_heading(article):
    parent = make_comment(article, user_name='"><script>x()</script>')
    page = Client().get(f"{article.get_absolute_url()}?replytocom={parent.pk}").content.decode()
    assert "<script>x()" not in page
    assert "Leave a Reply to &quot;&gt;&lt;script&gt;x()&lt;/script&gt;" in page


def test_payload_kept_in_form_after_an_error_is_escaped(article, discussion, no_akismet, post_comment):
    payload = "</textarea><script>alert(1)</script>"
    response = post_comment(article, comment=payload, email="")
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in page
    assert not Comment.objects.exists()


def test_website_field_refuses_javascript_scheme(article, discussion, no_akismet, post_comment):
    response = post_comment(article, url="javascript:alert(1)")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_feed_carries_no_script(article, client):
    make_comment(article, user_name="<script>n()</script>", comment="<script>alert(1)</script><em>fine</em>")
    body = client.get("/comments/feed/").content.decode()
    assert "<script>" not in body
    assert "&lt;em&gt;fine&lt;/em&gt;" in body
