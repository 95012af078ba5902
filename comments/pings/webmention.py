"""Receiving webmentions (W3C Webmention, §3.2).

The endpoint checks what it can without the network (schemes, source is not
target, the target is one of our open articles) and answers 400 with the
reason, or 202 Accepted; the source is fetched later by a background task
(``verify_webmention``), so a sender cannot make the request
itself wait on a third party. A mention is re-verified on every resend: it is
created, updated, or removed when the source answers 410/404 or no longer
links here."""

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django_tasks import task

from bluedomes.clientip import client_ip
from bluedomes.jobs import enqueue_on_commit

from .. import moderation, pipeline
from ..models import Comment
from . import fetch, limits, sourcepage
from .targets import (
    MAX_URL_LENGTH,
    TargetError,
    accepting_article,
    comparable_url,
    same_url,
    too_long,
)

GONE_STATUSES = (404, 410)
# History messages; also how a mention we removed is told from one a moderator trashed.
SOURCE_GONE = gettext_lazy("The source page is gone.")
SOURCE_UNLINKED = gettext_lazy("The source no longer links to this article.")


@csrf_exempt
def webmention_endpoint(request):
    if request.method != "POST":
        message = _("Send webmentions here: a form-encoded POST of source and target.")
        return HttpResponseNotAllowed(["POST"], message, content_type="text/plain; charset=utf-8")
    ip_address = client_ip(request)
    if not limits.allow_client(ip_address):
        return _too_many()
    source = request.POST.get("source", "").strip()
    target = request.POST.get("target", "").strip()
    reason = check_request(source, target)
    if reason:
        return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
    if not limits.allow_source_host(source):
        return _too_many()
    # One verification per (source, target) at a time: a resend while one is
    # queued is answered the same, and the queued one reads the page afresh.
    if limits.acquire_verification(source, target):
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
        enqueue_on_commit(verify_webmention, source, target, ip_address, user_agent)
    return HttpResponse(
        _("Accepted: the source will be checked shortly."), status=202, content_type="text/plain; charset=utf-8"
    )


def check_request(source, target):
    """The synchronous checks of Webmention §3.2.1; the reason for a 400, or ""."""
    if not source or not target:
        return _("Both source and target are required.")
    if too_long(source) or too_long(target):
        return _("Source and target must be at most %(limit)d characters long.") % {"limit": MAX_URL_LENGTH}
    if comparable_url(source) is None or comparable_url(target) is None:
        return _("Source and target must be http or https URLs.")
    if same_url(source, target):
        return _("The source and the target are the same page.")
    try:
        accepting_article(target)
    except TargetError as error:
        return str(error.message)
    return ""


def verify(source, target, *, ip_address, user_agent=""):
    """Fetch the source and create, update or remove the mention. Returns a
    short description of what happened, for the task's result."""
    try:
        article = accepting_article(target)
    except TargetError as error:
        return str(error.message)
    existing = Comment.objects.filter(ping_key=pipeline.ping_key(article, source)).first()
    try:
        result = fetch.fetch(source)
    except fetch.FetchError as error:
        # Unreachable now is not gone: keep what we have, store nothing new.
        return f"source not fetched: {error.reason}"
    if result.status in GONE_STATUSES:
        return _remove(existing, SOURCE_GONE)
    if not result.ok:
        return f"source answered {result.status}"
    page = sourcepage.parse(result, target, microformats=True) if result.is_html else None
    if page is None or not page.links_to_target:
        return _remove(existing, SOURCE_UNLINKED)
    if existing is None:
        try:
            pipeline.receive_ping(
                article,
                type=Comment.Type.WEBMENTION,
                source_url=source,
                source_title=page.mention_title,
                source_site_name=page.site_name,
                excerpt=page.mention_excerpt,
                ip_address=ip_address,
                user_agent=user_agent,
            )
            return "created"
        except pipeline.DuplicatePing:
            existing = Comment.objects.get(ping_key=pipeline.ping_key(article, source))
    return _update(existing, page)


def _update(comment, page):
    comment.source_title = page.mention_title[:300]
    comment.source_site_name = page.site_name[:200]
    comment.user_name = (page.mention_title or page.site_name or comment.source_url)[:50]
    comment.comment = page.mention_excerpt
    comment.save(update_fields=["source_title", "source_site_name", "user_name", "comment"])
    moderation.record(comment, _("Updated from the source page."))
    if comment.status == Comment.Status.TRASH and _trashed_because_gone(comment):
        moderation.set_status(comment, Comment.Status.PENDING, message=_("The source links here again."))
    return "updated"


def _remove(comment, reason):
    if comment is None:
        return "nothing stored"
    if comment.status != Comment.Status.TRASH:
        moderation.set_status(comment, Comment.Status.TRASH, message=str(reason))
    return "removed"


def _trashed_because_gone(comment):
    """Only a mention we trashed because its source went away comes back by
    itself; one a moderator trashed stays in the trash."""
    last = comment.events.filter(to_status=Comment.Status.TRASH).last()
    return last is not None and last.actor_id is None and last.message in (str(SOURCE_GONE), str(SOURCE_UNLINKED))


def _too_many():
    response = HttpResponse(_("Too many webmentions; try again later."), status=429,
                            content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(limits.SOURCE_HOST_LIMIT[1])
    return response


@task()
def verify_webmention(source, target, ip_address, user_agent=""):
    try:
        return verify(source, target, ip_address=ip_address, user_agent=user_agent)
    finally:
        limits.release_verification(source, target)
