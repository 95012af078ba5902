"""comments.pings.sourcepage and comments.pings.targets: reading a linking page,
and deciding which of our articles a URL names."""

import httpx
import pytest

from comments.pings import sourcepage
from comments.pings.fetch import FetchResult
from comments.pings.targets import (
    ClosedTarget,
    UnknownTarget,
    accepting_article,
    article_for_url,
    same_url,
)
from tests.factories import make_article

FILLER_BEFORE = " ".join(f"before{i}" for i in range(40))
FILLER_AFTER = " ".join(f"after{i}" for i in range(40))


def page(html, url="http://other.example/post/", content_type="text/html; charset=utf-8"):
    return FetchResult(url, 200, httpx.Headers({"content-type": content_type}), html.encode(), False)


class TestUrlMatching:
    @pytest.mark.parametrize(
        "other",
        [
            "https://testserver/2024/05/01/post/",
            "http://TESTSERVER/2024/05/01/post",
            "http://testserver:80/2024/05/01/post/#comments",
            "http://testserver/2024/05/01/p%6Fst/",
        ],
    )
    def test_spellings_of_the_same_page_match(self, other):
        assert same_url("http://testserver/2024/05/01/post/", other)

    @pytest.mark.parametrize(
        "other",
        ["http://testserver/2024/05/01/post-2/", "http://evil.example/2024/05/01/post/", "mailto:a@b", ""],
    )
    def test_other_pages_do_not(self, other):
        assert not same_url("http://testserver/2024/05/01/post/", other)


class TestTargets:
    def test_a_published_article_is_found_from_its_permalink_however_spelt(self, article):
        url = "https://testserver" + article.get_absolute_url().rstrip("/") + "#respond"
        assert accepting_article(url) == article

    def test_a_url_that_is_not_an_article_is_unknown(self, db):
        for url in ("http://testserver/", "http://testserver/2024/01/01/nothing/", "http://elsewhere.example/x/"):
            with pytest.raises(UnknownTarget):
                accepting_article(url)

    def test_a_closed_article_refuses_pings(self, author):
        closed = make_article(author=author, allow_pingbacks=False)
        with pytest.raises(ClosedTarget):
            accepting_article(closed.get_full_url())

    def test_a_draft_is_unknown_like_a_missing_article(self, author):
        draft = make_article(author=author, status="draft")
        with pytest.raises(UnknownTarget):
            accepting_article(draft.get_full_url())
        assert article_for_url(draft.get_full_url()) == draft


class TestSourcePage:
    def test_title_site_name_and_excerpt_around_the_link(self):
        result = sourcepage.parse(
            page(
                "<html><head><title>  A reply  | Steppe Notes </title>"
                '<meta property="og:site_name" content="Steppe Notes"></head><body>'
                f'<p>{FILLER_BEFORE} as <a href="https://testserver/a/">this piece</a> argued, {FILLER_AFTER}</p>'
                "</body></html>"
            ),
            "http://testserver/a/",
        )
        assert result.links_to_target
        assert result.title == "A reply"  # the site name is kept apart
        assert result.site_name == "Steppe Notes"
        assert result.excerpt.startswith("[…] ") and result.excerpt.endswith(" […]")
        assert "as this piece argued," in result.excerpt
        before, after = result.excerpt.split("this piece")
        # about 100 characters each side, cut at whole words
        assert 80 <= len(before.removeprefix("[…] ")) <= 105
        assert 80 <= len(after.removesuffix(" […]")) <= 105
        words = result.excerpt.removeprefix("[…] ").removesuffix(" […]").split()
        assert words[0].startswith("before") and words[-1].startswith("after")
        assert all(word.rstrip(",") in FILLER_BEFORE + FILLER_AFTER + " as this piece argued" for word in words)

    def test_og_title_is_used_when_there_is_no_title(self):
        result = sourcepage.parse(
            page('<meta property="og:title" content="Shared title"><a href="http://testserver/a/">x</a>'),
            "http://testserver/a/",
        )
        assert result.title == "Shared title"

    def test_relative_links_and_base_href_are_resolved(self):
        html = '<base href="http://testserver/2024/"><p>See <a href="05/01/a/">it</a>.</p>'
        assert sourcepage.parse(page(html), "http://testserver/2024/05/01/a/").links_to_target

    def test_links_in_scripts_comments_or_plain_text_do_not_count(self):
        html = (
            "<script>document.write('<a href=\"http://testserver/a/\">x</a>')</script>"
            "<!-- <a href=\"http://testserver/a/\">x</a> --><p>http://testserver/a/</p>"
        )
        assert not sourcepage.parse(page(html), "http://testserver/a/").links_to_target

    def test_the_excerpt_is_plain_text(self):
        html = (
            '<p><script>alert(1)</script><b>Bold</b> &lt;i&gt; text <a href="http://testserver/a/">'
            "<img src=x onerror=alert(1)>link</a>\x07 end</p>"
        )
        excerpt = sourcepage.parse(page(html), "http://testserver/a/").excerpt
        assert excerpt == "[…] Bold <i> text link end […]"
        assert "alert" not in excerpt and "\x07" not in excerpt

    def test_h_entry_name_and_short_content_are_used_for_webmentions(self):
        html = (
            "<title>Page title</title><article class='h-entry'><h1 class='p-name'>Entry name</h1>"
            "<div class='e-content'><p>Short reply to <a href='http://testserver/a/'>your post</a>.</p></div></article>"
        )
        result = sourcepage.parse(page(html), "http://testserver/a/", microformats=True)
        assert (result.mention_title, result.mention_excerpt) == ("Entry name", "Short reply to your post.")
        assert result.title == "Page title"

    def test_without_microformats_the_page_title_and_link_excerpt_are_used(self):
        html = "<title>Page title</title><p>Short <a href='http://testserver/a/'>link</a>.</p>"
        result = sourcepage.parse(page(html), "http://testserver/a/", microformats=True)
        assert (result.mention_title, result.mention_excerpt) == ("Page title", "[…] Short link. […]")
