"""REDIS_URL moves the cache and the sessions to a shared Redis, so several
app servers behind a load balancer see the same sessions, rate limits and
cached comment threads. .ci/run runs the suite once with a real redis-server."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[1]


def test_redis_url_selects_the_redis_cache_and_cached_sessions():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND']);print(s.CACHES['default']['LOCATION']);print(s.SESSION_ENGINE)"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6399/3", "DJANGO_SETTINGS_MODULE": "bluedomes.settings"}

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6399/3",
        "django.contrib.sessions.backends.cache",
    ]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis: set REDIS_URL=redis://…; .ci/run does this")
def test_values_round_trip_through_the_real_redis():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"

    cache.set("bluedomes-ci-probe", {"thread": [1, 2, 3]}, timeout=30)

    assert cache.get("bluedomes-ci-probe") == {"thread": [1, 2, 3]}
    client = cache._cache.get_client("bluedomes-ci-probe")
    assert client.ping() is True
