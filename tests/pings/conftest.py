"""Fixtures for the ping tests: a loopback peer blog, and the setting that
lets our fetches reach it (loopback is refused otherwise)."""

import pytest

from tests.peers.blog import PeerBlog


@pytest.fixture
def peer():
    with PeerBlog() as blog:
        yield blog


@pytest.fixture
def allow_private(settings):
    settings.BLUEDOMES_ALLOW_PRIVATE_URLS = True
    return settings


@pytest.fixture
def short_deadline(monkeypatch):
    """A 1-second fetch deadline, so slow-peer tests stay quick."""
    from comments.pings import fetch

    monkeypatch.setattr(fetch, "DEADLINE", 1.0)
    return 1.0
