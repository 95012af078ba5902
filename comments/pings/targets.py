"""Which of our articles a URL names, decided without fetching anything.

Pingback 1.0 §3 asks the server to check the target before it touches the
source; Webmention §3.2.1 asks for the same check synchronously. Both use
``accepting_article``; the self-ping path uses ``article_for_url``."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .fetch import STANDARD_PORTS

# Longer than any permalink or real source page address; a sender's 100 KB
# "URL" is refused before it is parsed, stored or queued.
MAX_URL_LENGTH = 2000


class TargetError(Exception):
    """The target cannot receive a ping. ``code`` is the Pingback fault code."""

    code = 0

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class UnknownTarget(TargetError):
    code = 0x0020


class ClosedTarget(TargetError):
    code = 0x0021


def comparable_url(url):
    """A key under which two spellings of the same page compare equal:
    http and https, host case, default ports, a trailing slash, the fragment
    and percent-encoding of unreserved characters do not matter."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except (ValueError, AttributeError):
        return None
    if parts.scheme.lower() not in STANDARD_PORTS or not parts.hostname:
        return None
    if port == STANDARD_PORTS[parts.scheme.lower()]:
        port = None
    path = unquote(parts.path).rstrip("/")
    return (parts.hostname.lower().rstrip("."), port, path, parts.query)


def same_url(first, second):
    key = comparable_url(first)
    return key is not None and key == comparable_url(second)


def is_on_our_site(url):
    key, ours = comparable_url(url), comparable_url(settings.SITE_URL)
    if key is None or ours is None:
        return False
    return key[:2] == ours[:2] and (key[2] + "/").startswith(ours[2] + "/")


def article_for_url(url):
    """The Article (in any status) whose permalink ``url`` is, or None."""
    if not is_on_our_site(url):
        return None
    site_path = comparable_url(settings.SITE_URL)[2]
    path = comparable_url(url)[2][len(site_path):] + "/"
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "articles:detail" or "slug" not in match.kwargs:
        return None
    for article in Article.objects.filter(slug=match.kwargs["slug"]):
        if article.get_absolute_url().rstrip("/") + "/" == path:
            return article
    return None


def too_long(url):
    """True for a URL longer than any we accept; checked before any parsing."""
    return len(url) > MAX_URL_LENGTH


def accepting_article(url):
    """The published article at ``url`` that accepts pings; raises
    UnknownTarget (fault 32) or ClosedTarget (fault 33). A draft, a scheduled
    or a trashed article is answered exactly like a URL that names nothing,
    so a sender cannot probe for unpublished slugs."""
    article = article_for_url(url) if isinstance(url, str) and not too_long(url) else None
    if article is None or not article.is_public:
        raise UnknownTarget(_("The target URL is not an article on this site."))
    if not article.accepts_pings:
        raise ClosedTarget(_("The target article does not accept pingbacks or webmentions."))
    return article
