"""Author pages show the writer's bio, picture and links and offer an author
feed; writers edit their own profile only."""

from datetime import timedelta

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuthorProfile
from tests.factories import make_article, make_image, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def nadia():
    return make_user(username="nadia", first_name="Nadia", last_name="Rahimova", is_staff=True,
                     groups=[Group.objects.get(name="Authors")])


@pytest.fixture
def profile(nadia):
    return AuthorProfile.objects.create(
        user=nadia, bio="Репортёр из Бишкека.\nCovers water and energy.", picture=make_image(alt_text="Nadia"),
        links="https://mastodon.example/@nadia\njavascript:alert(1)\nhttps://t.me/nadia",
    )


def test_the_author_page_shows_bio_picture_and_links(client, nadia, profile):
    make_article(author=nadia)
    page = client.get("/author/nadia/").content.decode()
    assert "Репортёр из Бишкека.<br>Covers water and energy." in page
    assert 'alt="Nadia"' in page
    assert 'href="https://mastodon.example/@nadia"' in page and 'href="https://t.me/nadia"' in page
    assert "javascript:" not in page
    assert 'href="/author/nadia/feed/"' in page


def test_an_author_page_without_a_profile_still_works(client, nadia):
    make_article(author=nadia)
    assert client.get("/author/nadia/").status_code == 200


@pytest.mark.parametrize("url", ["/author/nadia/feed/", "/author/nadia/feed/atom/"])
def test_the_author_feed_holds_only_their_published_articles(client, nadia, url):
    now = timezone.now()
    make_article(author=nadia, title="Water in Osh", published_at=now - timedelta(hours=1))
    make_article(author=nadia, title="Draft on energy", status=Article.Status.DRAFT)
    make_article(title="Someone else's")
    feed = feedparser.parse(client.get(url).content)
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["Water in Osh"]
    assert "Nadia Rahimova" in feed.feed.title


def test_no_feed_for_someone_without_published_articles(client, nadia):
    make_article(author=nadia, status=Article.Status.DRAFT)
    assert client.get("/author/nadia/feed/").status_code == 404
    assert client.get("/author/nobody/feed/").status_code == 404


def test_a_writer_edits_their_own_profile_only(client, nadia, profile):
    other = make_user(username="lena", is_staff=True, groups=[Group.objects.get(name="Authors")])
    theirs = AuthorProfile.objects.create(user=other, bio="Lena's bio")
    client.force_login(nadia)
    assert client.get(reverse("admin:articles_authorprofile_change", args=[theirs.pk])).status_code == 302
    response = client.post(reverse("admin:articles_authorprofile_change", args=[profile.pk]), {
        "user": other.pk, "bio": "Новая биография", "picture": "", "links": "https://nadia.example/",
    })
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.user, profile.bio, profile.links) == (nadia, "Новая биография", "https://nadia.example/")


def test_a_link_that_is_not_a_web_address_is_a_form_error(client, nadia, profile):
    client.force_login(nadia)
    response = client.post(reverse("admin:articles_authorprofile_change", args=[profile.pk]), {
        "user": nadia.pk, "bio": "Kept bio text", "picture": "", "links": "javascript:alert(1)",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a web address" in page and "Kept bio text" in page
