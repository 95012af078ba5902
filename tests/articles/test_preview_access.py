"""Unpublished articles (drafts, scheduled, private) are readable on the site
only by their author, Editors and administrators: everyone else, staff
included, gets the same 404 as for an article that does not exist."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def member(username, group):
    return make_user(username=username, is_staff=True, groups=[Group.objects.get(name=group)])


@pytest.fixture
def writer():
    return member("nadia", "Authors")


@pytest.fixture(params=["draft", "scheduled", "private"])
def unpublished(request, writer):
    fields = {
        "draft": {"status": Article.Status.DRAFT},
        "scheduled": {"status": Article.Status.SCHEDULED, "published_at": timezone.now() + timedelta(days=2)},
        "private": {"is_private": True},
    }[request.param]
    return make_article(title="Тайные заметки о границе", slug="secret-notes", author=writer,
                        body="<p>Words nobody else may read yet.</p>", **fields)


def urls(article):
    return [reverse("articles:preview", args=[article.pk]), article.get_absolute_url()]


def test_the_author_previews_their_own_article(client, writer, unpublished):
    client.force_login(writer)
    for url in urls(unpublished):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Words nobody else may read yet." in response.content.decode()


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_editors_and_administrators_preview_anyones_article(client, unpublished, who):
    if who == "editor":
        client.force_login(member("mira", "Editors"))
    else:
        client.force_login(make_user(username="root", is_staff=True, is_superuser=True))
    for url in urls(unpublished):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("group", ["Authors", "Moderators"])
def test_other_staff_get_a_404(client, unpublished, group):
    client.force_login(member("kemal", group))
    for url in urls(unpublished):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Words nobody else may read yet." not in response.content.decode()


def test_a_signed_in_reader_without_staff_gets_a_404_on_the_permalink(client, unpublished):
    client.force_login(make_user(username="reader"))
    assert client.get(unpublished.get_absolute_url()).status_code == 404


def test_anonymous_readers_get_a_404_on_the_permalink(client, unpublished):
    assert client.get(unpublished.get_absolute_url()).status_code == 404


def test_other_staff_still_read_published_articles(client, writer):
    published = make_article(author=writer)
    client.force_login(member("kemal", "Moderators"))
    for url in urls(published):
        assert client.get(url).status_code == 200, url
