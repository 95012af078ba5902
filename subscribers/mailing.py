"""Mailing a new article to the site's subscribers, in batches, exactly once.

When an article first goes live (at once, or at its scheduled time through a
deferred task) ``start_mailing`` creates its Mailing and one Delivery row per
subscriber who wants it, in one transaction; the Mailing exists once per
article, so an edit, a second worker or a re-run adds nobody. Senders then
claim up to SUBSCRIBERS_BATCH_SIZE due rows at a time with one conditional
UPDATE (only one worker's UPDATE matches a row), send them one message each
over one SMTP connection, and mark each row sent as soon as the server took
it. The next batch is deferred by SUBSCRIBERS_BATCH_SECONDS, which sets the
rate. A claim is a lease: a worker killed mid-batch leaves its unsent rows to
whoever runs after LEASE (the next batch, or the hourly maintenance's
``resume_deliveries``). The mail server down or refusing: the batch's unsent
rows wait with backoff and are tried again; nothing is dropped.

Daily and weekly subscribers' rows wait for ``send_digests``, which sends
each such subscriber one message listing everything new since their last."""

import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task, task_backends

from articles.models import Article
from bluedomes.jobs import enqueue_on_commit
from comments.emails import build_email

from .models import Delivery, Mailing, Subscriber
from .signup import manage_url, unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

State = Delivery.State
Frequency = Subscriber.Frequency
# A claimed batch is left alone this long; sending one batch takes far less.
LEASE = timedelta(minutes=10)
# Seconds before the 1st, 2nd, … retry of a message the mail server did not take.
BACKOFF = (60, 5 * 60, 20 * 60, 60 * 60, 3 * 60 * 60, 6 * 60 * 60)
MAX_ATTEMPTS = 12
DIGEST_PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def mails_subscribers(article, now=None):
    """Does this article go to subscribers? Public, not switched off by its
    author, and new: an old article edited or imported from WordPress is not news."""
    now = now or timezone.now()
    window = timedelta(hours=settings.SUBSCRIBERS_NEWS_WINDOW_HOURS)
    return article.email_subscribers and article.is_public and article.published_at >= now - window


def start_mailing(article):
    """Choose the article's recipients, once. Returns the Mailing, or None when another run already did."""
    try:
        with transaction.atomic():
            mailing = Mailing.objects.create(article=article)
            rows = [
                Delivery(article=article, subscriber_id=pk, digest=frequency != Frequency.INSTANT)
                for frequency in Frequency.values
                for pk in Subscriber.objects.wanting(article, frequency).order_by("pk").values_list("pk", flat=True)
            ]
            Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
            mailing.recipients = len(rows)
            mailing.save(update_fields=["recipients"])
    except IntegrityError:
        return None
    return mailing


def _due(queryset, now):
    return queryset.filter(state=State.PENDING).filter(Q(not_before__isnull=True) | Q(not_before__lte=now))


def claim(queryset, now, size):
    """Take up to ``size`` due rows of ``queryset`` for one attempt. Returns the claim token."""
    token = secrets.token_hex(16)
    pks = list(_due(queryset, now).order_by("pk").values_list("pk", flat=True)[:size])
    _due(Delivery.objects.filter(pk__in=pks), now).update(
        claim=token, not_before=now + LEASE, attempts=F("attempts") + 1
    )
    return token


def _retry_later(claimed, error, now):
    """The mail server did not take them: wait and try again, or give up after MAX_ATTEMPTS."""
    error = str(error)[:300] or error.__class__.__name__
    for delivery in claimed:
        wait = BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
        state = State.FAILED if delivery.attempts >= MAX_ATTEMPTS else State.PENDING
        Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
            claim="", state=state, last_error=error, not_before=now + timedelta(seconds=wait)
        )


def _mark(claimed, state):
    sent_at = timezone.now() if state == State.SENT else None
    Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(state=state, claim="", sent_at=sent_at)


def _article_email(article, subscriber):
    context = {
        "article": article,
        "article_url": article.get_full_url(),
        "manage_url": manage_url(subscriber),
        "unsubscribe_url": unsubscribe_url(subscriber),
    }
    return build_email(
        subscriber.email, article.title, "subscribers/email/article.txt", context, unsubscribe_headers(subscriber)
    )


def send_batch(article, now=None, size=None):
    """Send one batch of the article's instant deliveries. Returns how many were sent."""
    now = now or timezone.now()
    token = claim(article.deliveries.filter(digest=False), now, size or settings.SUBSCRIBERS_BATCH_SIZE)
    claimed = list(Delivery.objects.filter(claim=token).select_related("subscriber").order_by("pk"))
    sent = 0
    try:
        with get_connection() as connection:
            for index, delivery in enumerate(claimed):
                if not delivery.subscriber.is_active:
                    _mark([delivery], State.SKIPPED)
                    continue
                try:
                    connection.send_messages([_article_email(article, delivery.subscriber)])
                except MAIL_ERRORS as error:
                    logger.warning("Mailing %s: the mail server refused (%s); will retry", article.pk, error)
                    _retry_later(claimed[index:], error, now)
                    return sent
                _mark([delivery], State.SENT)
                sent += 1
    except MAIL_ERRORS as error:
        # Opening the connection failed: nothing of the batch was sent.
        logger.warning("Mailing %s: no mail server (%s); will retry", article.pk, error)
        _retry_later(claimed, error, now)
    return sent


def next_due(queryset):
    """When the earliest waiting row of ``queryset`` may be tried, or None when none waits."""
    waiting = queryset.filter(state=State.PENDING)
    if not waiting.exists():
        return None
    earliest = waiting.order_by(F("not_before").asc(nulls_first=True)).values_list("not_before", flat=True).first()
    return earliest or timezone.now()


def _defer(task_, when, *args):
    """Enqueue ``task_`` to run at ``when`` where the backend can wait (the
    database backend can); elsewhere the hourly maintenance picks the work up."""
    if task_backends[task_.backend].supports_defer:
        task_.using(run_after=when).enqueue(*args)


# --- Digests -----------------------------------------------------------------------

def _digest_due(subscriber, now):
    return subscriber.last_digest_at is None or subscriber.last_digest_at <= now - DIGEST_PERIOD[subscriber.frequency]


def send_digest(subscriber, now=None):
    """One message listing every article waiting for ``subscriber``; True when sent."""
    now = now or timezone.now()
    token = claim(subscriber.deliveries.filter(digest=True), now, size=200)
    claimed = list(Delivery.objects.filter(claim=token).select_related("article").order_by("article__published_at"))
    if not claimed:
        return False
    articles = [delivery.article for delivery in claimed]
    subject = ngettext(
        "%(count)d new article on %(site)s", "%(count)d new articles on %(site)s", len(articles)
    ) % {"count": len(articles), "site": settings.SITE_NAME}
    context = {"articles": articles, "manage_url": manage_url(subscriber), "unsubscribe_url": unsubscribe_url(subscriber)}
    message = build_email(
        subscriber.email, subject, "subscribers/email/digest.txt", context, unsubscribe_headers(subscriber)
    )
    try:
        with get_connection() as connection:
            connection.send_messages([message])
    except MAIL_ERRORS as error:
        _retry_later(claimed, error, now)
        return False
    _mark(claimed, State.SENT)
    Subscriber.objects.filter(pk=subscriber.pk).update(last_digest_at=now)
    return True


# --- Signal receiver and tasks ----------------------------------------------------

def article_saved(sender, instance, raw=False, **kwargs):
    """A saved article that is not a draft may be news; the task decides, after the commit."""
    if raw or instance.status == Article.Status.DRAFT or not instance.email_subscribers:
        return
    if hasattr(instance, "mailing"):
        return
    enqueue_on_commit(send_article, instance.pk)


@task()
def send_article(article_pk):
    """Mail a newly public article: choose its recipients once, send one
    batch, and defer the next (or this again at the scheduled time)."""
    article = Article.objects.filter(pk=article_pk).first()
    if article is None:
        return "article deleted"
    now = timezone.now()
    if article.status != Article.Status.DRAFT and article.published_at > now:
        _defer(send_article, article.published_at, article_pk)
        return "scheduled"
    if not Mailing.objects.filter(article=article).exists():
        if not mails_subscribers(article, now):
            return "not mailed"
        start_mailing(article)
    sent = send_batch(article, now)
    when = next_due(article.deliveries.filter(digest=False))
    if when is not None:
        _defer(send_article, max(when, now + timedelta(seconds=settings.SUBSCRIBERS_BATCH_SECONDS)), article_pk)
    return _("%(count)d sent") % {"count": sent}


@task()
def resume_deliveries():
    """Every article with deliveries due: a backend that cannot defer, a worker killed mid-batch."""
    now = timezone.now()
    pks = set(_due(Delivery.objects.filter(digest=False), now).values_list("article_id", flat=True))
    sent = 0
    for article in Article.objects.filter(pk__in=pks):
        sent += send_batch(article, now)
    return sent


@task()
def send_digests():
    """The daily and weekly digests that are due; run by the hourly maintenance."""
    now = timezone.now()
    waiting = Subscriber.objects.active().filter(
        deliveries__digest=True, deliveries__state=State.PENDING
    ).distinct()
    return sum(1 for subscriber in waiting if _digest_due(subscriber, now) and send_digest(subscriber, now))
