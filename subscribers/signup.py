"""Following the site by email: double opt-in and the signed links.

Anyone can type anyone's address into a follow form, so the only thing a
stranger's request ever causes is one confirmation email, rate-limited per
address and per client IP, that names the site and can be ignored. Every
link in a message carries a django.core.signing token (JSON, salted per
purpose): confirmation links expire, unsubscribe links never do (RFC 8058
asks that they keep working), manage links last a year."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from bluedomes import ratelimit
from bluedomes.jobs import enqueue_on_commit
from bluedomes.site import absolute_url
from comments.emails import build_email, send_all

from .models import Subscriber

logger = logging.getLogger(__name__)

CONFIRM_SALT = "bluedomes.subscribers.confirm"
MANAGE_SALT = "bluedomes.subscribers.manage"
UNSUBSCRIBE_SALT = "bluedomes.subscribers.unsubscribe"
CONFIRM_VALID = timedelta(days=7)
MANAGE_VALID = timedelta(days=365)
# Enough for a reader who mistyped once or twice, too few to make the form a mailer.
PER_EMAIL_PER_DAY = 3
PER_IP_PER_HOUR = 10


def _token(subscriber, salt):
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=salt)


def _from_token(token, salt, max_age=None):
    """The subscriber a token names (None when gone); BadSignature when forged or expired."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("unexpected payload")
    return Subscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def from_confirm_token(token):
    return _from_token(token, CONFIRM_SALT, CONFIRM_VALID)


def from_manage_token(token):
    return _from_token(token, MANAGE_SALT, MANAGE_VALID)


def from_unsubscribe_token(token):
    return _from_token(token, UNSUBSCRIBE_SALT)


def confirm_url(subscriber):
    return absolute_url(reverse("subscribers:confirm", args=[_token(subscriber, CONFIRM_SALT)]))


def manage_url(subscriber):
    return absolute_url(reverse("subscribers:manage", args=[_token(subscriber, MANAGE_SALT)]))


def unsubscribe_url(subscriber):
    return absolute_url(reverse("subscribers:unsubscribe", args=[_token(subscriber, UNSUBSCRIBE_SALT)]))


def unsubscribe_headers(subscriber):
    """RFC 8058 one-click unsubscribe: a mail client POSTs
    ``List-Unsubscribe=One-Click`` to the URL, no page, no cookie."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _may_send(email, ip):
    # Both counters are consumed on every attempt, so a refused one still counts.
    email_ok = ratelimit.hit(f"follow-email:{email}", PER_EMAIL_PER_DAY, 24 * 3600)
    ip_ok = not ip or ratelimit.hit(f"follow-ip:{ip}", PER_IP_PER_HOUR, 3600)
    return email_ok and ip_ok


def request_follow(email, *, ip="", categories=(), languages=(), frequency=Subscriber.Frequency.INSTANT):
    """Record a wish to follow the site and mail the confirmation link in the
    background. An address already confirmed is changed only through its
    own manage link: it is sent that link instead, so a stranger cannot
    rewrite someone's choices. Returns the Subscriber."""
    email = email.strip().lower()
    categories = list(categories)
    try:
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(email=email)
    except IntegrityError:
        subscriber = Subscriber.objects.get(email=email)
    if not subscriber.is_active:
        subscriber.all_categories = not categories
        subscriber.language_codes = languages
        subscriber.frequency = frequency
        subscriber.save(update_fields=["all_categories", "languages", "frequency"])
        subscriber.categories.set(categories)
    if not _may_send(email, ip):
        logger.info("Follow email not sent (rate limit): subscriber %s", subscriber.pk)
        return subscriber
    enqueue_on_commit(send_confirmation, subscriber.pk)
    return subscriber


@task
def send_confirmation(subscriber_pk):
    """The confirmation link, or, for an address already following, its manage link."""
    subscriber = Subscriber.objects.filter(pk=subscriber_pk).first()
    if subscriber is None:
        return 0
    context = {"subscriber": subscriber, "manage_url": manage_url(subscriber)}
    if subscriber.is_active:
        subject = _("Your subscription to %(site)s") % {"site": settings.SITE_NAME}
        template = "subscribers/email/already_following.txt"
    else:
        subject = _("Confirm your subscription to %(site)s") % {"site": settings.SITE_NAME}
        template = "subscribers/email/confirm.txt"
        context.update(confirm_url=confirm_url(subscriber), valid_days=CONFIRM_VALID.days)
    return send_all([build_email(subscriber.email, subject, template, context)])
