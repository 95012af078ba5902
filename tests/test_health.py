"""/healthz tells a load balancer whether this app server can serve readers:
its database and its cache must both answer."""

import socket

import pytest
from django.core.cache import cache
from django.test import override_settings


def closed_loopback_port():
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_healthy_server_answers_200_with_each_check(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_check_is_never_cached_by_browsers_or_proxies(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_check_leaves_no_key_behind_in_the_cache(client):
    # Local memory here (CI also runs with Redis): its keys can be listed.
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        client.get("/healthz")

        assert [key for key in cache._cache if "healthz" in key] == []


@pytest.mark.django_db
def test_unreachable_redis_cache_makes_the_server_unhealthy(client):
    broken_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_loopback_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=broken_cache):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failed"}


@pytest.mark.django_db
def test_cache_that_forgets_what_it_was_given_makes_the_server_unhealthy(client):
    # DummyCache accepts writes and returns nothing: a cache in name only.
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "failed"


def test_health_check_without_a_database_reports_it_failed(client):
    # No django_db mark: pytest-django refuses every query, as a database
    # that went away would.
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "failed", "cache": "ok"}


@pytest.mark.django_db
def test_health_check_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
