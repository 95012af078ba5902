"""Whole pages for readers who bring nothing of their own.

A reader without a session, held comments, a saved name, a likes cookie or
a query string gets the same page as every other such reader, except for
the likes line (their own "Liked", known by cookie or address). Such pages
carry no CSRF token: the anonymous comment and like forms are protected
otherwise (bluedomes.anonymous_posts). Two copies are kept:

  - in Django's cache, with the likes line left as a hole that each request
    fills in, kept rendered both ways, with this reader's state and the
    current count; serving it costs two small queries (the versions below,
    and the likes);
  - as a plain file (articles.page_files) that nginx serves without asking
    Python at all, with the likes line as a reader who has not liked sees it.
    It is written the first time Python serves the page while no file exists.

Everyone else takes the ordinary path, where only the comment thread comes
from the cache (comments.thread_cache).

A stored page is served only while nothing it shows has changed:
  - the article's comment thread version (comments.thread_cache) — every moderator
    action, new comment or ping, and edit bumps it;
  - the content version below — any article, category, tag, picture, user
    or discussion settings saved or deleted;
  - at most PAGE_SECONDS: what changes with the clock alone (a scheduled
    article becoming the "next article", the footer's year, the form's
    timestamp) is at most that late. A page whose comments close by the
    clock within that time is not stored at all. Files live at most
    BLUEDOMES_PAGE_CACHE_SECONDS (articles.page_files.sweep).
Both versions are read before what they describe (they live in the
database, see comments.thread_cache), so a change that lands during a render
leaves a copy that is already stale. Each renewal of a version also removes
the files it retires when its transaction commits (``files_retired``): an
article's own files for its thread or its likes, every file for the content
version. That is before the moderator's response leaves, and for every web
server sharing the folder.
"""

import contextvars
import re
from contextlib import contextmanager
from datetime import timedelta
from html import escape

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from comments import thread_cache
from comments.cookies import PENDING_COOKIE, REMEMBER_COOKIE
from comments.models import DiscussionSettings
from comments.pings.discovery import discovery_headers
from comments.rules import comments_closed

from . import likes, page_files
from .models import Like
from .protection import UNLOCK_COOKIE

PAGE_SECONDS = 60
LIST_QUERY = frozenset({"page", "lang"})
CONTENT_KEY = "articles:content"


def _hole(name):
    # Derived from the secret key: a commenter cannot type a marker into a
    # comment and have a token or a likes form appear in its place.
    return f"bd-hole-{salted_hmac('articles.page_cache', name).hexdigest()[:24]}"


def likes_hole():
    return _hole("likes")


def _holes():
    return {_hole(name): name for name in ("likes", "likes_text")}


def _segments(html):
    """``html`` cut at its holes: bytes to send as they are, and hole names."""
    holes = _holes()
    pieces = re.split("(" + "|".join(map(re.escape, holes)) + ")", html)
    return [holes[piece] if index % 2 else piece.encode() for index, piece in enumerate(pieces)]


def _join(segments, fills):
    return b"".join(fills[part] if isinstance(part, str) else part for part in segments)


def cacheable_request(request, query=frozenset()):
    """A GET whose query string holds nothing but the names in ``query`` and
    that brings none of the cookies that make a page someone's own (session:
    staff previews and logged-in names; held comments; the remembered
    commenter; unlocked password-protected articles; the likes reader, whose
    "Liked" a file could not show), while caching is switched on."""
    personal = {settings.SESSION_COOKIE_NAME, PENDING_COOKIE, REMEMBER_COOKIE, UNLOCK_COOKIE, likes.COOKIE_NAME}
    return (
        thread_cache.enabled()
        and request.method in ("GET", "HEAD")
        and set(request.GET) <= query
        and (query or not request.META.get("QUERY_STRING"))
        and not personal.intersection(request.COOKIES)
    )


def _page_key(request):
    return f"articles:page:{_settings_generation}:{get_language()}:{request.path}"


def lookup(request):
    """(the stored page for this request if still current, else None; the
    content version, read now, before anything a new render would read)."""
    stored = cache.get(_page_key(request))
    if stored is None:
        return None, thread_cache.versions(CONTENT_KEY)[CONTENT_KEY]
    thread_key = thread_cache.thread_key(stored["article_pk"])
    current = thread_cache.versions(CONTENT_KEY, thread_key)
    if stored["content_version"] == current[CONTENT_KEY] and stored["thread_version"] == current[thread_key]:
        return stored, current[CONTENT_KEY]
    return None, current[CONTENT_KEY]


def store(request, article, html, *, content_version, thread_version, language):
    """Keep a page rendered with holes (unless its comments close by the
    clock before it would expire); returns what ``serve`` needs. The likes
    line is kept rendered both ways, liked and not, so serving it costs no
    template: only the count's words and the token go in, in the page's
    ``language``."""
    with translation.override(language):
        rendered_likes = {liked: _segments(_render_likes(article.pk, liked)) for liked in (False, True)}
    page = {
        "language": language,
        "content_version": content_version,
        "thread_version": thread_version,
        "article_pk": article.pk,
        "segments": _segments(html),
        "likes": rendered_likes,
        "headers": {**discovery_headers(article), "Content-Language": language},
    }
    discussion = DiscussionSettings.load()
    now = timezone.now()
    closed_now = comments_closed(article, discussion, now=now)

    def stays_open_or_closed(seconds):
        return comments_closed(article, discussion, now=now + timedelta(seconds=seconds)) == closed_now

    # A file lives until the sweep after its lifetime: up to a minute more.
    page["file"] = stays_open_or_closed(settings.BLUEDOMES_PAGE_CACHE_SECONDS + 60)
    if stays_open_or_closed(PAGE_SECONDS):
        cache.set(_page_key(request), page, PAGE_SECONDS)
    return page


def _render_likes(article_pk, liked):
    # No token: the like form of a reader without a session is checked by
    # its Origin instead (bluedomes.anonymous_posts).
    return render_to_string("articles/_likes.html", {
        "article_pk": article_pk, "liked": liked, "likes_text": _hole("likes_text"), "csrf_token": "",
    })


def serve(request, page):
    """The stored page with this reader's likes line; its file for nginx
    written when there is none yet."""
    count, liked = likes.like_state(page["article_pk"], likes.reader_token(request), likes.reader_ip_hash(request))
    with translation.override(page["language"]):
        likes_text = likes.likes_text(count)
    fills = {"likes_text": escape(likes_text).encode()}
    fills["likes"] = _join(page["likes"][liked], fills)
    content = _join(page["segments"], fills)
    if page["file"] and _wants_file(request):
        shared = content if not liked else _join(page["segments"], {**fills, "likes": _join(page["likes"][False], fills)})
        _write_file(request, shared, lambda: _page_current(page) and likes.like_state(page["article_pk"], None, "")[0] == count)
    response = HttpResponse(content)
    for name, value in page["headers"].items():
        response[name] = value
    return response


def _page_current(page):
    thread_key = thread_cache.thread_key(page["article_pk"])
    current = thread_cache.versions(CONTENT_KEY, thread_key)
    return page["content_version"] == current[CONTENT_KEY] and page["thread_version"] == current[thread_key]


def _wants_file(request):
    """Files are kept for requests nginx would look for one: no query string."""
    return page_files.enabled() and not request.META.get("QUERY_STRING")


def _write_file(request, content, still_current):
    host, language = page_files.host_of(request), get_language()
    if not page_files.exists(host, language, request.path):
        page_files.write(host, language, request.path, content, still_current)


# --- Lists of articles ------------------------------------------------------
# Home, archives and their pages show nothing of the reader's own and no form
# that posts, so a stored copy is served as it is while the content version
# holds (and at most PAGE_SECONDS, for scheduled articles that appear).

def cacheable_list_request(request):
    """As ``cacheable_request``, with a page number allowed in the query."""
    return cacheable_request(request, query=LIST_QUERY)


def _list_key(request):
    return f"articles:list:{_settings_generation}:{get_language()}:{request.get_full_path()}"


def lookup_list(request):
    """(the stored list page's bytes if still current, else None; the content
    version, read before anything a new render would read)."""
    content_version = thread_cache.versions(CONTENT_KEY)[CONTENT_KEY]
    stored = cache.get(_list_key(request))
    if stored is not None and stored["content_version"] == content_version:
        if _wants_file(request):
            _write_file(request, stored["content"], lambda: _content_current(content_version))
        return stored["content"], content_version
    return None, content_version


def store_list(request, response, content_version):
    if response.status_code == 200:
        cache.set(_list_key(request), {"content": response.content, "content_version": content_version}, PAGE_SECONDS)
        if _wants_file(request):
            _write_file(request, response.content, lambda: _content_current(content_version))


def _content_current(content_version):
    return thread_cache.versions(CONTENT_KEY)[CONTENT_KEY] == content_version


# --- The content version (signals connected in ArticlesConfig.ready) --------

# Set by content_changes_held(): saves renew nothing while it lasts.
_held = contextvars.ContextVar("bluedomes_content_changes_held", default=False)


@contextmanager
def content_changes_held():
    """For a bulk writer that renews the content version itself when it is
    done (the WordPress import): each term or author it saves would renew it
    otherwise, and clear every page file, once per row."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def content_changed(sender, update_fields=None, created=False, **kwargs):
    # A login stamps last_login on the user; no page shows it. The discussion
    # settings row is created with its defaults by its first load(), in the
    # middle of a render that already used those defaults.
    if _held.get() or update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if created and sender is DiscussionSettings:
        return
    thread_cache.renew_version(CONTENT_KEY)


def files_retired(sender, key, **kwargs):
    """A version renewed (comments.thread_cache.version_renewed): the files
    it retires go, the article's own for its thread, all of them for the
    content version."""
    if key == CONTENT_KEY:
        _retire(page_files.clear)
        return
    article_pk = thread_cache.article_of(key)
    if article_pk is not None:
        _retire(lambda: remove_article_files(article_pk))


def _retire(remove):
    """Now, so that the one making the change sees it at once even before the
    commit (their own next request), and again when the transaction commits:
    a reader who rendered the old rows in between may have written a file,
    and the moderator's response leaves only after this second removal."""
    if page_files.enabled():
        remove()
        transaction.on_commit(remove)


def remove_article_files(article_pk):
    """Every file of the article's pages (its comment pages included)."""
    article = apps.get_model("articles", "Article").objects.filter(pk=article_pk).first()
    if article is not None:
        page_files.remove_paths([article.get_absolute_url()])


def like_changed(sender, instance, **kwargs):
    # The count is in the article's files; the stored copy in the cache has
    # a hole for it instead.
    _retire(lambda: remove_article_files(instance.article_id))


def watch_content():
    """Everything an article page shows besides its comments and likes: the
    articles app's models (neighbours, categories, tags, pictures), authors'
    names, and the discussion settings (open or closed, required fields)."""
    Article = apps.get_model("articles", "Article")
    watched = [model for model in apps.get_app_config("articles").get_models() if model is not Like]
    watched += [get_user_model(), DiscussionSettings]
    for model in watched:
        uid = f"articles.page_cache.{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + ".delete")
    for through in (Article.categories.through, Article.tags.through):
        uid = f"articles.page_cache.{through._meta.label_lower}"
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=uid)
    setting_changed.connect(_settings_changed, dispatch_uid="articles.page_cache.settings")
    thread_cache.version_renewed.connect(files_retired, dispatch_uid="articles.page_cache.files")
    post_save.connect(like_changed, sender=Like, dispatch_uid="articles.page_cache.like.save")
    post_delete.connect(like_changed, sender=Like, dispatch_uid="articles.page_cache.like.delete")


# Settings are fixed for a server's life, but tests change them (Akismet on or
# off shows or hides the notice under the form): each change starts new keys
# for the pages this process stores.
_settings_generation = 0


def _settings_changed(**kwargs):
    global _settings_generation
    _settings_generation += 1
