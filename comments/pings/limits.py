"""Limits that keep the ping endpoints from being turned into a flood.

A pingback or webmention makes us fetch a URL the sender names, so a sender
could use us to hammer a third party. Three limits stand in the way: pings
per client IP, verification fetches per source host, and at most one
verification of a given (source, target) at a time."""

from hashlib import sha256
from urllib.parse import urlsplit

from django.core.cache import cache

from bluedomes import ratelimit
from bluedomes.clientip import network_key

from .fetch import DEADLINE

# (events, window in seconds)
CLIENT_LIMIT = (30, 600)
SOURCE_HOST_LIMIT = (20, 600)
# A verification holds its lock for at most one fetch and one store; the
# expiry frees it if a worker dies holding it.
LOCK_SECONDS = int(DEADLINE * 3)


def allow_client(ip_address):
    return ratelimit.hit(f"ping-client:{network_key(ip_address)}", *CLIENT_LIMIT)


def allow_source_host(source_url):
    host = (urlsplit(source_url).hostname or "").lower()
    return ratelimit.hit(f"ping-source-host:{host}", *SOURCE_HOST_LIMIT)


def _lock_key(source_url, target_url):
    return "ping-verify:" + sha256(f"{source_url} {target_url}".encode()).hexdigest()


def acquire_verification(source_url, target_url):
    """True if no other verification of this (source, target) is running."""
    return cache.add(_lock_key(source_url, target_url), 1, LOCK_SECONDS)


def release_verification(source_url, target_url):
    cache.delete(_lock_key(source_url, target_url))
