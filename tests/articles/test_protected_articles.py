"""Password-protected articles, as in WordPress: text and comments only after
the right password, remembered per article in a signed cookie; nothing of the
text in feeds, search, excerpts, or a shared cached page."""

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.protection import UNLOCK_COOKIE
from comments.models import Comment
from tests.comments.conftest import form_data as comment_form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SECRET = "Источник в министерстве подтвердил"


@pytest.fixture
def protected(author):
    article = make_article(author=author, title="Leaked memo", slug="leaked-memo", password="жасыл-2026",
                           body=f"<p>{SECRET} the memo.</p>", excerpt="A hand-written teaser with secrets.")
    comment = Comment(content_object=article, site_id=1, user_name="Reader", user_email="r@example.org",
                      comment="A comment behind the password.", status=Comment.Status.APPROVED, is_public=True)
    comment.save()
    return article


def unlock(client, article, password):
    return client.post(f"/unlock/{article.pk}/", {"password": password})


def test_the_page_shows_a_password_form_instead_of_text_and_comments(client, protected):
    page = client.get(protected.get_absolute_url()).content.decode()
    assert 'name="password"' in page
    assert SECRET not in page
    assert "A comment behind the password." not in page
    assert "secrets" not in page


def test_the_right_password_unlocks_the_article_and_is_remembered(client, protected):
    response = unlock(client, protected, "жасыл-2026")
    assert response.status_code == 302 and response.url == protected.get_absolute_url()
    assert "жасыл" not in response.cookies[UNLOCK_COOKIE].value
    for _ in range(2):
        page = client.get(protected.get_absolute_url()).content.decode()
        assert SECRET in page
        assert "A comment behind the password." in page


def test_a_wrong_password_shows_the_form_again_with_a_message(client, protected):
    response = unlock(client, protected, "wrong")
    assert response.status_code == 403
    page = response.content.decode()
    assert "That is not the password of this article." in page
    assert SECRET not in page
    assert UNLOCK_COOKIE not in response.cookies


def test_changing_the_password_locks_readers_out_again(client, protected):
    unlock(client, protected, "жасыл-2026")
    protected.password = "new-one"
    protected.save()
    assert SECRET not in client.get(protected.get_absolute_url()).content.decode()


def test_a_forged_cookie_unlocks_nothing(client, protected):
    client.cookies[UNLOCK_COOKIE] = f'{{"{protected.pk}": "anything"}}'
    assert SECRET not in client.get(protected.get_absolute_url()).content.decode()


def test_an_unlocked_page_is_never_served_from_the_cache_to_others(protected):
    reader, stranger = Client(), Client()
    stranger.get(protected.get_absolute_url())  # the locked page, stored for all
    unlock(reader, protected, "жасыл-2026")
    assert SECRET in reader.get(protected.get_absolute_url()).content.decode()
    assert SECRET not in stranger.get(protected.get_absolute_url()).content.decode()
    assert SECRET not in Client().get(protected.get_absolute_url()).content.decode()


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_a_protected_articles_text_is_absent_from_its_feed(client, protected, url):
    raw = client.get(url).content.decode()
    entry = feedparser.parse(raw).entries[0]
    assert entry.title == "Leaked memo"
    assert SECRET not in raw and "secrets" not in raw
    assert "protected by a password" in entry.summary


def test_search_finds_a_protected_article_by_title_only(client, protected):
    assert "Leaked memo" in client.get("/search/", {"q": "memo"}).content.decode()
    page = client.get("/search/", {"q": "министерстве"}).content.decode()
    assert "Leaked memo" not in page


def test_listings_show_no_excerpt_of_a_protected_article(client, protected):
    page = client.get("/").content.decode()
    assert "Leaked memo" in page
    assert "secrets" not in page and SECRET not in page


def test_an_unprotected_article_needs_no_password(client, article):
    assert unlock(client, article, "").status_code == 302
    assert Article.objects.get(pk=article.pk).password == ""


@pytest.mark.parametrize("url", ["/comments/feed/", "/comments/feed/atom/"])
def test_comments_behind_a_password_are_absent_from_the_comment_feeds(client, protected, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "A comment behind the password." not in response.content.decode()


def test_the_articles_own_comment_feed_is_404(client, protected):
    assert client.get(reverse("comments:article_feed_rss", args=[protected.pk])).status_code == 404


def test_a_comment_is_posted_only_with_the_password(client, protected, no_akismet):
    data = comment_form_data(protected, comment="Sneaking in.")
    assert client.post(reverse("comments:post"), data).status_code == 400
    assert not Comment.objects.filter(comment="Sneaking in.").exists()
    unlock(client, protected, "жасыл-2026")
    assert client.post(reverse("comments:post"), data).status_code == 303
    assert Comment.objects.filter(comment="Sneaking in.").exists()
