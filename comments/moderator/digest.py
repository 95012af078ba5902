"""The daily digest for moderators who chose one instead of an email per
held comment (ModeratorPreference): one message a day listing what waits,
held comments, pings and what Akismet called spam since the last digest,
each with its signed Approve / Spam / Trash links.

The hourly maintenance runs ``send_moderator_digests``. From
COMMENTS_MODERATOR_DIGEST_HOUR (the site's time zone) on, each digest
moderator gets one ModeratorDigest row for the day; the row is unique per
moderator and day and a sender claims it with a conditional UPDATE, so two
workers running at once send one email. A day with nothing waiting is
recorded and sends nothing. A mail server that is down or refuses leaves the
row pending with backoff; a later run sends it, and a digest still pending
when the next day's is written is replaced by that one, which lists what
waits then."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from subscribers.mailing import BACKOFF, LEASE, MAIL_ERRORS, MAX_ATTEMPTS

from ..emails import build_email
from ..models import Comment, ModeratorDigest, ModeratorPreference
from ..notifications import moderator_recipients, queue_url
from . import action_links

logger = logging.getLogger(__name__)

State = ModeratorDigest.State
# Each list in the message stops here; the queue link shows the rest.
LISTED = 30


def _sections(since):
    """(title, queryset, status for the queue link) for each kind of waiting comment."""
    pending = Comment.objects.pending().exclude(pk__in=Comment.objects.awaiting_spam_check().values("pk"))
    caught = Comment.objects.spam().filter(events__to_status=Comment.Status.SPAM, events__created_at__gte=since)
    return [
        (_("Held comments"), pending.filter(type=Comment.Type.COMMENT), Comment.Status.PENDING),
        (_("Pingbacks and webmentions"), pending.pings(), Comment.Status.PENDING),
        (_("Marked as spam since the last digest"), caught.distinct(), Comment.Status.SPAM),
    ]


def waiting(user, since):
    """What the digest lists for ``user``: one dict per non-empty section."""
    sections = []
    for title, queryset, status in _sections(since):
        total = queryset.count()
        if not total:
            continue
        shown = list(queryset.order_by("-submit_date", "-pk").prefetch_related("content_object")[:LISTED])
        sections.append({
            "title": title,
            "total": total,
            "more": total - len(shown),
            "queue_url": queue_url(status),
            "items": [{"comment": c, "article": c.content_object, "links": action_links.links(c, user)} for c in shown],
        })
    return sections


def digest_message(address, user, sections):
    count = sum(section["total"] for section in sections)
    subject = ngettext(
        "%(count)d comment waits for moderation on %(site)s",
        "%(count)d comments wait for moderation on %(site)s",
        count,
    ) % {"count": count, "site": settings.SITE_NAME}
    context = {"user": user, "sections": sections, "queue_url": queue_url(), "link_days": action_links.days()}
    return build_email(address, subject, "comments/email/moderator_digest.txt", context)


def _since(user, now):
    last = ModeratorDigest.objects.filter(user=user, state=State.SENT).order_by("-sent_at").first()
    return last.sent_at if last else now - timedelta(days=1)


def _claim(digest, now):
    """Take the row for one attempt; False when another worker has it or it is not due."""
    token = secrets.token_hex(16)
    due = Q(not_before__isnull=True) | Q(not_before__lte=now)
    taken = ModeratorDigest.objects.filter(due, pk=digest.pk, state=State.PENDING).update(
        claim=token, not_before=now + LEASE, attempts=F("attempts") + 1
    )
    return token if taken else None


def _retry_later(digest, token, error, now):
    attempts = ModeratorDigest.objects.get(pk=digest.pk).attempts
    ModeratorDigest.objects.filter(pk=digest.pk, claim=token).update(
        claim="",
        state=State.FAILED if attempts >= MAX_ATTEMPTS else State.PENDING,
        last_error=str(error)[:300] or error.__class__.__name__,
        not_before=now + timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1]),
    )


def send_one(digest, address, now):
    """Claim, build and send one digest row; True when an email went out."""
    token = _claim(digest, now)
    if token is None:
        return False
    sections = waiting(digest.user, _since(digest.user, now))
    if not sections:
        ModeratorDigest.objects.filter(pk=digest.pk, claim=token).update(claim="", state=State.EMPTY)
        return False
    try:
        with get_connection() as connection:
            connection.send_messages([digest_message(address, digest.user, sections)])
    except MAIL_ERRORS as error:
        logger.warning("Moderator digest %s: the mail server refused (%s); will retry", digest.pk, error)
        _retry_later(digest, token, error, now)
        return False
    ModeratorDigest.objects.filter(pk=digest.pk, claim=token).update(
        claim="", state=State.SENT, sent_at=now, items=sum(section["total"] for section in sections)
    )
    return True


def _open_todays(users, now):
    """Write today's row for each digest moderator once the hour has come, and
    retire their older rows still waiting: today's lists what waits now."""
    local = timezone.localtime(now)
    if local.hour < settings.COMMENTS_MODERATOR_DIGEST_HOUR:
        return
    today = local.date()
    # The unique (user, day) makes a second worker's insert a no-op.
    ModeratorDigest.objects.bulk_create([ModeratorDigest(user=user, day=today) for user in users], ignore_conflicts=True)
    ModeratorDigest.objects.filter(user__in=users, day__lt=today, state=State.PENDING).update(state=State.SUPERSEDED)


@task()
def send_moderator_digests(now=None):
    """Send the digests that are due. Returns how many emails went out."""
    now = now or timezone.now()
    recipients = {user.pk: (address, user) for address, user in moderator_recipients(ModeratorPreference.Emails.DIGEST)}
    _open_todays([user for _address, user in recipients.values()], now)
    due = ModeratorDigest.objects.filter(state=State.PENDING).filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
    sent = 0
    for digest in due.select_related("user").order_by("pk"):
        if digest.user_id not in recipients:
            # No longer a digest moderator (or no longer a moderator).
            ModeratorDigest.objects.filter(pk=digest.pk, state=State.PENDING).update(state=State.SUPERSEDED)
            continue
        sent += send_one(digest, recipients[digest.user_id][0], now)
    return sent
