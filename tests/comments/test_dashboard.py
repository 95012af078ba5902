"""The admin's front page: the figures at a glance, held comments with one-click moves, drafts, Akismet."""

import html as htmllib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import Comment
from tests.comments.conftest import make_comment, text_of
from tests.factories import make_article, make_user

Status = Comment.Status
Verdict = Comment.Verdict
DASHBOARD = reverse("admin:index")


@pytest.fixture
def editor(db):
    return make_user(username="erlan", is_staff=True, groups=[Group.objects.get(name="Editors")])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_dashboard_counts_comments_by_status_with_links_to_each_tab(editor_client, article, no_akismet):
    for status, n in ((Status.PENDING, 2), (Status.APPROVED, 3), (Status.SPAM, 1)):
        for _ in range(n):
            make_comment(article, status=status)
    html = editor_client.get(DASHBOARD).content.decode()
    queue = reverse("admin:comments_comment_changelist")
    for status, n in (("pending", 2), ("approved", 3), ("spam", 1), ("trash", 0)):
        assert f'href="{queue}?status={status}"><span class="bd-count">{n}</span>' in html


def test_held_comments_are_listed_with_moves_that_post_with_csrf(editor_client, article, no_akismet):
    held = make_comment(article, status=Status.PENDING, comment="Сұрақ бар")
    html = editor_client.get(DASHBOARD).content.decode()
    assert "Сұрақ бар" in html and "csrfmiddlewaretoken" in html
    approve = reverse("admin:comments_comment_moderate", args=[held.pk, "approve"])
    assert f'formaction="{approve}"' in html
    response = editor_client.post(approve, {"next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    held.refresh_from_db()
    assert held.status == Status.APPROVED


def test_drafts_show_mine_and_for_editors_everyones(editor_client, editor, no_akismet):
    make_article(author=editor, title="My draft about Osh", status=Article.Status.DRAFT)
    make_article(title="Someone else's draft", status=Article.Status.DRAFT)
    make_article(title="Already out")
    page = htmllib.unescape(text_of(editor_client.get(DASHBOARD).content.decode()))
    assert "Yours My draft about Osh" in page
    assert "Everyone else's Someone else's draft" in page
    assert "Already out" not in page


def test_an_author_sees_only_their_own_drafts_and_no_comment_panels(client, db, no_akismet):
    author = make_user(is_staff=True, groups=[Group.objects.get(name="Authors")])
    make_article(author=author, title="Mine", status=Article.Status.DRAFT)
    make_article(title="Not mine", status=Article.Status.DRAFT)
    client.force_login(author)
    page = text_of(client.get(DASHBOARD).content.decode())
    assert "Mine" in page and "Not mine" not in page
    assert "Waiting for you" not in page and "Akismet" not in page


def test_akismet_panel_counts_what_moderators_overturned(editor_client, editor, article, no_akismet):
    caught = make_comment(article, status=Status.PENDING, akismet_verdict=Verdict.SPAM)
    moderation.set_status(caught, Status.SPAM, message="Checked by Akismet: spam")
    moderation.restore(caught, actor=editor)
    missed = make_comment(article, status=Status.APPROVED, akismet_verdict=Verdict.HAM)
    moderation.set_status(missed, Status.SPAM, actor=editor)
    for _ in range(2):
        make_comment(article, status=Status.APPROVED, akismet_verdict=Verdict.HAM)
    page = text_of(editor_client.get(DASHBOARD).content.decode())
    assert "Spam caught (30 days) 1" in page
    assert "Overturned by moderators 2 of 4 checked (50.0 %)" in page
    assert "1 wrongly called spam, 1 spam it let through" in page


def test_an_akismet_outage_shows_a_banner_and_the_oldest_wait(editor_client, article, settings):
    settings.AKISMET_API_KEY = "some-key"
    settings.AKISMET_API_URL = "http://127.0.0.1:9"
    settings.AKISMET_TIMEOUT = 0.5
    make_comment(article, status=Status.PENDING, akismet_verdict=Verdict.ERROR, awaiting_check=True,
                 next_check_at=timezone.now(), days_ago=2)
    page = text_of(editor_client.get(DASHBOARD).content.decode())
    assert "Akismet is not answering: 1 comment is held until it can be checked." in page
    assert "Waiting for a check 1 the oldest for 2 days" in page


def test_dashboard_queries_do_not_grow_with_comments_or_articles(editor_client, editor, article, no_akismet,
                                                                   django_assert_max_num_queries):
    make_comment(article, status=Status.PENDING)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(DASHBOARD)
    for n in range(8):
        other = make_article(author=editor, status=Article.Status.DRAFT, title=f"Draft {n}")
        for status in (Status.PENDING, Status.APPROVED):
            comment = make_comment(other, status=status, days_ago=n)
            moderation.set_status(comment, Status.TRASH, actor=editor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(DASHBOARD)
