"""A small fixed-window rate limiter for public POST endpoints.

``hit(key, limit, window_seconds)`` counts one event for ``key`` in the
current fixed window and says whether it is still within ``limit``. The
counters are shared by every worker process: in the database by default (one
atomic upsert per event), or in the cache when it is Redis
(BLUEDOMES_RATELIMIT_STORE, see settings).

``@rate_limited("comment-post", limit=5, window=60)`` applies it per client
address (an IPv6 client's /64) to a view and answers over-limit requests with
a 429 page and a Retry-After header, before the view runs, so nothing is
stored."""

import time
from functools import wraps
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string

from .clientip import client_network
from .models import RateCounter

# Keys may hold an email address; longer ones are stored as their digest.
MAX_KEY_LENGTH = RateCounter._meta.get_field("key").max_length


def hit(key, limit, window_seconds):
    """Count one event for ``key``; True while the window holds ``limit`` or fewer."""
    now = time.time()
    window = int(now // window_seconds)
    full_key = f"{key}:{window_seconds}"
    if settings.BLUEDOMES_RATELIMIT_STORE == "cache":
        count = _cache_incr(f"ratelimit:{full_key}:{window}", window_seconds)
    else:
        expires_at = (window + 1) * window_seconds
        count = _database_incr(_stored_key(full_key), window, expires_at)
    return count <= limit


def _cache_incr(cache_key, window_seconds):
    # add() only writes a missing key, so concurrent first hits do not reset each other.
    cache.add(cache_key, 0, window_seconds + 1)
    try:
        return cache.incr(cache_key)
    except ValueError:
        # The key expired between add() and incr().
        cache.set(cache_key, 1, window_seconds + 1)
        return 1


def _stored_key(key):
    if len(key) <= MAX_KEY_LENGTH:
        return key
    return "sha256:" + sha256(key.encode()).hexdigest()


def _database_incr(key, window, expires_at):
    """One statement that creates or increments the row and returns its count:
    atomic on SQLite (it takes the write lock, waiting on the busy timeout)
    and on PostgreSQL (the conflicting insert waits for the other's row lock)."""
    ops = connection.ops
    table = ops.quote_name(RateCounter._meta.db_table)
    key_col, window_col, count_col, expires_col = (
        ops.quote_name(RateCounter._meta.get_field(name).column) for name in ("key", "window", "count", "expires_at")
    )
    upsert = (
        f"ON CONFLICT ({key_col}, {window_col}) DO UPDATE SET {count_col} = {table}.{count_col} + 1 "
        f"RETURNING {count_col}"
    )
    columns = f"{table} ({key_col}, {window_col}, {count_col}, {expires_col})"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Its own transaction, the statement's, in one round trip rather than
        # four. A count lost to a crash lets a few more requests through, no
        # more: this commit need not wait for the disk. set_config(…, true)
        # lasts as long as that transaction; a caller's transaction (below)
        # keeps its durable commit.
        sql = (
            f"INSERT INTO {columns} SELECT %s, %s, 1, %s "
            f"FROM (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous {upsert}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, window, expires_at])
            return cursor.fetchone()[0]
    # Otherwise (SQLite, or inside a caller's transaction) the upsert runs in
    # an atomic block: on SQLite a transaction of its own, so that it queues
    # with the other writers (bluedomes.sqlite) rather than in SQLite's busy
    # handler.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {columns} VALUES (%s, %s, 1, %s) {upsert}", [key, window, expires_at])
        return cursor.fetchone()[0]


def prune(now=None):
    """Delete the counters of windows that have ended; returns how many."""
    deleted, _ = RateCounter.objects.filter(expires_at__lte=int(now or time.time())).delete()
    return deleted


def seconds_left(window_seconds):
    return int(window_seconds - time.time() % window_seconds) + 1


def too_many_requests(request, retry_after):
    body = render_to_string("comments/ratelimited.html", {"retry_after": retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope, *, limit, window, methods=("POST",)):
    """Limit a view to ``limit`` requests per client address per ``window``
    seconds. ``limit`` and ``window`` may be callables, read on each request,
    so settings changed in tests or at runtime apply."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                current_limit = limit() if callable(limit) else limit
                current_window = window() if callable(window) else window
                if not hit(f"{scope}:{client_network(request)}", current_limit, current_window):
                    return too_many_requests(request, seconds_left(current_window))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
