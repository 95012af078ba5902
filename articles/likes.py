"""Likes without accounts: one per reader per article.

A reader is recognised by a random token in a signed cookie; a reader who
clears cookies is still recognised by a keyed hash of their IP address for
a day. The raw IP is never stored."""

import secrets
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, ngettext

from bluedomes import ratelimit
from bluedomes.clientip import client_network

from .models import Like

COOKIE_NAME = "bluedomes_reader"
COOKIE_SALT = "bluedomes.likes.reader"
COOKIE_MAX_AGE = 365 * 24 * 3600
# Long enough to stop repeat likes from one connection, short enough that
# the next reader behind the same office NAT can like tomorrow.
IP_WINDOW = timedelta(hours=24)
# Like POSTs allowed per IP per period: generous for people reading a
# series, useless for a script inflating counts.
RATE_LIMIT = 30
RATE_PERIOD = 10 * 60


def ip_hash(ip):
    """A hex digest of the IP keyed with SECRET_KEY: comparable, not reversible by brute force."""
    return salted_hmac("bluedomes.likes.ip", ip, algorithm="sha256").hexdigest()


def reader_ip_hash(request):
    """The hashed address (an IPv6 reader's /64) of the request's reader,
    behind the trusted proxy if any."""
    return ip_hash(client_network(request))


def reader_token(request):
    """The token from the reader's signed cookie, or None if absent or tampered with."""
    return request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)


def new_reader_token():
    return secrets.token_hex(16)


def remember_reader(response, request, token):
    response.set_signed_cookie(
        COOKIE_NAME,
        token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _by_reader(token, hashed_ip, now=None):
    """This cookie's likes ever, or this IP's within the window."""
    since = (now or timezone.now()) - IP_WINDOW
    seen = Q(ip_hash=hashed_ip, created_at__gte=since)
    if token:
        seen |= Q(visitor_token=token)
    return seen


def has_liked(article, token, hashed_ip, now=None):
    """True when this cookie liked the article ever, or this IP within the window."""
    return Like.objects.filter(article=article).filter(_by_reader(token, hashed_ip, now)).exists()


def like_state(article, token, hashed_ip, now=None):
    """(how many liked the article, whether this reader did by the rule of
    has_liked), in one query. Written in SQL: on an article page served from
    the cache (articles.page_cache) the ORM's building of this query cost
    twenty times the query itself, and most of the request."""
    ops = connection.ops
    column = {field.name: ops.quote_name(field.column) for field in Like._meta.concrete_fields}
    since = ops.adapt_datetimefield_value((now or timezone.now()) - IP_WINDOW)
    mine, params = f"({column['ip_hash']} = %s AND {column['created_at']} >= %s)", [hashed_ip, since]
    if token:
        mine, params = f"{mine} OR {column['visitor_token']} = %s", [*params, token]
    sql = (
        f"SELECT COUNT(*), COUNT(CASE WHEN {mine} THEN 1 END) "
        f"FROM {ops.quote_name(Like._meta.db_table)} WHERE {column['article']} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, getattr(article, "pk", article)])
        count, liked = cursor.fetchone()
    return count, bool(liked)


def add_like(article, token, hashed_ip):
    """Record a like unless this reader already liked; True when one was added."""
    if has_liked(article, token, hashed_ip):
        return False
    try:
        with transaction.atomic():
            Like.objects.create(article=article, visitor_token=token, ip_hash=hashed_ip)
    except IntegrityError:
        # The same cookie in a concurrent request won the race.
        return False
    return True


def rate_limited(hashed_ip):
    """Count one like POST from this IP; True once it is over the limit for the period."""
    return not ratelimit.hit(f"likes:{hashed_ip}", RATE_LIMIT, RATE_PERIOD)


def likes_text(count):
    if count == 0:
        return gettext("Be the first to like this.")
    return ngettext("One blogger likes this.", "%(count)s bloggers like this.", count) % {"count": count}
