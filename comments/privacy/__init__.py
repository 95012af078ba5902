"""A commenter's personal data, like WordPress's Tools → Export / Erase
Personal Data: everything we hold about an email address can be exported as
JSON or anonymised, and the technical data (IP, user agent, what was sent to
Akismet) of old comments is erased on a schedule.

Erasing keeps the comment text, as WordPress does: the discussion stays
readable, but nothing in it points back to the person any more."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Comment, DiscussionSettings, Subscription, from_address
from ..moderation import record

ANONYMOUS = "Anonymous"


def normalise(email):
    return (email or "").strip()


def comments_by(email):
    return Comment.objects.by_email(normalise(email))


def subscriptions_of(email):
    return Subscription.objects.filter(email__iexact=normalise(email))


def export_personal_data(email):
    """Everything stored about ``email``, as JSON-ready data."""
    comments = comments_by(email).select_related("content_type").prefetch_related("content_object")
    subscriptions = subscriptions_of(email).select_related("article")
    return {
        "email": normalise(email),
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": comment.pk,
                "article": str(comment.content_object) if comment.content_object else None,
                "article_url": _full_url(comment.content_object),
                "submitted": comment.submit_date.isoformat(),
                "status": comment.status,
                "type": comment.type,
                "name": comment.user_name,
                "email": comment.user_email,
                "website": comment.user_url,
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "referrer": comment.referrer,
                "text": comment.comment,
                "sent_to_akismet": comment.akismet_request,
            }
            for comment in comments.order_by("submit_date", "pk")
        ],
        "subscriptions": [
            {
                "article": subscription.article.title,
                "article_url": subscription.article.get_full_url(),
                "name": subscription.name,
                "email": subscription.email,
                "requested": subscription.created_at.isoformat(),
                "confirmed": subscription.confirmed_at.isoformat() if subscription.confirmed_at else None,
            }
            for subscription in subscriptions.order_by("created_at", "pk")
        ],
    }


def _full_url(obj):
    get_full_url = getattr(obj, "get_full_url", None)
    return get_full_url() if get_full_url else None


@transaction.atomic
def erase_personal_data(email, *, actor=None):
    """Anonymise every comment by ``email`` and drop its subscriptions.
    Returns how many comments and subscriptions were affected."""
    email = normalise(email)
    if not email:
        return {"comments": 0, "subscriptions": 0}
    erased = 0
    # The base manager: xtd's default one outer-joins the user, which FOR UPDATE refuses on PostgreSQL.
    for comment in Comment._base_manager.filter(from_address(email)).select_for_update():
        comment.user = None
        comment.user_name = ANONYMOUS
        comment.user_email = ""
        comment.user_url = ""
        comment.ip_address = None
        comment.user_agent = ""
        comment.referrer = ""
        comment.akismet_request = {}
        comment.save(
            update_fields=[
                "user", "user_name", "user_email", "user_url", "ip_address", "user_agent", "referrer",
                "akismet_request",
            ]
        )
        record(comment, _("Personal data erased"), actor=actor)
        erased += 1
    subscriptions, _per_model = subscriptions_of(email).delete()
    return {"comments": erased, "subscriptions": subscriptions}


def erase_old_technical_data(now=None):
    """Blank the IP, user agent, referrer and Akismet request of comments older
    than DiscussionSettings.erase_personal_data_after_days (0 keeps them).
    Returns how many comments were changed."""
    days = DiscussionSettings.load().erase_personal_data_after_days
    if not days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Comment.objects.filter(submit_date__lt=cutoff)
    still_holding = old.exclude(ip_address__isnull=True, user_agent="", referrer="", akismet_request={})
    pks = list(still_holding.values_list("pk", flat=True))
    if not pks:
        return 0
    Comment.objects.filter(pk__in=pks).update(ip_address=None, user_agent="", referrer="", akismet_request={})
    return len(pks)
