"""Akismet's protocol (https://akismet.com/developers/) and nothing else: the
client built from settings, the fields comment-check is sent, comment-check,
submit-spam/ham, and the key status the admin shows.

What a verdict *does* to a comment, when a check is retried and the tasks
that run checks are in comments.pipeline."""

import hashlib
from datetime import UTC

import akismet
import httpx
from django.conf import settings
from django.core.cache import cache

from articles.models import Article

from .models import Comment
from .rules import is_privileged

USER_AGENT = f"Bluedomes/0.1 | {akismet.USER_AGENT}"
# The honeypot field of django_comments' form, named to Akismet as its
# comment-check documentation asks.
HONEYPOT_FIELD_NAME = "honeypot"
STATUS_OFF, STATUS_OK, STATUS_INVALID_KEY, STATUS_UNREACHABLE = "off", "ok", "invalid-key", "unreachable"

Verdict = Comment.Verdict


class Unavailable(Exception):
    """Akismet could not give an answer: network error, timeout, HTTP error
    or a body its API never sends. The comment waits and is checked again."""


class InvalidKey(Exception):
    """Akismet refused the configured API key (or the blog URL with it)."""


def is_configured():
    return bool(settings.AKISMET_API_KEY)


class _RebaseTransport(httpx.BaseTransport):
    """Sends the library's requests (always addressed to rest.akismet.com)
    to ``AKISMET_API_URL`` instead, so staging can use any compatible endpoint."""

    def __init__(self, base_url):
        self.base = httpx.URL(base_url.rstrip("/") + "/")
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request):
        prefix = self.base.raw_path.rstrip(b"/")
        request.url = request.url.copy_with(
            scheme=self.base.scheme, host=self.base.host, port=self.base.port,
            raw_path=prefix + request.url.raw_path,
        )
        request.headers["Host"] = request.url.netloc.decode("ascii")
        return self.inner.handle_request(request)

    def close(self):
        self.inner.close()


def get_client():
    """A SyncClient for the configured key and site, or None when Akismet is off.
    The caller closes it (``client._http_client.close()`` via ``closing``)."""
    if not is_configured():
        return None
    http_client = httpx.Client(
        transport=_RebaseTransport(settings.AKISMET_API_URL),
        headers={"User-Agent": USER_AGENT},
        timeout=settings.AKISMET_TIMEOUT,
    )
    config = akismet.Config(key=settings.AKISMET_API_KEY, url=settings.SITE_URL + "/")
    return akismet.SyncClient(config=config, http_client=http_client)


def _call(operation, *args, **kwargs):
    """Run one client method, translating the library's errors into ours."""
    client = get_client()
    if client is None:
        raise Unavailable("Akismet is not configured")
    try:
        return getattr(client, operation)(*args, **kwargs)
    except akismet.APIKeyError as exc:
        _remember_status(STATUS_INVALID_KEY)
        raise InvalidKey(str(exc)) from exc
    except (akismet.RequestError, akismet.ProtocolError) as exc:
        raise Unavailable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from exc
    finally:
        client._http_client.close()


def _gmt(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def comment_type(comment):
    """Akismet's vocabulary: a reader's comment is "comment" or "reply";
    pings keep their own type."""
    if comment.is_ping:
        return comment.type
    return "reply" if comment.parent_id and comment.parent_id != comment.pk else "comment"


def user_role(user, article):
    if not (user and user.is_authenticated):
        return ""
    # Akismet documents "administrator" as never spam: right for the people
    # whose comments the local rules approve anyway.
    if is_privileged(user, article):
        return "administrator"
    return "editor" if user.is_staff else "subscriber"


def request_fields(comment, article, *, user=None, honeypot=True):
    """Every comment-check field the API documents, as sent for ``comment``.
    Stored on the comment so submit-spam/ham can repeat them later."""
    fields = {
        "blog": settings.SITE_URL + "/",
        "user_ip": comment.ip_address or "",
        "user_agent": comment.user_agent,
        "referrer": comment.referrer,
        "permalink": article.get_full_url(),
        "comment_type": comment_type(comment),
        "comment_author": comment.user_name,
        "comment_author_email": comment.user_email,
        "comment_author_url": comment.user_url,
        "comment_content": comment.comment,
        "comment_date_gmt": _gmt(comment.submit_date),
        "comment_post_modified_gmt": _gmt(article.updated_at or article.published_at),
        "blog_lang": article.language,
        "blog_charset": "UTF-8",
    }
    role = user_role(user, article)
    if role:
        fields["user_role"] = role
    if honeypot:
        fields["honeypot_field_name"] = HONEYPOT_FIELD_NAME
    return fields


def _arguments(comment):
    """The stored fields as the library's keyword arguments (it adds ``blog`` itself)."""
    fields = dict(comment.akismet_request)
    if not fields:
        fields = request_fields(comment, Article.objects.get(pk=comment.object_pk), honeypot=False)
    user_ip = fields.pop("user_ip", "") or comment.ip_address or ""
    # Only what the library accepts (it refuses unknown names); ``blog`` is
    # its own, and a stored re-check reason must not leak into feedback.
    accepted = akismet.AkismetArguments.__optional_keys__ - {"recheck_reason"}
    return user_ip, {name: value for name, value in fields.items() if name in accepted and value not in ("", None)}


def check(comment, *, recheck_reason=""):
    """Ask comment-check about ``comment``; returns a ``Comment.Verdict``
    (HAM, SPAM or DISCARD). Raises Unavailable or InvalidKey."""
    user_ip, arguments = _arguments(comment)
    if recheck_reason:
        arguments["recheck_reason"] = recheck_reason
    answer = _call("comment_check", user_ip, **arguments)
    _remember_status(STATUS_OK)
    return {
        akismet.CheckResponse.HAM: Verdict.HAM,
        akismet.CheckResponse.SPAM: Verdict.SPAM,
        akismet.CheckResponse.DISCARD: Verdict.DISCARD,
    }[answer]


def check_contact_form(*, user_ip, user_agent, referrer, permalink, name, email, content):
    """comment-check for a message sent through a contact form (Akismet's
    ``comment_type=contact-form``); returns a ``Comment.Verdict``. Raises
    Unavailable or InvalidKey."""
    arguments = {
        "user_agent": user_agent, "referrer": referrer, "permalink": permalink,
        "comment_type": "contact-form", "comment_author": name, "comment_author_email": email,
        "comment_content": content, "blog_lang": settings.LANGUAGE_CODE.split("-")[0], "blog_charset": "UTF-8",
        "honeypot_field_name": HONEYPOT_FIELD_NAME,
    }
    answer = _call("comment_check", user_ip, **{name: value for name, value in arguments.items() if value})
    _remember_status(STATUS_OK)
    return {
        akismet.CheckResponse.HAM: Verdict.HAM,
        akismet.CheckResponse.SPAM: Verdict.SPAM,
        akismet.CheckResponse.DISCARD: Verdict.DISCARD,
    }[answer]


def submit(comment, kind):
    """submit-spam or submit-ham with the fields comment-check was sent."""
    user_ip, arguments = _arguments(comment)
    operation = "submit_spam" if kind == "spam" else "submit_ham"
    return _call(operation, user_ip, **arguments)


# --- The key's status, for the warning on every admin page -----------------

def _status_cache_key():
    digest = hashlib.sha256(f"{settings.AKISMET_API_KEY} {settings.AKISMET_API_URL}".encode()).hexdigest()[:16]
    return f"akismet-status:{digest}"


def _remember_status(status):
    cache.set(_status_cache_key(), status, 3600 if status != STATUS_UNREACHABLE else 300)


def akismet_status():
    """"off" (no key), "ok", "invalid-key" or "unreachable": verify-key's
    answer, cached for an hour (five minutes while unreachable) so admin
    pages do not wait on Akismet."""
    if not is_configured():
        return STATUS_OFF
    status = cache.get(_status_cache_key())
    if status is None:
        try:
            status = STATUS_OK if _call("verify_key") else STATUS_INVALID_KEY
        except (Unavailable, InvalidKey):
            status = STATUS_UNREACHABLE
        _remember_status(status)
    return status
