"""The rendered comment thread of an article, kept in the shared cache.

An article's thread (the "N thoughts on" heading, the approved comments and
pings, the feed link) looks the same to every reader, and building it costs
more than the rest of the page together. Its HTML is stored in Django's cache
— Redis when REDIS_URL is set, so every app server shares one copy — next to
a per-article *version*. Whatever changes what the thread shows calls
``bump(article_pk)``, which gives the article a new version: the stored HTML
no longer matches and the next reader renders it afresh.

Who bumps (one place per kind of change):
  - comments.moderation.set_status: approve, unapprove, spam, trash, restore
    of a visible comment, moderator or pipeline alike;
  - comments.signals: a visible comment saved outside moderation (the admin's
    change form, a webmention update), any comment deleted (the queue's
    "Delete permanently" and "Empty spam", purges), an article saved.

A version is a random token, not a counter: if the cache evicts or loses a
version key, the one that replaces it can never equal a version some old
HTML was stored under.
"""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import mark_safe

# Old HTML is overwritten by the next render, so this only bounds how long an
# article nobody reads keeps its copy.
HTML_TIMEOUT = 24 * 3600


def _version_key(article_pk):
    return f"comments:thread-version:{article_pk}"


def _html_key(article_pk, variant):
    return f"comments:thread-html:{article_pk}:{variant}"


def _new_version(article_pk):
    version = secrets.token_hex(8)
    # No expiry: an expired version would only cost a render, but there is
    # no reason to pay it.
    cache.set(_version_key(article_pk), version, None)
    return version


def bump(article_pk):
    """Make the article's cached thread stale, now and once more when the
    current transaction commits.

    Now: the same request (a moderator's redirect, a test inside a
    transaction) already renders afresh. On commit: a reader who rendered
    between the first bump and the commit saw the old rows and stored them
    under the new version; the second bump retires that copy too."""
    _new_version(article_pk)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _new_version(article_pk))


def _first_version(article_pk):
    """The version of an article whose thread has none yet (first reader,
    or the cache lost it)."""
    version = secrets.token_hex(8)
    if cache.add(_version_key(article_pk), version, None):
        return version
    # Another process created it first; if it vanished again meanwhile, start over.
    return cache.get(_version_key(article_pk)) or _new_version(article_pk)


def cached_thread(article_pk, variant, render):
    """The thread's HTML: the stored copy when it was rendered at the current
    version, else ``render()``'s, stored for the next reader. ``variant`` names
    everything else the HTML depends on (open or closed, language, the
    article's last change), so each combination has its own copy.

    Version and HTML come back in one round trip to the cache."""
    version_key, html_key = _version_key(article_pk), _html_key(article_pk, variant)
    found = cache.get_many([version_key, html_key])
    version = found.get(version_key)
    stored = found.get(html_key)
    if version is None:
        version = _first_version(article_pk)
    elif stored is not None and stored[0] == version:
        return mark_safe(stored[1])
    html = render()
    cache.set(html_key, (version, str(html)), HTML_TIMEOUT)
    return html


# --- Signal receivers (connected in CommentsConfig.ready) -------------------

def comment_saved(sender, instance, update_fields=None, **kwargs):
    """A visible comment edited in place: the admin's change form, a
    webmention re-sent with a new title, a privacy erase. Status changes are
    bumped by comments.moderation, which alone knows the status before."""
    from .moderation import STATUS_FIELDS

    if update_fields is not None and frozenset(update_fields) <= STATUS_FIELDS:
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
