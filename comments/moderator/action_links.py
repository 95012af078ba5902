"""The signed Approve / Spam / Trash links in moderators' emails.

Each link carries a token signed with its own salt, naming the comment, the
moderator it was sent to, the move, and the comment's latest history line
when the email was written. Opening it shows a confirmation page (mail
scanners open links, and must never moderate); its button acts. The move
itself writes a new history line, so the token no longer matches: a link
works once, and not at all once anyone else has decided on the comment.
Tokens expire after COMMENTS_EMAIL_LINK_DAYS. The move itself is in
comments.moderator.email_actions."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bluedomes.roles import is_moderator
from bluedomes.site import absolute_url

from ..models import Comment, CommentEvent

SALT = "comments.email-action"
Status = Comment.Status

# What each move does and says, by name.
MOVES = {
    "approve": (Status.APPROVED, gettext_lazy("Approve"), gettext_lazy("Approved by %(name)s from an email link")),
    "spam": (Status.SPAM, gettext_lazy("Spam"), gettext_lazy("Marked as spam by %(name)s from an email link")),
    "trash": (Status.TRASH, gettext_lazy("Trash"), gettext_lazy("Moved to the trash by %(name)s from an email link")),
}


class LinkRefused(Exception):
    """Why a link cannot act: ``reason`` is "invalid", "expired" or "used"."""

    def __init__(self, reason, comment=None):
        super().__init__(reason)
        self.reason = reason
        self.comment = comment


def days():
    return settings.COMMENTS_EMAIL_LINK_DAYS


def max_age():
    return days() * 24 * 3600


def latest_event_id(comment):
    return CommentEvent.objects.filter(comment=comment).order_by("-id").values_list("id", flat=True).first() or 0


def token(comment, user, move):
    return signing.dumps({"c": comment.pk, "u": user.pk, "m": move, "e": latest_event_id(comment)}, salt=SALT)


def links(comment, user):
    """The move names → absolute URLs for one moderator."""
    return {move: absolute_url(reverse("comments:moderate_by_email", args=[token(comment, user, move)])) for move in MOVES}


@dataclass
class Action:
    comment: Comment
    user: object
    move: str
    event_id: int

    @property
    def label(self):
        return MOVES[self.move][1]


def read(raw):
    """The action a token asks for, or LinkRefused."""
    try:
        data = signing.loads(raw, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    if not isinstance(data, dict) or data.get("m") not in MOVES:
        raise LinkRefused("invalid")
    comment = Comment.objects.filter(pk=data.get("c")).first()
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if comment is None or user is None or not is_moderator(user):
        raise LinkRefused("invalid")
    action = Action(comment, user, data["m"], data.get("e"))
    if latest_event_id(comment) != action.event_id:
        raise LinkRefused("used", comment)
    return action


def refusal_message(reason):
    return {
        "invalid": _("This link is not valid: it may have been copied incompletely or changed."),
        "expired": _("This link has expired. Open the moderation queue to decide on the comment."),
        "used": _("This link has already been used, or someone has decided on the comment since the email was sent."),
    }[reason]
