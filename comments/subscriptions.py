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
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from articles.languages import page_language
from articles.models import Article
from bluedomes import ratelimit
from bluedomes.clientip import network_key
from bluedomes.jobs import enqueue_on_commit
from bluedomes.site import absolute_url
from subscribers.signup import request_follow

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


def _is_spam(comment):
    # A moderator's approval overrides Akismet's verdict (Not spam, then Approve).
    if comment.status == Comment.Status.APPROVED:
        return False
    return comment.status == Comment.Status.SPAM or comment.akismet_verdict in NOT_SPAM_VERDICTS


def request_subscription(comment, scope=Subscription.Scope.ALL):
    """Record that the author of a stored ``comment`` wants follow-ups (every
    new comment, or ``scope`` REPLIES: only replies to their own) and, unless
    the address already confirmed one, email a confirmation link in the background.

    Returns the Subscription, or None when none is due (spam, no address, not an
    article). A reader who asks for everything after asking for replies gets everything."""
    email = (comment.user_email or "").strip().lower()
    if not email or _is_spam(comment):
        return None
    article = comment.content_object
    if not isinstance(article, Article):
        return None
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                article=article, email=email, defaults={"name": comment.user_name, "scope": scope}
            )
    except IntegrityError:
        subscription = Subscription.objects.get(article=article, email=email)
    if scope == Subscription.Scope.ALL and subscription.scope != scope:
        subscription.scope = scope
        subscription.save(update_fields=["scope"])
    if subscription.confirmed_at is None and _known_address(email):
        # Double opt-in is for new addresses: this one confirmed it reads us.
        confirm(subscription)
    if subscription.confirmed_at is not None:
        return subscription
    if not _may_send_confirmation(email, comment.ip_address):
        logger.info("Subscription confirmation not sent (rate limit): subscription %s", subscription.pk)
        return subscription
    enqueue_on_commit(send_confirmation, subscription.pk)
    return subscription


def _known_address(email):
    return Subscription.objects.filter(email=email, confirmed_at__isnull=False).exists()


@task
def honour_requests(comment_pk):
    """What the reader ticked when posting, taken up once the comment is
    approved, whichever way it got there (the pipeline, or a moderator's
    Approve after Not spam): never earlier, so no confirmation email goes to
    an address a spammer typed. Only on the first approval."""
    comment = Comment.objects.filter(pk=comment_pk, status=Comment.Status.APPROVED).first()
    if comment is None or comment.is_ping or not comment.user_email:
        return []
    if comment.events.filter(to_status=Comment.Status.APPROVED).count() > 1:
        return []
    done = []
    if comment.followup:
        done.append(request_subscription(comment, Subscription.Scope.ALL) and "followup")
    elif comment.notify_replies:
        done.append(request_subscription(comment, Subscription.Scope.REPLIES) and "replies")
    if comment.follow_site:
        request_follow(comment.user_email, ip=comment.ip_address or "")
        done.append("site")
    return [item for item in done if item]


@task
def send_confirmation(subscription_pk):
    subscription = Subscription.objects.filter(pk=subscription_pk, confirmed_at__isnull=True).select_related(
        "article"
    ).first()
    if subscription is None:
        return 0
    article = subscription.article
    # The reader subscribed on the article's page, in the article's language.
    with translation.override(page_language(article.language)):
        if subscription.scope == Subscription.Scope.REPLIES:
            subject = _("Confirm notifications of replies on “%(title)s”") % {"title": article.title}
        else:
            subject = _("Confirm follow-up comments on “%(title)s”") % {"title": article.title}
        context = {
            "article": article, "confirm_url": confirm_url(subscription), "valid_days": CONFIRM_VALID_DAYS,
            "replies_only": subscription.scope == Subscription.Scope.REPLIES,
        }
        message = build_email(subscription.email, subject, "comments/email/subscription_confirm.txt", context)
    return send_all([message])
