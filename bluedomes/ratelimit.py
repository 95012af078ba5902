"""A small cache-based rate limiter for public POST endpoints.

``hit(key, limit, window_seconds)`` counts one event for ``key`` in the
current fixed window and says whether it is still within ``limit``. With
``REDIS_URL`` set the counters live in Redis and hold across app servers.

``@rate_limited("comment-post", limit=5, window=60)`` applies it per client
IP to a view and answers over-limit requests with a 429 page and a
Retry-After header, before the view runs, so nothing is stored."""

import time
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

from .clientip import client_ip


def hit(key, limit, window_seconds):
    """Count one event for ``key``; True while the window holds ``limit`` or fewer."""
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{key}:{window_seconds}:{window}"
    # add() only writes a missing key, so concurrent first hits do not reset each other.
    cache.add(cache_key, 0, window_seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The key expired between add() and incr().
        cache.set(cache_key, 1, window_seconds + 1)
        count = 1
    return count <= limit


def seconds_left(window_seconds):
    return int(window_seconds - time.time() % window_seconds) + 1


def too_many_requests(request, retry_after):
    body = render_to_string("comments/ratelimited.html", {"retry_after": retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope, *, limit, window, methods=("POST",)):
    """Limit a view to ``limit`` requests per client IP per ``window`` seconds.
    ``limit`` and ``window`` may be callables, read on each request, so
    settings changed in tests or at runtime apply."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                current_limit = limit() if callable(limit) else limit
                current_window = window() if callable(window) else window
                if not hit(f"{scope}:{client_ip(request)}", current_limit, current_window):
                    return too_many_requests(request, seconds_left(current_window))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
