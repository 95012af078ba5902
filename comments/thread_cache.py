"""The rendered comment thread of an article, kept in the cache.

An article's thread (the "N thoughts on" heading, the approved comments and
pings, the feed link) looks the same to every reader, and building it costs
more than the rest of the page together. Its HTML is stored in Django's cache
(Redis when REDIS_URL is set) under the thread's current *version*, a random
token. Whatever changes what the thread shows calls ``bump(article_pk)``,
which gives it a new token: the stored HTML no longer matches and the next
reader renders it afresh.

Who bumps (one place per kind of change):
  - comments.moderation.set_status: approve, unapprove, spam, trash, restore
    of a visible comment, moderator or pipeline alike;
  - the signal receivers below: a visible comment saved outside moderation
    (the admin's change form, a webmention update, a privacy erase), any
    comment deleted (the queue's "Delete permanently" and "Empty spam",
    purges), an article saved.

The versions live in the database (comments.models.CacheVersion), not in
the cache. A token changes in the same transaction as the rows it describes,
so no reader can pair new rows with an old token or old rows with a new one
for longer than one render, which is always read after its token: the copy
such a render stores is already stale. And every process sees every change:
with the default local-memory cache each web worker keeps its own copies,
while the background worker that approves a comment after Akismet's answer
could never reach them. One indexed query per page pays for that.
"""

import secrets

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.dispatch import Signal
from django.utils.safestring import mark_safe

from .models import CacheVersion, Comment

# Old HTML is overwritten by the next render, so this only bounds how long an
# article nobody reads keeps its copy.
HTML_TIMEOUT = 24 * 3600

# Sent by renew_version with ``key``, inside the transaction that renews it:
# whatever keeps copies outside the cache (articles.page_cache's files for
# nginx) removes them when that transaction commits.
version_renewed = Signal()


def enabled():
    """False when the site runs with Django's DummyCache (caching switched
    off): nothing could be kept, so nothing is asked about versions either."""
    return not isinstance(caches["default"], DummyCache)


# --- Versions ----------------------------------------------------------------

def versions(*keys):
    """{key: token} for ``keys``, in one query. A key seen for the first time
    gets a token on the spot."""
    found = _read(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        CacheVersion.objects.bulk_create(
            [CacheVersion(key=key, token=secrets.token_hex(8)) for key in missing], ignore_conflicts=True
        )
        found = _read(keys)
    return found


def _read(keys):
    # Plain SQL: on a page served from the cache the ORM's building of this
    # query would cost more than everything else the request does.
    ops = connection.ops
    table = ops.quote_name(CacheVersion._meta.db_table)
    key, token = (ops.quote_name(CacheVersion._meta.get_field(name).column) for name in ("key", "token"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, {token} FROM {table} WHERE {key} IN ({', '.join(['%s'] * len(keys))})", keys)
        return dict(cursor.fetchall())


def renew_version(key):
    """Give ``key`` a new token, in the current transaction."""
    token = secrets.token_hex(8)
    if not CacheVersion.objects.filter(key=key).update(token=token):
        # A concurrent first renewal may win the insert; its token is as new as ours.
        CacheVersion.objects.bulk_create([CacheVersion(key=key, token=token)], ignore_conflicts=True)
    version_renewed.send(sender=CacheVersion, key=key)


def renew_versions_quietly(keys):
    """Give every key in ``keys`` a new token in two queries, however many
    there are, sending no version_renewed: only for a bulk writer (the
    WordPress import) that renews a version retiring every copy (the
    content version) in the same transaction."""
    keys = list(keys)
    token = secrets.token_hex(8)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        CacheVersion.objects.filter(key__in=chunk).update(token=token)
        CacheVersion.objects.bulk_create([CacheVersion(key=key, token=token) for key in chunk], ignore_conflicts=True)


def article_of(key):
    """The article pk a thread key names, or None for any other key."""
    prefix, _, pk = key.partition(":")
    return int(pk) if prefix == "thread" and pk.isdigit() else None


# --- The thread ----------------------------------------------------------------

def thread_key(article_pk):
    return f"thread:{article_pk}"


def bump(article_pk):
    """Make the article's cached thread stale."""
    renew_version(thread_key(article_pk))


def bump_quietly(article_pks):
    """Make many articles' cached threads stale at once (see renew_versions_quietly)."""
    renew_versions_quietly(thread_key(pk) for pk in article_pks)


def thread_version(article_pk):
    return versions(thread_key(article_pk))[thread_key(article_pk)]


def cached_thread(article_pk, variant, render, version=None):
    """The thread's HTML: the stored copy when it was rendered at the current
    version, else ``render()``'s, stored for the next reader. ``variant`` names
    everything else the HTML depends on (open or closed, language, the
    article's last change), so each combination has its own copy. ``version``:
    the thread's version if the caller has just read it."""
    if not enabled():
        return render()
    version = version or thread_version(article_pk)
    html_key = f"comments:thread-html:{article_pk}:{variant}"
    stored = cache.get(html_key)
    if stored is not None and stored[0] == version:
        return mark_safe(stored[1])
    html = render()
    cache.set(html_key, (version, str(html)), HTML_TIMEOUT)
    return html


# --- Signal receivers (connected in CommentsConfig.ready) -------------------

def comment_saved(sender, instance, update_fields=None, **kwargs):
    """A visible comment edited in place: the admin's change form, a
    webmention re-sent with a new title, a privacy erase. Status changes are
    bumped by comments.moderation, which alone knows the status before."""
    if update_fields is not None and frozenset(update_fields) <= Comment.STATUS_FIELDS:
        return
    if instance.status == instance.Status.APPROVED:
        bump(instance.object_pk)


def comment_deleted(sender, instance, **kwargs):
    """Any comment deleted. Not only approved ones: deleting a held or spam
    comment re-threads the approved replies it had (comments.purge), and a
    queryset's delete() still sends this once per comment."""
    bump(instance.object_pk)


def article_saved(sender, instance, **kwargs):
    """The title is in the heading; the author marks their own comments;
    opening or closing comments adds or removes every Reply link."""
    bump(instance.pk)
