"""Follow-up emails by double opt-in.

A reader who ticks "Notify me of follow-up comments" gets one email asking
them to confirm; only confirmed subscriptions receive notifications, and each
notification carries a one-click unsubscribe link. Because anyone can type
anyone's address into the form, the confirmation email is the abuse vector
xtd leaves open: it is never sent for spam, and it is rate-limited per address
and per client IP. Links are signed with django.core.signing (JSON, salted),
unlike xtd's signed pickles."""

import logging
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from articles.models import Article
from bluedomes import ratelimit
from bluedomes.clientip import network_key
from bluedomes.site import absolute_url

from .emails import build_email, send_all
from .models import Comment, Subscription

logger = logging.getLogger(__name__)

CONFIRM_SALT = "bluedomes.comments.subscriptions.confirm"
UNSUBSCRIBE_SALT = "bluedomes.comments.subscriptions.unsubscribe"
CONFIRM_VALID_DAYS = 7
# At most this many confirmation emails per address per day, and per client
# IP per hour: enough for a reader following a few discussions, too few to
# turn the form into a mailer.
PER_EMAIL_PER_DAY = 3
PER_IP_PER_HOUR = 5
NOT_SPAM_VERDICTS = {Comment.Verdict.SPAM, Comment.Verdict.DISCARD}


def _token(subscription, salt):
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=salt)


def _subscription_from(token, salt, max_age=None):
    """The subscription a token names, or None; raises BadSignature when forged or expired."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("unexpected payload")
    return Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).select_related("article").first()


def from_confirm_token(token):
    """The subscription a confirmation link names (None if it is gone);
    raises BadSignature when the link is forged or expired."""
    return _subscription_from(token, CONFIRM_SALT, max_age=timedelta(days=CONFIRM_VALID_DAYS))


def from_unsubscribe_token(token):
    """The subscription an unsubscribe link names; unsubscribe links do not expire."""
    return _subscription_from(token, UNSUBSCRIBE_SALT)


def confirm(subscription):
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])


def confirm_url(subscription):
    return absolute_url(reverse("comment_subscriptions:confirm", args=[_token(subscription, CONFIRM_SALT)]))


def unsubscribe_url(subscription):
    return absolute_url(reverse("comment_subscriptions:unsubscribe", args=[_token(subscription, UNSUBSCRIBE_SALT)]))


def _may_send_confirmation(email, ip):
    # Both counters are consumed on every attempt, so a refused attempt still counts.
    email_ok = ratelimit.hit(f"subscribe-email:{email}", PER_EMAIL_PER_DAY, 24 * 3600)
    ip_ok = not ip or ratelimit.hit(f"subscribe-ip:{network_key(ip)}", PER_IP_PER_HOUR, 3600)
    return email_ok and ip_ok


def request_subscription(comment):
    """Record that the author of a stored ``comment`` wants follow-ups and, unless
    they already confirmed, email them a confirmation link in the background.

    Returns the Subscription, or None when none is due (spam, no address, not an
    article). Called by the posting code when "Notify me" was ticked."""
    email = (comment.user_email or "").strip().lower()
    if not email or comment.status == Comment.Status.SPAM or comment.akismet_verdict in NOT_SPAM_VERDICTS:
        return None
    article = comment.content_object
    if not isinstance(article, Article):
        return None
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                article=article, email=email, defaults={"name": comment.user_name}
            )
    except IntegrityError:
        subscription = Subscription.objects.get(article=article, email=email)
    if subscription.confirmed_at is not None:
        return subscription
    if not _may_send_confirmation(email, comment.ip_address):
        logger.info("Subscription confirmation not sent (rate limit): subscription %s", subscription.pk)
        return subscription
    transaction.on_commit(lambda: send_confirmation.enqueue(subscription.pk))
    return subscription


@task
def send_confirmation(subscription_pk):
    subscription = Subscription.objects.filter(pk=subscription_pk, confirmed_at__isnull=True).select_related(
        "article"
    ).first()
    if subscription is None:
        return 0
    article = subscription.article
    subject = _("Confirm follow-up comments on “%(title)s”") % {"title": article.title}
    context = {"article": article, "confirm_url": confirm_url(subscription), "valid_days": CONFIRM_VALID_DAYS}
    return send_all([build_email(subscription.email, subject, "comments/email/subscription_confirm.txt", context)])
