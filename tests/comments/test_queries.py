"""The article page's queries do not grow with its comments."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from comments.cookies import PENDING_COOKIE, PENDING_SALT
from comments.models import Comment
from tests.comments.conftest import make_comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def threaded(article, count):
    """``count`` approved comments in threads three deep, plus one ping."""
    made = 0
    while made < count:
        top = make_comment(article, user_name=f"Reader {made}", user_email=f"r{made}@example.org",
                           user_url="https://r.example/")
        made += 1
        if made < count:
            reply = make_comment(article, parent=top, user_name=f"Reader {made}")
            made += 1
            if made < count:
                make_comment(article, parent=reply, user_name=f"Reader {made}")
                made += 1
    make_comment(article, type=Comment.Type.PINGBACK, user_name="Elsewhere", user_email="",
                 source_url="https://elsewhere.example/")


def test_three_hundred_comments_take_as_many_queries_as_three(article, author, discussion,
                                                              django_assert_max_num_queries):
    small = make_article(author=author, title="Small discussion")
    threaded(small, 3)
    threaded(article, 300)
    client = Client()
    client.get(small.get_absolute_url())  # warm per-process caches (content types) for both pages
    cache.clear()  # both measured pages render their thread afresh (comments.thread_cache)
    with CaptureQueriesContext(connection) as few:
        assert "4 thoughts on" in client.get(small.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(len(few)):
        response = client.get(article.get_absolute_url())
    assert "301 thoughts on" in response.content.decode()


def test_comment_section_costs_at_most_three_queries(article, discussion, django_assert_max_num_queries):
    # Every comment on one page; comment pages are counted in test_comment_pages.
    discussion.page_comments = False
    discussion.save()
    threaded(article, 300)
    held = make_comment(article, status=Comment.Status.PENDING)
    signed = HttpResponse()
    signed.set_signed_cookie(PENDING_COOKIE, str(held.pk), salt=PENDING_SALT)
    request = RequestFactory().get(article.get_absolute_url())
    request.COOKIES[PENDING_COOKIE] = signed.cookies[PENDING_COOKIE].value
    request.user = AnonymousUser()
    template = Template('{% include "comments/section.html" %}')
    # Discussion settings, the approved thread, this reader's held comments.
    with django_assert_max_num_queries(3):
        html = template.render(Context({"article": article, "request": request}))
    assert "Your comment is awaiting moderation." in html
    assert html.count('class="comment depth-') == 302
