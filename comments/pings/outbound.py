"""Telling the sites we link to: Webmention first, Pingback 1.0 otherwise.

For each link in a published article's body (images, media and the article
itself left out) one LinkNotification row records method, endpoint, result,
attempts and the last error. A row is claimed before anything is sent, so two
jobs for the same article never send the same notification twice; transient
failures are retried with backoff; a pingback server's fault 48 ("already
registered") counts as done. Links to our own articles are recorded on the
target directly (a self-pingback), without an HTTP round trip.

The work starts from ``article_saved`` (a post_save receiver) through the
``notify_article_links`` task; ``resume_link_notifications`` in the hourly
maintenance picks up what a killed worker left. Retries are deferred with
``run_after`` where the task backend can wait (the database backend can);
the immediate backend of the tests cannot, so there a retry waits for the
next run of either task."""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import IntegrityError
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task, task_backends

from articles.models import Article
from bluedomes.jobs import enqueue_on_commit

from .. import pipeline
from ..models import Comment, DiscussionSettings, LinkNotification
from . import fetch, sourcepage, xmlrpc
from .targets import (
    TargetError,
    accepting_article,
    article_for_url,
    comparable_url,
    is_on_our_site,
    same_url,
)

logger = logging.getLogger(__name__)

State, Method = LinkNotification.State, LinkNotification.Method
MAX_ATTEMPTS = 5
# Seconds to wait after the 1st, 2nd, 3rd and 4th failed attempt.
BACKOFF = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
# A claimed row is left alone this long: discovery and sending each take at
# most one fetch deadline. A worker killed mid-send frees its rows after it.
LEASE = timedelta(seconds=fetch.DEADLINE * 2 + 40)
PINGBACK_DISCOVERY_BYTES = 150 * 1024  # Pingback 1.0 §2.3: the <link> is in the first 5 KB; 150 KB is generous.
MEDIA_EXTENSIONS = {
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "ico",
    "mp3", "ogg", "oga", "wav", "flac", "m4a", "aac", "opus",
    "mp4", "m4v", "webm", "ogv", "mov", "avi", "mkv",
}
_REL = re.compile(r"""(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)
_LINK_VALUE = re.compile(r"<([^>]*)>([^<]*)")


class SendFailure(Exception):
    def __init__(self, reason, *, transient):
        super().__init__(reason)
        self.reason = str(reason)[:500]
        self.transient = transient


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: str


def notifying_enabled():
    return settings.BLUEDOMES_NOTIFY_LINKED_BLOGS and DiscussionSettings.load().notify_linked_blogs


def extract_links(article):
    """The distinct http(s) links of the article body worth notifying, in order."""
    own_url = article.get_full_url()
    media_prefix = urljoin(settings.SITE_URL + "/", settings.MEDIA_URL)
    seen, links = set(), []
    for anchor in BeautifulSoup(article.body or "", "html.parser").find_all("a", href=True):
        url = urldefrag(urljoin(own_url, anchor["href"].strip()))[0]
        key = comparable_url(url)
        if key is None or key in seen or len(url) > 1000 or same_url(url, own_url):
            continue
        if _is_media(url) or url.startswith(media_prefix):
            continue
        if is_on_our_site(url) and article_for_url(url) is None:
            continue  # our own home page, archives, feeds: nobody to tell
        seen.add(key)
        links.append(url)
    return links


def _is_media(url):
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[1].lower() in MEDIA_EXTENSIONS


def notify_linked_sites(article, *, now=None):
    """Notify every linked site not yet notified for ``article``. Returns the
    earliest time a retry is due, or None."""
    if not (article.is_public and notifying_enabled()):
        return None
    now = now or timezone.now()
    links = extract_links(article)
    known = set(article.link_notifications.values_list("url", flat=True))
    for url in links:
        if url not in known:
            try:
                LinkNotification.objects.create(article=article, url=url)
            except IntegrityError:
                pass  # another job created it first; the claim below decides who sends
    for notification in article.link_notifications.filter(url__in=links, state=State.PENDING):
        if _claim(notification, now):
            notification.refresh_from_db()
            _process(article, notification, now)
    return (
        article.link_notifications.filter(state=State.PENDING, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def _claim(notification, now):
    """Take the row for one attempt, atomically: only one job's UPDATE matches."""
    return (
        LinkNotification.objects.filter(pk=notification.pk, state=State.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + LEASE)
        == 1
    )


def _process(article, notification, now):
    source = article.get_full_url()
    try:
        if is_on_our_site(notification.url):
            endpoint, result = Endpoint(Method.PINGBACK, ""), _self_ping(article, notification.url)
        else:
            endpoint = discover(notification.url)
            if endpoint is None:
                _finish(notification, State.UNSUPPORTED, result=_("No webmention or pingback endpoint."))
                return
            result = send(endpoint, source, notification.url)
    except SendFailure as failure:
        _fail(notification, failure, now)
        return
    except Exception as error:
        # Whatever went wrong, the row must not stay claimed by a dead attempt.
        logger.exception("outbound: notifying %s failed", notification.url)
        _fail(notification, SendFailure(repr(error), transient=True), now)
        return
    notification.method, notification.endpoint = endpoint.method, endpoint.url
    _finish(notification, State.DONE, result=result)


def _finish(notification, state, *, result="", error=""):
    notification.state = state
    notification.result = str(result)[:500]
    notification.last_error = error[:500]
    notification.next_attempt_at = None
    if state == State.DONE:
        notification.notified_at = timezone.now()
    notification.save()


def _fail(notification, failure, now):
    if failure.transient and notification.attempts < MAX_ATTEMPTS:
        notification.last_error = failure.reason
        notification.next_attempt_at = now + timedelta(seconds=BACKOFF[min(notification.attempts, len(BACKOFF)) - 1])
        notification.save(update_fields=["last_error", "next_attempt_at"])
    else:
        _finish(notification, State.FAILED, error=failure.reason)


def _self_ping(article, target_url):
    """Record the pingback on our own target article, as its XML-RPC endpoint
    would after fetching our page (a loopback SITE_URL could not be fetched)."""
    if not settings.BLUEDOMES_SELF_PINGS:
        raise SendFailure(_("Self-pingbacks are turned off."), transient=False)
    try:
        target = accepting_article(target_url)
    except TargetError as error:
        raise SendFailure(error.message, transient=False) from None
    page = sourcepage.parse_html(article.body, article.get_full_url(), target_url)
    try:
        pipeline.receive_ping(
            target,
            type=Comment.Type.PINGBACK,
            source_url=article.get_full_url(),
            source_title=article.title,
            source_site_name=settings.SITE_NAME,
            excerpt=page.excerpt,
            ip_address="127.0.0.1",
            user_agent=fetch.user_agent(),
        )
    except pipeline.DuplicatePing:
        return _("Already recorded on our article.")
    return _("Recorded on our article.")


def discover(url):
    """The Webmention endpoint of ``url`` (Webmention §3.1.2: the first Link
    header, then the first <link> or <a> in document order), else its
    Pingback server (X-Pingback header, else <link rel="pingback">), else None."""
    try:
        page = fetch.fetch(url)
    except fetch.FetchError as error:
        raise SendFailure(_("The linked page could not be fetched: %s") % error.reason, transient=error.transient)
    if page.status >= 500 or page.status == 429:
        raise SendFailure(_("The linked page answered %s.") % page.status, transient=True)
    if not page.ok:
        raise SendFailure(_("The linked page answered %s.") % page.status, transient=False)
    soup = BeautifulSoup(page.content, "html.parser", from_encoding=page.charset) if page.is_html else None
    # An empty href is the page itself, which is a valid endpoint (Webmention test suite #15).
    href = _link_header(page.headers, "webmention")
    if href is None and soup is not None:
        element = soup.find(_rel_element(("link", "a"), "webmention"))
        href = element["href"].strip() if element else None
    if href is not None:
        return Endpoint(Method.WEBMENTION, urljoin(page.url, href))
    href = page.headers.get("x-pingback", "").strip() or None
    if href is None and page.is_html:
        head = BeautifulSoup(page.content[:PINGBACK_DISCOVERY_BYTES], "html.parser", from_encoding=page.charset)
        element = head.find(_rel_element(("link",), "pingback"))
        href = element["href"].strip() if element else None
    if href:
        return Endpoint(Method.PINGBACK, urljoin(page.url, href))
    return None


def _rel_element(names, token):
    """A BeautifulSoup matcher: an element named in ``names`` with an href and ``token`` among its rel values."""

    def matches(tag):
        rel = tag.get("rel") or []
        tokens = rel.split() if isinstance(rel, str) else rel
        return tag.name in names and tag.has_attr("href") and token in (value.lower() for value in tokens)

    return matches


def _link_header(headers, token):
    """The target of the first Link header entry whose rel has ``token``."""
    for value in headers.get_list("link"):
        for match in _LINK_VALUE.finditer(value):
            rel = _REL.search(match.group(2))
            if rel and token in (rel.group(1) or rel.group(2) or "").lower().split():
                return match.group(1).strip()
    return None


def send(endpoint, source, target):
    if endpoint.method == Method.WEBMENTION:
        return _send_webmention(endpoint.url, source, target)
    return _send_pingback(endpoint.url, source, target)


def _send_webmention(endpoint, source, target):
    # Query parameters of the endpoint stay in its URL; source and target
    # go in the form body (Webmention §3.1.3).
    response = _post(endpoint, data={"source": source, "target": target})
    if response.ok:
        return _("Webmention accepted (HTTP %s).") % response.status
    detail = response.text.strip()[:200]
    transient = response.status >= 500 or response.status == 429
    raise SendFailure(_("The endpoint answered %(status)s: %(detail)s") % {"status": response.status,
                                                                            "detail": detail}, transient=transient)


def _send_pingback(server, source, target):
    response = _post(server, content=xmlrpc.dumps_call("pingback.ping", source, target),
                     headers={"Content-Type": "text/xml; charset=utf-8"})
    if response.status >= 500 or response.status == 429:
        raise SendFailure(_("The pingback server answered %s.") % response.status, transient=True)
    if not response.ok:
        raise SendFailure(_("The pingback server answered %s.") % response.status, transient=False)
    try:
        value = xmlrpc.loads_response(response.content)
    except xmlrpc.Fault as fault:
        if fault.code == 0x0030:
            return _("Already registered (fault 48).")
        # 16: their fetch of our page failed, 50: their upstream trouble;
        # both may pass. Everything else is an answer that will not change.
        transient = fault.code in (0x0010, 0x0032)
        raise SendFailure(_("Fault %(code)s: %(message)s") % {"code": fault.code, "message": fault.message[:200]},
                          transient=transient) from None
    return str(value)[:500] or _("Pingback accepted.")


def _post(url, **kwargs):
    try:
        return fetch.fetch(url, method="POST", **kwargs)
    except fetch.FetchError as error:
        raise SendFailure(_("Could not reach %(url)s: %(reason)s") % {"url": url, "reason": error.reason},
                          transient=error.transient) from None


@dataclass(frozen=True)
class NotificationSummary:
    notified: int
    total: int
    notifications: list  # one LinkNotification per current link; unsaved where no job ran yet
    enabled: bool

    def __str__(self):
        if not self.total:
            return _("No linked sites to notify.")
        return ngettext(
            "Notified %(notified)s of %(total)s linked site",
            "Notified %(notified)s of %(total)s linked sites",
            self.total,
        ) % {"notified": self.notified, "total": self.total}


def notification_summary(article):
    """What the author sees in the admin: "Notified 3 of 4 linked sites" and each link's row."""
    links = extract_links(article) if article.pk else []
    rows = {row.url: row for row in article.link_notifications.filter(url__in=links)} if links else {}
    notifications = [rows.get(url) or LinkNotification(article=article, url=url) for url in links]
    notified = sum(1 for row in notifications if row.state == State.DONE)
    return NotificationSummary(notified, len(links), notifications, notifying_enabled())


def summary_html(article):
    """The admin's read-only "linked sites" field."""
    return render_to_string("comments/admin/link_notifications.html", {"summary": notification_summary(article)})


# --- Signal receiver and tasks ----------------------------------------------------

def article_saved(sender, instance, raw=False, **kwargs):
    """A saved article that is not a draft notifies its links after the commit;
    the task skips every link already notified, so an edit reaches only new ones."""
    # ``raw``: loaddata restoring a fixture is not an author publishing.
    if raw or instance.status == Article.Status.DRAFT:
        return
    enqueue_on_commit(notify_article_links, instance.pk)


@task()
def notify_article_links(article_pk):
    article = Article.objects.filter(pk=article_pk).first()
    if article is None:
        return "article deleted"
    if not article.is_public and article.published_at > timezone.now():
        _defer(notify_article_links, article.published_at, article_pk)
        return "scheduled"
    retry_at = notify_linked_sites(article)
    if retry_at is not None:
        _defer(notify_article_links, retry_at, article_pk)
    return str(notification_summary(article))


@task()
def resume_link_notifications():
    """Pick up every article with notifications due, e.g. after a worker was
    killed mid-send (its claims expire after LEASE)."""
    due = Article.objects.filter(link_notifications__state=State.PENDING).distinct()
    for article in due:
        notify_linked_sites(article)
    return len(due)


def _defer(task_, when, *args):
    """Enqueue ``task_`` to run at ``when`` if the backend can wait; else do nothing."""
    if task_backends[task_.backend].supports_defer:
        task_.using(run_after=when).enqueue(*args)
