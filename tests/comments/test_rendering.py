"""What readers see under an article: heading, thread, dates, avatars,
author links, pings like the reference page, and the comment text."""

import hashlib
import re
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.test import Client

from comments.models import Comment, DiscussionSettings
from comments.thread_markup import build_thread, comment_date, heading
from comments.text import render_comment
from tests.comments.conftest import make_comment, text_of

pytestmark = pytest.mark.django_db


def page_of(article, **query):
    url = article.get_absolute_url()
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return Client().get(url).content.decode()


class TestHeading:
    def test_wording(self):
        assert heading(0, "Title") == "No thoughts on “Title”"
        assert heading(1, "Title") == "One thought on “Title”"
        assert heading(7, "Title") == "7 thoughts on “Title”"

    def test_counts_approved_comments_and_pings_only(self, article):
        make_comment(article)
        make_comment(article, type=Comment.Type.PINGBACK, user_name="Elsewhere", source_url="https://x.example/")
        make_comment(article, status=Comment.Status.PENDING)
        make_comment(article, status=Comment.Status.SPAM)
        make_comment(article, status=Comment.Status.TRASH)
        assert "2 thoughts on “A quiet week on the border”" in page_of(article)

    def test_no_comments(self, article):
        assert "No thoughts on “A quiet week on the border”" in page_of(article)


class TestThread:
    def test_replies_nest_inside_their_parent(self, article):
        top = make_comment(article, comment="Top")
        reply = make_comment(article, parent=top, comment="Reply")
        deeper = make_comment(article, parent=reply, comment="Deeper")
        second = make_comment(article, comment="Second top")
        page = page_of(article)
        order = [page.index(f'id="comment-{c.pk}"') for c in (top, reply, deeper, second)]
        assert order == sorted(order)
        section = page[page.index('<ol class="comment-list">'):page.index("</ol>\n\n")]
        assert section.count('<ol class="children">') == 2
        assert 'class="comment depth-3' in page

    def test_build_thread_closes_every_list_it_opens(self, article):
        top = make_comment(article)
        reply = make_comment(article, parent=top)
        make_comment(article, parent=reply)
        make_comment(article, parent=top)
        make_comment(article)
        comments = list(Comment.objects.for_article(article).order_by("thread_id", "order"))
        entries = build_thread(comments, max_level=2, open_=True)
        assert [e.depth for e in entries] == [0, 1, 2, 1, 0]
        assert sum(e.has_children for e in entries) == sum(len(e.closers) for e in entries) == 2

    def test_reply_whose_parent_is_hidden_is_shown_at_top_level(self, article):
        parent = make_comment(article, comment="Parent")
        orphan = make_comment(article, parent=parent, comment="Orphaned reply")
        Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.SPAM)
        page = page_of(article)
        assert "Orphaned reply" in page
        assert f'id="comment-{orphan.pk}" class="comment depth-1' in page

    def test_no_reply_link_at_the_deepest_level(self, article, settings):
        top = make_comment(article)
        reply = make_comment(article, parent=top)
        deepest = make_comment(article, parent=reply)
        page = page_of(article)
        assert f"?replytocom={top.pk}#respond" in page
        assert f"?replytocom={reply.pk}#respond" in page
        assert f"?replytocom={deepest.pk}#respond" not in page

    def test_no_reply_links_when_closed(self, article):
        top = make_comment(article)
        article.allow_comments = False
        article.save()
        assert f"?replytocom={top.pk}" not in page_of(article)

    def test_permalink_anchor_on_every_comment(self, article):
        comment = make_comment(article)
        page = page_of(article)
        assert f'<li id="comment-{comment.pk}"' in page
        assert f'href="#comment-{comment.pk}"' in page


class TestCommentMeta:
    def test_date_format(self, settings):
        settings.TIME_ZONE = "UTC"
        assert comment_date(datetime(2021, 1, 22, 15, 17, tzinfo=dt_timezone.utc)) == "January 22, 2021 at 3:17 pm"
        assert comment_date(datetime(2021, 1, 22, 9, 5, tzinfo=dt_timezone.utc)) == "January 22, 2021 at 9:05 am"

    def test_avatar_is_a_local_initial_and_no_email_hash_by_default(self, article):
        make_comment(article, user_name="Зарина", user_email="  Dana.Reader@Example.ORG ")
        page = page_of(article)
        digest = hashlib.md5(b"dana.reader@example.org").hexdigest()
        assert '<span class="avatar" data-initial="З" aria-hidden="true"></span>' in page
        assert digest not in page
        assert "gravatar" not in page.lower()

    def test_gravatar_when_the_site_turns_it_on_from_trimmed_lowercased_email_and_email_never_in_page(self, article):
        DiscussionSettings.objects.update_or_create(pk=1, defaults={"show_gravatars": True})
        make_comment(article, user_email="  Dana.Reader@Example.ORG ")
        page = page_of(article)
        digest = hashlib.md5(b"dana.reader@example.org").hexdigest()
        assert f"https://www.gravatar.com/avatar/{digest}?" in page
        assert "d=blank" in page
        assert re.search(r'<span class="avatar" data-initial="S"[^>]*><img src="https://www.gravatar[^>]*loading="lazy"', page)
        assert "dana.reader@example.org" not in page.lower()
        assert "@example.org" not in page.lower()

    def test_author_linked_to_website_with_ugc_nofollow(self, article):
        make_comment(article, user_name="Dana", user_url="https://dana.example/")
        assert '<a class="url" href="https://dana.example/" rel="ugc nofollow">Dana</a>' in page_of(article)

    def test_author_without_website_is_plain_text(self, article):
        make_comment(article, user_name="Dana", user_url="")
        assert '<b class="comment-author">Dana</b>' in page_of(article)

    def test_article_authors_comment_is_marked(self, article):
        comment = make_comment(article, user=article.author)
        assert re.search(rf'id="comment-{comment.pk}" class="[^"]*bypostauthor', page_of(article))


class TestPings:
    def test_ping_renders_like_the_reference_page(self, article, settings):
        settings.TIME_ZONE = "UTC"
        ping = make_comment(
            article, type=Comment.Type.PINGBACK, user_name="A safe haven?", user_email="",
            source_url="https://blue.example/2021/01/22/safe-haven/", source_title="A safe haven?",
            source_site_name="Blue Domes", comment="[…] the courts may not deport them […]",
        )
        Comment.objects.filter(pk=ping.pk).update(submit_date=datetime(2021, 1, 22, 15, 17, tzinfo=dt_timezone.utc))
        page = page_of(article)
        item = page[page.index(f'<li id="comment-{ping.pk}"'):]
        item = item[:item.index("</li>")]
        assert 'class="comment depth-1 pingback"' in page
        assert '<a class="url" href="https://blue.example/2021/01/22/safe-haven/" rel="ugc nofollow">' in item
        assert text_of(item).startswith(
            "A safe haven? | Blue Domes January 22, 2021 at 3:17 pm […] the courts may not deport them […]"
        )
        assert "avatar" not in item
        assert "Reply" not in item


class TestText:
    def test_paragraphs_and_line_breaks(self):
        assert render_comment("One\nline\n\nTwo") == "<p>One<br>\nline</p>\n<p>Two</p>"

    def test_bare_urls_become_nofollow_links(self):
        html = render_comment("See https://example.org/page.")
        assert html == '<p>See <a href="https://example.org/page" rel="ugc nofollow">https://example.org/page</a>.</p>'

    def test_allowed_tags_survive(self):
        html = render_comment("<em>a</em> <strong>b</strong> <code>c</code> <blockquote>d</blockquote>")
        for tag in ("<em>a</em>", "<strong>b</strong>", "<code>c</code>", "<blockquote>"):
            assert tag in html

    def test_written_link_gets_ugc_nofollow(self):
        assert render_comment('<a href="https://x.example/">x</a>') == (
            '<p><a href="https://x.example/" rel="ugc nofollow">x</a></p>'
        )

    def test_other_tags_are_dropped_text_kept(self):
        assert render_comment("<h1>Big</h1> <u>under</u>") == "<p>Big under</p>"

    def test_angle_brackets_in_prose_are_text(self):
        assert render_comment("if a < b && b > c") == "<p>if a &lt; b &amp;&amp; b &gt; c</p>"


def test_comment_permalink_is_its_article_page_and_anchor():
    from comments.models import Comment
    from tests.factories import make_article

    article = make_article()
    comment = Comment.objects.create(
        content_object=article, site_id=1, user_name="Ana", comment="Hello", status=Comment.Status.APPROVED
    )
    assert comment.get_absolute_url() == f"{article.get_absolute_url()}#comment-{comment.pk}"
