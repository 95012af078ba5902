"""Long threads broken into comment pages, as WordPress does: permalinks and
email links land on the comment's page, the count covers every page, the
pages are cached and invalidated together, queries do not grow."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.models import Comment, CommentPages, DiscussionSettings
from tests.comments.conftest import make_comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def paging(per_page=10, first=DiscussionSettings.FirstPage.NEWEST, on=True):
    row = DiscussionSettings.load()
    row.page_comments, row.comments_per_page, row.default_comments_page = on, per_page, first
    row.approve_known_authors = False
    row.save()
    return row


def threads(article, count, replies=1):
    """``count`` top-level comments, each with ``replies`` replies; returns the top-level ones."""
    tops = []
    for n in range(count):
        top = make_comment(article, user_name=f"Оқырман {n}", comment=f"Top comment {n}")
        for r in range(replies):
            make_comment(article, parent=top, user_name=f"Reply {n}.{r}", comment=f"Reply to {n} number {r}")
        tops.append(top)
    return tops


def page_path(article, number):
    return f"{article.get_absolute_url()}comment-page-{number}/"


def test_newest_page_is_shown_at_the_permalink_and_the_others_have_their_own(client, article):
    paging(per_page=10)
    tops = threads(article, 25)
    first = client.get(article.get_absolute_url()).content.decode()
    # 25 threads in pages of 10: 1–10, 11–20, 21–25; the newest shows first.
    assert "Top comment 24" in first and "Top comment 20" in first and "Top comment 19" not in first
    assert "Reply to 24 number 0" in first
    assert "50 thoughts on" in first
    page_one = client.get(page_path(article, 1))
    html = page_one.content.decode()
    assert page_one.status_code == 200 and "Top comment 0" in html and "Top comment 9" in html
    assert "Top comment 10" not in html and "50 thoughts on" in html
    assert f'href="{page_path(article, 2)}#comments"' in html
    assert f'<link rel="canonical" href="http://testserver{page_path(article, 1)}">' in html
    assert f'id="comment-{tops[0].pk}"' in html


def test_oldest_first_shows_page_one_at_the_permalink(client, article):
    paging(per_page=10, first=DiscussionSettings.FirstPage.OLDEST)
    threads(article, 15, replies=0)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Top comment 0" in html and "Top comment 10" not in html
    assert "Top comment 14" in client.get(page_path(article, 2)).content.decode()


def test_permalinks_land_on_the_page_that_holds_the_comment(client, article):
    paging(per_page=10)
    tops = threads(article, 25)
    reply_on_page_one = Comment.objects.get(comment="Reply to 3 number 0")
    assert reply_on_page_one.get_absolute_url() == f"{page_path(article, 1)}#comment-{reply_on_page_one.pk}"
    assert tops[24].get_absolute_url() == f"{article.get_absolute_url()}#comment-{tops[24].pk}"
    assert tops[15].get_full_url(article) == f"http://testserver{page_path(article, 2)}#comment-{tops[15].pk}"
    for comment in (reply_on_page_one, tops[15], tops[24]):
        path, anchor = comment.get_absolute_url().split("#")
        assert f'id="{anchor}"' in client.get(path).content.decode()


def test_a_reply_notification_links_to_the_replys_page(client, article, mailoutbox):
    from comments import notifications

    paging(per_page=5)
    tops = threads(article, 12, replies=0)
    reply = make_comment(article, parent=tops[1], comment="Late answer to an old comment")
    moderation.record(reply, "Approved", to_status=Comment.Status.APPROVED)
    notifications.comment_approved.call(reply.pk)
    [to_author] = mailoutbox
    assert f"http://testserver{page_path(article, 1)}#comment-{reply.pk}" in to_author.body


def test_the_default_page_by_number_redirects_and_missing_pages_are_404(client, article):
    paging(per_page=10)
    threads(article, 25, replies=0)
    response = client.get(page_path(article, 3))
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    # A page past the last is not found; the old-WordPress-links middleware
    # then sends the reader to the article, as WordPress does.
    for path in (page_path(article, 4), page_path(article, 0), article.get_absolute_url() + "comment-page-x/"):
        missing = client.get(path)
        assert missing.status_code in (301, 404)
        assert missing.status_code == 404 or missing["Location"] == article.get_absolute_url()


def test_paging_off_shows_every_comment_on_the_article(client, article):
    paging(on=False)
    tops = threads(article, 25, replies=0)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Top comment 0" in html and "Top comment 24" in html
    assert tops[0].get_absolute_url() == f"{article.get_absolute_url()}#comment-{tops[0].pk}"
    assert client.get(page_path(article, 1)).status_code == 301


def test_pages_come_from_the_cache_and_go_stale_together(client, article):
    paging(per_page=10)
    tops = threads(article, 25, replies=0)
    assert "Top comment 0" in client.get(page_path(article, 1)).content.decode()
    assert "Top comment 24" in client.get(article.get_absolute_url()).content.decode()
    with CaptureQueriesContext(connection) as served_permalink:
        client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as served:
        client.get(page_path(article, 1))
    assert len(served) == len(served_permalink)
    moderation.set_status(tops[0], Comment.Status.TRASH)
    moderation.set_status(tops[24], Comment.Status.SPAM)
    page_one = client.get(page_path(article, 1)).content.decode()
    assert "Top comment 0" not in page_one and "Top comment 10" in page_one
    assert "Top comment 24" not in client.get(article.get_absolute_url()).content.decode()
    assert "23 thoughts on" in page_one


def _queries(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_comments_or_pages(client, author):
    paging(per_page=5)
    small, large = make_article(author=author, title="Small"), make_article(author=author, title="Large")
    threads(small, 11)
    threads(large, 60, replies=2)
    assert CommentPages(large).count == 12
    for number in (1, 2):
        assert _queries(client, page_path(large, number)) == _queries(client, page_path(small, number))
    assert _queries(client, large.get_absolute_url()) == _queries(client, small.get_absolute_url())


def test_pending_comment_of_its_author_is_shown_on_its_page(client, article):
    paging(per_page=10)
    threads(article, 25, replies=0)
    assert CommentPages(article).page_of(10**9) == 3


def test_a_new_comment_lands_at_the_permalink_when_it_shows_the_newest_page(client, article, post_comment):
    paging(per_page=10)
    threads(article, 25, replies=0)
    response = post_comment(article, comment="Ещё одна мысль о статье")
    new = Comment.objects.order_by("-pk").first()
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{new.pk}"


def test_the_page_of_a_new_thread_needs_no_query_when_the_permalink_shows_the_newest(article,
                                                                                      django_assert_num_queries):
    discussion = paging(per_page=10)
    threads(article, 25, replies=0)
    with django_assert_num_queries(0):
        assert CommentPages(article, discussion).path_of_new_thread() == article.get_absolute_url()
    oldest_first = paging(per_page=10, first=DiscussionSettings.FirstPage.OLDEST)
    with django_assert_num_queries(1):
        assert CommentPages(article, oldest_first).path_of_new_thread() == page_path(article, 3)


def test_a_new_comment_lands_on_the_last_page_when_the_permalink_shows_the_first(client, article, post_comment):
    paging(per_page=10, first=DiscussionSettings.FirstPage.OLDEST)
    threads(article, 25, replies=0)
    response = post_comment(article, comment="Жаңа пікір")
    new = Comment.objects.order_by("-pk").first()
    assert response["Location"] == f"{page_path(article, 3)}#comment-{new.pk}"


def test_a_reply_lands_on_the_page_of_its_thread(client, article, post_comment):
    paging(per_page=10)
    tops = threads(article, 25, replies=0)
    response = post_comment(article, comment="回复第一条评论", reply_to=str(tops[0].pk))
    reply = Comment.objects.order_by("-pk").first()
    assert reply.thread_id == tops[0].pk
    assert response["Location"] == f"{page_path(article, 1)}#comment-{reply.pk}"


def test_the_comment_page_links_speak_the_articles_language_above_and_below(client):
    paging(per_page=10)
    article = make_article(title="Бір мақала", slug="bir-maqala", language="kk")
    threads(article, 25, replies=0)
    html = client.get(page_path(article, 2)).content.decode()
    for position in ("top", "bottom"):
        assert f'<nav class="comment-navigation comment-navigation--{position}" aria-label="Пікір беттері">' in html
    assert html.count(f'<a class="comment-navigation__older" href="{page_path(article, 1)}#comments">'
                      "← Ертеректегі пікірлер</a>") == 2
    assert html.count(f'<a class="comment-navigation__newer" href="{article.get_absolute_url()}#comments">') == 2
    assert html.count('<li><span aria-current="page">2</span></li>') == 2
    # Kazakh writes the number first: "1-бет".
    assert f'<a href="{page_path(article, 1)}#comments">1<span class="visually-hidden">-бет</span></a>' in html
