"""RSS 2.0 and Atom feeds, checked with a real feed parser."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db

SITE = "https://bluedomes.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def content():
    now = timezone.now()
    region = make_category(name="Region", slug="region")
    energy = make_tag(name="energy", slug="energy")
    author = make_user(username="dana", first_name="Dana", last_name="Ospanova")
    return {
        "tagged": make_article(
            title="Gas & pipelines", excerpt="Who pays for the pipes.", author=author,
            categories=[region], tags=[energy], published_at=now - timedelta(hours=2),
        ),
        "plain": make_article(title="A plain note", categories=[region], published_at=now - timedelta(hours=5)),
        "other": make_article(title="Elsewhere", published_at=now - timedelta(hours=8)),
        "draft": make_article(title="Draft thoughts", categories=[region], tags=[energy],
                              status=Article.Status.DRAFT),
        "future": make_article(title="Tomorrow's news", categories=[region], tags=[energy],
                               status=Article.Status.SCHEDULED, published_at=now + timedelta(days=1)),
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("url, version", [("/feed/", "rss20"), ("/feed/atom/", "atom10")])
def test_site_feed_is_valid_and_lists_published_articles(client, content, url, version):
    response, feed = parse(client, url)
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Gas & pipelines", "A plain note", "Elsewhere"]
    first = feed.entries[0]
    assert first.link == SITE + content["tagged"].get_absolute_url()
    assert first.summary == "Who pays for the pipes."
    assert first.author == "Dana Ospanova"
    assert {tag.term for tag in first.tags} == {"Region", "energy"}
    assert feed.feed.link.startswith(SITE)


def test_atom_feed_links_to_itself_absolutely(client, content):
    _, feed = parse(client, "/feed/atom/")
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [SITE + "/feed/atom/"]


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_category_feed(client, content, suffix):
    _, feed = parse(client, f"/category/region/feed/{suffix}")
    assert [entry.title for entry in feed.entries] == ["Gas & pipelines", "A plain note"]
    assert "Region" in feed.feed.title
    assert feed.feed.link == SITE + "/category/region/"


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_tag_feed(client, content, suffix):
    _, feed = parse(client, f"/tag/energy/feed/{suffix}")
    assert [entry.title for entry in feed.entries] == ["Gas & pipelines"]
    assert "energy" in feed.feed.title


def test_feed_of_unknown_category_is_not_found(client, content):
    assert client.get("/category/nowhere/feed/").status_code == 404
    assert client.get("/tag/nothing/feed/atom/").status_code == 404


def test_pages_advertise_their_feeds(client, content):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feed/atom/"' in html
