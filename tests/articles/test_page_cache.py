"""Whole article pages shared by readers without state of their own
(articles.page_cache): served from one stored copy, with no CSRF token and
with each reader's own likes line, never stale after a change, and never
used for a reader whose page is their own."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import signing
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import likes, page_cache
from articles.models import Like
from comments.cookies import REMEMBER_COOKIE, REMEMBER_SALT
from comments.models import Comment, DiscussionSettings
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"}}


@pytest.fixture(autouse=True)
def real_cache(settings):
    if django_settings.CACHES["default"]["BACKEND"].endswith("DummyCache"):
        settings.CACHES = LOCMEM


@pytest.fixture
def story(article):
    make_comment(article, user_name="Ada", comment="A remark worth keeping.")
    DiscussionSettings.load()
    return article


def reader(address):
    return Client(REMOTE_ADDR=address, enforce_csrf_checks=True)


def get(client, article, **extra):
    return client.get(article.get_absolute_url(), **extra)


def served_queries(queries):
    """The tables a request read: a stored page reads only its two versions and the likes."""
    return [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries]


STORED = ["comments_cacheversion", "articles_like"]


def stored_view(client, article):
    """The second view of the page, which must come from the stored copy."""
    get(client, article)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, article)
    assert served_queries(queries) == STORED
    return response


def like_url(article):
    return reverse("articles:like", args=[article.pk])


def tokens(html):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


class TestStoredCopy:
    def test_second_view_is_the_stored_copy_with_no_token_in_it(self, story):
        client = reader("198.51.100.1")
        first = get(client, story).content.decode()
        second = stored_view(client, story).content.decode()

        assert "A remark worth keeping." in second and "One thought on" in second
        assert "bd-hole-" not in second
        assert tokens(second) == [] and first == second
        assert "csrftoken" not in client.cookies

    def test_ping_discovery_headers_come_with_the_stored_copy(self, story):
        response = stored_view(reader("198.51.100.1"), story)
        assert response["X-Pingback"].endswith("/xmlrpc/")
        assert 'rel="webmention"' in response["Link"]

    def test_the_like_form_of_the_shared_copy_is_accepted_from_this_site_only(self, story):
        alice, mallory = reader("198.51.100.1"), reader("198.51.100.2")
        stored_view(alice, story)

        assert mallory.post(like_url(story), HTTP_ORIGIN="https://elsewhere.example").status_code == 403
        assert alice.post(like_url(story), HTTP_ORIGIN="http://testserver").status_code == 302
        assert Like.objects.filter(article=story).count() == 1

    def test_likes_line_is_each_readers_own(self, story):
        alice, bob = reader("198.51.100.1"), reader("198.51.100.2")
        stored_view(alice, story)
        alice.post(like_url(story), HTTP_ORIGIN="http://testserver")

        # Alice now has her likes cookie: her page is her own, not the shared copy.
        mine = get(alice, story).content.decode()
        theirs = stored_view(bob, story).content.decode()
        # The same address without the cookie (cleared) is still recognised.
        again = stored_view(reader("198.51.100.1"), story).content.decode()

        assert "One blogger likes this." in mine and "One blogger likes this." in theirs
        assert 'disabled aria-pressed="true"' in mine and 'disabled aria-pressed="true"' in again
        assert 'disabled aria-pressed="true"' not in theirs

    def test_the_settings_row_made_on_first_use_does_not_retire_the_page(self, article):
        DiscussionSettings.objects.all().delete()
        client = reader("198.51.100.1")
        get(client, article)  # DiscussionSettings.load() creates the row while this renders
        with CaptureQueriesContext(connection) as queries:
            get(client, article)
        assert served_queries(queries) == STORED

    def test_a_page_whose_comments_close_within_the_minute_is_not_stored(self, author):
        row = DiscussionSettings.load()
        row.close_after_days = 1
        row.save()
        closing = make_article(author=author, published_at=timezone.now() - timedelta(days=1) + timedelta(seconds=30))
        client = reader("198.51.100.1")
        get(client, closing)
        with CaptureQueriesContext(connection) as queries:
            assert "Leave a Reply" in get(client, closing).content.decode()
        assert "articles_article" in served_queries(queries)  # rendered again, not stored


class TestChangesShowAtOnce:
    def test_an_edit_during_a_render_leaves_a_copy_that_is_already_stale(self, story, monkeypatch):
        category = make_category(name="Borders")
        story.categories.add(category)
        store = page_cache.store

        def store_after_an_edit(request, article, html, **versions):
            category.name = "Frontiers"
            category.save()
            return store(request, article, html, **versions)

        monkeypatch.setattr(page_cache, "store", store_after_an_edit)
        assert "Frontiers" not in get(Client(), story).content.decode()
        monkeypatch.setattr(page_cache, "store", store)

        assert "Frontiers" in get(Client(), story).content.decode()

    def test_body_edit(self, story):
        stored_view(Client(), story)
        story.body = "<p>A corrected account of the week.</p>"
        story.save()
        assert "A corrected account of the week." in get(Client(), story).content.decode()

    def test_category_renamed(self, story):
        category = make_category(name="Borders")
        story.categories.add(category)
        assert "Borders" in stored_view(Client(), story).content.decode()
        category.name = "Frontiers"
        category.save()
        page = get(Client(), story).content.decode()
        assert "Frontiers" in page and ">Borders<" not in page

    def test_tag_added(self, story):
        stored_view(Client(), story)
        story.tags.add(make_tag(name="customs"))
        assert 'rel="tag">customs</a>' in get(Client(), story).content.decode()

    def test_author_renamed(self, story):
        stored_view(Client(), story)
        story.author.first_name = "Amina"
        story.author.save()
        assert "Amina" in get(Client(), story).content.decode()

    def test_new_article_becomes_the_next_one(self, story, author):
        stored_view(Client(), story)
        make_article(author=author, title="What came after", published_at=timezone.now() - timedelta(hours=1))
        assert "What came after" in get(Client(), story).content.decode()

    def test_a_login_does_not_retire_pages(self, story):
        make_user(username="someone")
        stored_view(Client(), story)
        # django-axes needs the request a login comes with, even a bare one.
        assert Client().login(request=HttpRequest(), username="someone", password="pw-secret-123")
        with CaptureQueriesContext(connection) as queries:
            get(Client(), story)
        assert served_queries(queries) == STORED


class TestReadersWithTheirOwnPage:
    def test_logged_in_staff_never_get_or_leave_the_shared_copy(self, story):
        staff = make_user(username="mona", first_name="Mona", is_staff=True,
                          groups=[Group.objects.get(name="Moderators")])
        client = Client()
        client.force_login(staff)
        assert "Logged in as Mona" in get(client, story).content.decode()
        assert "Logged in as" not in stored_view(Client(), story).content.decode()
        assert "Logged in as Mona" in get(client, story).content.decode()

    def test_remembered_commenter_gets_their_own_page(self, story):
        stored_view(Client(), story)
        client = Client()
        client.cookies[REMEMBER_COOKIE] = signing.dumps(
            {"name": "Rémy", "email": "remy@example.org", "url": ""}, salt=REMEMBER_SALT
        )
        assert 'value="Rémy"' in get(client, story).content.decode()
        assert "Rémy" not in stored_view(Client(), story).content.decode()

    def test_query_string_is_rendered_for_the_reader(self, story):
        comment = Comment.objects.for_article(story).get()
        stored_view(Client(), story)
        page = get(Client(), story, data={"replytocom": comment.pk}).content.decode()
        assert "Leave a Reply to Ada" in page


class TestLikeState:
    def test_agrees_with_has_liked(self, article):
        now = timezone.now()
        cookie_like = Like.objects.create(article=article, visitor_token="t-cookie", ip_hash=likes.ip_hash("10.0.0.1"))
        recent = Like.objects.create(article=article, visitor_token="t-recent", ip_hash=likes.ip_hash("10.0.0.2"))
        old = Like.objects.create(article=article, visitor_token="t-old", ip_hash=likes.ip_hash("10.0.0.3"))
        Like.objects.filter(pk=old.pk).update(created_at=now - likes.IP_WINDOW - timedelta(minutes=1))
        other_article = make_article(author=article.author)
        Like.objects.create(article=other_article, visitor_token="t-elsewhere", ip_hash=likes.ip_hash("10.0.0.4"))
        cases = [
            ("t-cookie", "192.0.2.1"),  # by cookie, another address
            (None, "10.0.0.2"),  # by address, within the window
            (None, "10.0.0.3"),  # by address, too long ago
            ("t-elsewhere", "10.0.0.4"),  # liked another article only
            (None, "192.0.2.9"),  # never
        ]
        for token, address in cases:
            hashed = likes.ip_hash(address)
            expected = (3, likes.has_liked(article, token, hashed, now))
            assert likes.like_state(article, token, hashed, now=now) == expected
        assert [likes.like_state(article, t, likes.ip_hash(a), now=now)[1] for t, a in cases] == [
            True, True, False, False, False,
        ]
        assert cookie_like.pk and recent.pk


class TestListPages:
    """Home and archives are stored whole for readers without state of their
    own, and no change to what they list is ever served stale."""

    def test_a_new_article_appears_on_a_stored_home_page_at_once(self, client):
        make_article(title="Already here")
        assert "Already here" in client.get("/").content.decode()
        make_article(title="Just published")
        assert "Just published" in client.get("/").content.decode()

    def test_an_edited_title_shows_on_a_stored_category_page_at_once(self, client):
        category = make_category(name="Water")
        article = make_article(title="Old title", categories=[category])
        url = category.get_absolute_url()
        assert "Old title" in client.get(url).content.decode()
        article.title = "New title"
        article.save()
        page = client.get(url).content.decode()
        assert "New title" in page and "Old title" not in page

    def test_a_stored_list_page_costs_one_query(self, client, django_assert_max_num_queries):
        make_article(title="Cached")
        client.get("/")
        with django_assert_max_num_queries(1):
            assert "Cached" in client.get("/").content.decode()

    def test_each_page_number_is_stored_apart(self, client, settings):
        settings.BLUEDOMES_ARTICLES_PER_PAGE = 1
        make_article(title="Older one", published_at=timezone.now() - timedelta(days=2))
        make_article(title="Newer one")
        assert "Newer one" in client.get("/").content.decode()
        assert "Older one" in client.get("/?page=2").content.decode()

    def test_search_results_are_never_stored(self, client):
        make_article(title="Steppe rivers")
        client.get("/search/?q=steppe")
        with CaptureQueriesContext(connection) as queries:
            assert "Steppe rivers" in client.get("/search/?q=steppe").content.decode()
        assert any("articles_article" in query["sql"] for query in queries.captured_queries)
