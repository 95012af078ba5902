"""The rate limiter's shared store and the address it counts: an IPv6
client's /64, an IPv4 client's address."""

import os
import subprocess
import sys

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.likes import reader_ip_hash
from bluedomes import ratelimit
from bluedomes.clientip import network_key
from bluedomes.models import RateCounter
from comments.pings import limits
from comments.purge import run_maintenance
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_store(settings):
    """The database store, as a site without Redis has it (CI's Redis run would choose the cache)."""
    settings.BLUEDOMES_RATELIMIT_STORE = "database"


def test_the_store_is_the_database_without_redis_and_the_cache_with_it():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.BLUEDOMES_RATELIMIT_STORE)"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bluedomes.settings", "DEBUG": "1", "REDIS_URL": ""},
    )
    assert result.stdout.strip() == "database"


def test_database_store_counts_every_worker_together():
    assert [ratelimit.hit("flood:198.51.100.7", 2, 60) for _ in range(3)] == [True, True, False]
    assert RateCounter.objects.get().count == 3


def test_cache_store_still_counts_when_chosen(settings):
    settings.BLUEDOMES_RATELIMIT_STORE = "cache"
    assert [ratelimit.hit("cache-flood", 1, 60) for _ in range(2)] == [True, False]
    assert not RateCounter.objects.exists()


def test_a_key_longer_than_the_column_is_stored_as_its_digest():
    key = "subscribe-email:" + "ж" * 300 + "@example.org"
    assert ratelimit.hit(key, 1, 60)
    assert not ratelimit.hit(key, 1, 60)
    assert RateCounter.objects.get().key.startswith("sha256:")


def test_prune_deletes_only_ended_windows(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    ratelimit.hit("old", 5, 60)
    now[0] += 120
    ratelimit.hit("fresh", 5, 60)
    assert ratelimit.prune() == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["fresh:60"]


def test_hourly_maintenance_prunes_counters(monkeypatch):
    ratelimit.hit("ended", 5, 1)
    monkeypatch.setattr(ratelimit.time, "time", lambda: 4_000_000_000.0)
    assert run_maintenance()["rate_counters_pruned"] == 1


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.4", "198.51.100.4"),
        ("198.51.100.4", "198.51.100.4"),
    ],
)
def test_network_key_is_the_ipv6_slash_64_and_the_ipv4_address(address, key):
    assert network_key(address) == key


def _post_comment(ip):
    return Client(REMOTE_ADDR=ip).post("/comments/post/", {"comment": "Салам"})


def test_two_ipv6_addresses_in_one_slash_64_share_the_comment_limit(settings):
    settings.COMMENTS_POST_RATE_LIMIT = 2
    assert _post_comment("2001:db8:5:6::1").status_code == 400
    assert _post_comment("2001:db8:5:6:dead:beef:0:1").status_code == 400
    assert _post_comment("2001:db8:5:6:ffff::9").status_code == 429
    assert _post_comment("2001:db8:5:7::1").status_code == 400


def test_ping_client_limit_is_per_slash_64(monkeypatch):
    monkeypatch.setattr(limits, "CLIENT_LIMIT", (1, 600))
    assert limits.allow_client("2001:db8:9:9::1")
    assert not limits.allow_client("2001:db8:9:9::2")
    assert limits.allow_client("2001:db8:9:a::1")


def test_likes_recognise_a_reader_by_their_slash_64(rf):
    make_article()
    first = rf.post("/", REMOTE_ADDR="2001:db8:7:7::1")
    second = rf.post("/", REMOTE_ADDR="2001:db8:7:7:1234::5")
    elsewhere = rf.post("/", REMOTE_ADDR="2001:db8:7:8::1")
    assert reader_ip_hash(first) == reader_ip_hash(second) != reader_ip_hash(elsewhere)


def _synchronous_commit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.fixture
def durable_session():
    # A server may run with synchronous_commit off for speed, as CI's
    # throwaway cluster does; the session starts durable so that what the
    # counter changes shows.
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO on")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_counter_of_its_own_commits_without_waiting_for_the_disk_and_changes_nothing_else(durable_session):
    with CaptureQueriesContext(connection) as queries:
        assert ratelimit.hit("async-test", limit=5, window_seconds=60)
        assert ratelimit.hit("async-test", limit=5, window_seconds=60)
    # One statement each, in the transaction PostgreSQL gives a statement of its own.
    assert len(queries) == 2
    assert all("set_config('synchronous_commit', 'off', true)" in q["sql"] for q in queries)
    assert RateCounter.objects.get(key="async-test:60").count == 2
    assert _synchronous_commit() == "on"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_counter_inside_a_callers_transaction_leaves_its_commit_durable(durable_session):
    with transaction.atomic():
        assert ratelimit.hit("durable-test", limit=5, window_seconds=60)
        assert _synchronous_commit() == "on"
    assert RateCounter.objects.get(key="durable-test:60").count == 1
