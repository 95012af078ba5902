"""Sticky articles lead the home page's first page, as in WordPress, and
keep their dated place everywhere else; the private switch is in the form."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.test_admin import form_data
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def titles_in(page, titles):
    return sorted((t for t in titles if t in page), key=page.index)


@pytest.fixture
def twelve(settings):
    settings.BLUEDOMES_ARTICLES_PER_PAGE = 5
    now = timezone.now()
    return [make_article(title=f"Article {n:02d}", published_at=now - timedelta(hours=n)) for n in range(1, 13)]


def test_a_sticky_article_leads_the_first_page(client, twelve):
    old = twelve[-1]
    old.sticky = True
    old.save()
    titles = [a.title for a in twelve]
    page = client.get("/").content.decode()
    assert titles_in(page, titles)[:3] == ["Article 12", "Article 01", "Article 02"]
    assert "card--lead" in page.split("Article 12")[0]


def test_a_sticky_article_is_not_shown_twice_on_the_first_page(client, twelve):
    twelve[1].sticky = True
    twelve[1].save()
    page = client.get("/").content.decode()
    assert page.count(">Article 02<") == 1
    assert titles_in(page, [a.title for a in twelve])[:2] == ["Article 02", "Article 01"]


def test_later_pages_keep_sticky_articles_in_their_dated_place(client, twelve):
    twelve[-1].sticky = True
    twelve[-1].save()
    page = client.get("/?page=3").content.decode()
    assert titles_in(page, [a.title for a in twelve]) == ["Article 11", "Article 12"]


def test_sticky_order_is_newest_first_among_sticky_articles(client, twelve):
    for article in (twelve[8], twelve[4]):
        article.sticky = True
        article.save()
    page = client.get("/").content.decode()
    assert titles_in(page, [a.title for a in twelve])[:3] == ["Article 05", "Article 09", "Article 01"]


def test_a_sticky_draft_stays_hidden(client):
    make_article(title="Sticky draft", sticky=True, status=Article.Status.DRAFT)
    assert "Sticky draft" not in client.get("/").content.decode()



def test_the_admin_form_sets_sticky_private_and_password(client):
    editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)
    assert 'name="is_private"' in client.get(reverse("admin:articles_article_add")).content.decode()
    client.post(reverse("admin:articles_article_add"), form_data(
        author=editor.pk, title="Flagged", sticky="on", is_private="on", password="s3cret",
    ))
    article = Article.objects.get()
    assert (article.sticky, article.is_private, article.password) == (True, True, "s3cret")


def test_an_imported_private_article_can_be_made_public_again(client):
    editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
    article = make_article(title="Once private", is_private=True)
    client.force_login(editor)
    when = timezone.localtime(article.published_at)
    client.post(reverse("admin:articles_article_change", args=[article.pk]), form_data(
        author=article.author_id, title=article.title, slug=article.slug, status=Article.Status.PUBLISHED,
        published_at=when,
    ))
    article.refresh_from_db()
    assert article.is_private is False
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_home_page_reads_no_sticky_articles_when_none_is_sticky(client, twelve):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert titles_in(page, [a.title for a in twelve]) == [f"Article {n:02d}" for n in range(1, 6)]
    article_reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "articles_article"."id"')]
    assert len(article_reads) == 1
