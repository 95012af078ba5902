"""Likes: once per reader, no account, with and without JavaScript."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import likes
from articles.models import Article, Like
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def like(client, article, ip="203.0.113.7", **headers):
    return client.post(reverse("articles:like", args=[article.pk]), REMOTE_ADDR=ip, **headers)


def like_json(client, article, ip="203.0.113.7"):
    return like(client, article, ip, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize(
    "count, text",
    [
        (0, "Be the first to like this."),
        (1, "One blogger likes this."),
        (2, "2 bloggers like this."),
        (37, "37 bloggers like this."),
    ],
)
def test_likes_line_wording(count, text):
    assert likes.likes_text(count) == text


def test_like_without_javascript_redirects_back_and_counts(client):
    article = make_article()
    response = like(client, article)
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url() + "#likes"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "One blogger likes this." in html
    assert "%d" not in html and "%(count)" not in html
    assert 'aria-pressed="true"' in html


def test_like_with_javascript_answers_json(client):
    article = make_article()
    response = like_json(client, article)
    assert response.status_code == 200
    assert response.json() == {"count": 1, "text": "One blogger likes this.", "liked": True, "created": True}


def test_same_cookie_likes_once_even_from_another_address(client):
    article = make_article()
    like_json(client, article, ip="203.0.113.7")
    second = like_json(client, article, ip="198.51.100.20")
    assert second.json()["created"] is False
    assert article.likes.count() == 1


def test_same_address_without_cookie_likes_once_within_the_window():
    article = make_article()
    like_json(Client(), article, ip="203.0.113.7")
    second = like_json(Client(), article, ip="203.0.113.7")
    assert second.json() == {"count": 1, "text": "One blogger likes this.", "liked": True, "created": False}


def test_same_address_may_like_again_after_the_window():
    article = make_article()
    like_json(Client(), article, ip="203.0.113.7")
    Like.objects.update(created_at=timezone.now() - likes.IP_WINDOW - timedelta(minutes=1))
    assert like_json(Client(), article, ip="203.0.113.7").json()["created"] is True
    assert article.likes.count() == 2


def test_different_readers_each_count():
    article = make_article()
    for n in range(3):
        like_json(Client(), article, ip=f"198.51.100.{n + 1}")
    html = Client().get(article.get_absolute_url(), REMOTE_ADDR="192.0.2.50").content.decode()
    assert "3 bloggers like this." in html


def test_a_like_stores_neither_the_ip_nor_an_unsigned_token(client):
    article = make_article()
    response = like(client, article, ip="203.0.113.7")
    stored = Like.objects.get()
    assert "203.0.113.7" not in stored.ip_hash and len(stored.ip_hash) == 64
    cookie = response.cookies[likes.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The cookie carries the token with a signature; the token alone is refused.
    assert cookie.value != stored.visitor_token and cookie.value.startswith(stored.visitor_token)


def test_forged_cookie_is_ignored(client):
    article = make_article()
    like(client, article, ip="203.0.113.7")
    token = Like.objects.get().visitor_token
    forger = Client()
    forger.cookies[likes.COOKIE_NAME] = token
    # A forged token is not trusted: the like is judged as a new reader's.
    assert like_json(forger, article, ip="198.51.100.9").json()["created"] is True
    assert Like.objects.exclude(visitor_token=token).count() == 1


def test_drafts_cannot_be_liked(client):
    draft = make_article(status=Article.Status.DRAFT)
    assert like(client, draft).status_code == 404
    assert not Like.objects.exists()


def test_like_needs_post_and_this_sites_origin(client):
    article = make_article()
    assert client.get(reverse("articles:like", args=[article.pk])).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert like(strict, article).status_code == 403
    url = reverse("articles:like", args=[article.pk])
    assert strict.post(url, HTTP_ORIGIN="https://forger.example", REMOTE_ADDR="203.0.113.7").status_code == 403
    assert strict.post(url, HTTP_REFERER="https://forger.example/page/", REMOTE_ADDR="203.0.113.7").status_code == 403
    assert article.likes.count() == 0
    # The shared cached page carries no token: a reader without a session needs none.
    response = strict.post(url, HTTP_ORIGIN="http://testserver", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and article.likes.count() == 1


def test_a_signed_in_like_still_needs_its_csrf_token():
    article = make_article()
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(make_user(username="liker"))
    url = reverse("articles:like", args=[article.pk])
    assert staff.post(url, HTTP_ORIGIN="http://testserver", REMOTE_ADDR="203.0.113.8").status_code == 403
    token = staff.get(article.get_absolute_url()).cookies["csrftoken"].value
    response = staff.post(url, {"csrfmiddlewaretoken": token}, HTTP_ORIGIN="http://testserver", REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 302 and article.likes.count() == 1


def test_like_posts_are_rate_limited_per_address():
    articles = [make_article() for _ in range(likes.RATE_LIMIT + 1)]
    for article in articles[:-1]:
        assert like_json(Client(), article, ip="203.0.113.7").status_code == 200
    response = like(Client(), articles[-1], ip="203.0.113.7")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Slow down a little" in response.content.decode()
    assert not articles[-1].likes.exists()
    # Another reader is not held back by the first one's limit.
    assert like_json(Client(), articles[-1], ip="198.51.100.1").status_code == 200
