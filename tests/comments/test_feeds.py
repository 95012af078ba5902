"""Comment feeds (RSS and Atom), site-wide and per article, parsed with feedparser."""

import feedparser
import pytest

from comments.models import Comment
from tests.comments.conftest import make_comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.fixture
def comments(article, author):
    other = make_article(author=author, title="Rivers and dams")
    return {
        "approved": make_comment(article, user_name="Dana", comment="Approved words", user_email="dana@example.org"),
        "ping": make_comment(article, type=Comment.Type.PINGBACK, user_name="Other blog", user_email="",
                             source_url="https://other.example/p/", comment="[…] pinged […]"),
        "pending": make_comment(article, status=Comment.Status.PENDING, comment="Pending words"),
        "spam": make_comment(article, status=Comment.Status.SPAM, comment="Spam words"),
        "trash": make_comment(article, status=Comment.Status.TRASH, comment="Trash words"),
        "other": make_comment(other, user_name="Eli", comment="On the other article"),
    }


@pytest.mark.parametrize("url", ["/comments/feed/", "/comments/feed/atom/"])
def test_site_feed_has_approved_comments_only(client, comments, url):
    feed = parse(client, url)
    texts = " ".join(entry.summary for entry in feed.entries)
    assert "Approved words" in texts and "On the other article" in texts and "pinged" in texts
    for hidden in ("Pending words", "Spam words", "Trash words"):
        assert hidden not in texts
    assert len(feed.entries) == 3


def test_site_feed_entry_fields(client, comments, article):
    feed = parse(client, "/comments/feed/atom/")
    entry = next(e for e in feed.entries if "Approved words" in e.summary)
    assert entry.title == "Comment on “A quiet week on the border” by Dana"
    assert entry.link == f"{article.get_full_url()}#comment-{comments['approved'].pk}"
    assert entry.author == "Dana"
    assert feed.feed.title == "Comments for Blue Domes"


def test_feeds_never_carry_email_addresses(client, comments):
    for url in ("/comments/feed/", "/comments/feed/atom/"):
        assert "dana@example.org" not in client.get(url).content.decode()


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_article_feed_has_that_articles_approved_comments(client, comments, article, suffix):
    feed = parse(client, f"/comments/feed/article/{article.pk}/{suffix}")
    texts = " ".join(entry.summary for entry in feed.entries)
    assert "Approved words" in texts and "pinged" in texts
    assert "On the other article" not in texts and "Pending words" not in texts
    assert feed.feed.title == "Comments on: A quiet week on the border"


def test_article_feed_of_unpublished_article_is_404(client, article):
    article.status = article.Status.DRAFT
    article.save()
    assert client.get(f"/comments/feed/article/{article.pk}/").status_code == 404


def test_site_feed_leaves_out_comments_of_unpublished_articles(client, comments, article):
    article.status = article.Status.DRAFT
    article.save()
    feed = parse(client, "/comments/feed/")
    assert [entry.author for entry in feed.entries] == ["Eli"]


def test_article_page_links_its_comment_feed(client, comments, article):
    assert f'href="/comments/feed/article/{article.pk}/"' in client.get(article.get_absolute_url()).content.decode()
