"""The per-IP rate limit on comment posting, and the small limiter behind it."""

import pytest
from django.test import Client

from bluedomes import ratelimit
from comments.models import Comment
from tests.comments.conftest import form_data

pytestmark = pytest.mark.django_db


def test_hit_allows_up_to_the_limit_then_refuses():
    assert [ratelimit.hit("k", 3, 60) for _ in range(5)] == [True, True, True, False, False]


def test_hit_counts_keys_separately():
    assert ratelimit.hit("a", 1, 60)
    assert ratelimit.hit("b", 1, 60)
    assert not ratelimit.hit("a", 1, 60)


def test_hit_starts_over_in_the_next_window(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert ratelimit.hit("w", 1, 60)
    assert not ratelimit.hit("w", 1, 60)
    now[0] += 60
    assert ratelimit.hit("w", 1, 60)


@pytest.fixture
def tight_limit(settings, no_akismet):
    settings.COMMENTS_POST_RATE_LIMIT = 2
    settings.COMMENTS_POST_RATE_WINDOW = 60
    return settings


def test_too_many_posts_get_a_clear_429_and_nothing_is_stored(article, discussion, tight_limit, post_comment):
    assert post_comment(article, comment="one").status_code == 303
    assert post_comment(article, comment="two").status_code == 303
    response = post_comment(article, comment="three")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    page = response.content.decode()
    assert "Too many comments at once" in page
    assert "was not saved" in page
    assert list(Comment.objects.values_list("comment", flat=True).order_by("pk")) == ["one", "two"]


def test_limit_is_per_client_ip(article, discussion, tight_limit, settings):
    settings.BLUEDOMES_CLIENT_IP_HEADER = "X-Real-IP"
    first, second = Client(), Client()
    for n in range(2):
        first.post("/comments/post/", form_data(article, comment=f"a{n}"), HTTP_X_REAL_IP="198.51.100.1")
    assert first.post("/comments/post/", form_data(article, comment="a2"),
                      HTTP_X_REAL_IP="198.51.100.1").status_code == 429
    assert second.post("/comments/post/", form_data(article, comment="b0"),
                       HTTP_X_REAL_IP="198.51.100.2").status_code == 303


def test_refused_integrity_failures_count_too(article, discussion, tight_limit, post_comment):
    """A robot hammering with a filled honeypot is slowed down as well."""
    post_comment(article, honeypot="x")
    post_comment(article, honeypot="x")
    assert post_comment(article).status_code == 429
    assert not Comment.objects.exists()


def test_decorator_leaves_get_alone(client, tight_limit):
    for _ in range(4):
        assert client.get("/comments/post/").status_code == 405
