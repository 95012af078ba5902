"""What moderators write themselves: a reply from the queue ("Approve and
Reply", as in WordPress) and an edit of a commenter's words, which keeps the
words as they were in the comment's history."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import akismet, moderation, pipeline
from ..models import Comment

Status = Comment.Status

# What a moderator's Quick Edit may change.
EDITABLE_FIELDS = ("user_name", "user_email", "user_url", "comment")


class ReplyRefused(Exception):
    """The comment cannot take a reply (a ping, or the thread is as deep as it goes)."""


TOO_DEEP_MESSAGE = gettext_lazy("This comment is as deep in its thread as replies go; reply to the one above it.")
PING_MESSAGE = gettext_lazy("Pingbacks and webmentions cannot be replied to.")


def author_name(user):
    return user.get_full_name() or user.get_username()


def reply(parent, user, text, *, ip_address=None):
    """Publish ``user``'s reply to ``parent``, approving ``parent`` first if
    it was held: a moderator who answers a comment has judged it. The reply
    is a comment under the moderator's account, approved through
    comments.moderation like any other, so followers hear of it."""
    if parent.is_ping:
        raise ReplyRefused(PING_MESSAGE)
    if not parent.allow_thread():
        raise ReplyRefused(TOO_DEEP_MESSAGE)
    article = parent.content_object
    with transaction.atomic():
        if parent.status != Status.APPROVED:
            moderation.set_status(parent, Status.APPROVED, actor=user)
        comment = pipeline.new_comment(
            article,
            user=user,
            user_name=author_name(user)[:50],
            user_email=user.email,
            comment=text,
            ip_address=ip_address,
            parent_id=parent.pk,
            type=Comment.Type.COMMENT,
        )
        # A moderator's own words need no spam check; what a check would
        # have been sent is kept so a later Spam can still report it.
        comment.awaiting_check = False
        comment.next_check_at = None
        comment.akismet_verdict = Comment.Verdict.UNCHECKED
        comment.akismet_request = akismet.request_fields(comment, article, user=user, honeypot=False)
        comment.save()
        moderation.record(
            comment, _("Written by %(name)s from the moderation queue") % {"name": user.get_username()},
            actor=user, to_status=Status.PENDING,
        )
        moderation.set_status(comment, Status.APPROVED, actor=user)
    return comment


def edit(comment, user, values):
    """Apply a moderator's edit of ``EDITABLE_FIELDS`` (``values``) and record
    what each changed field said before and after. Returns the changed
    field names (nothing is recorded when nothing changed)."""
    before, after = {}, {}
    for name in EDITABLE_FIELDS:
        if name in values and values[name] != getattr(comment, name):
            before[name], after[name] = getattr(comment, name), values[name]
            setattr(comment, name, values[name])
    if not after:
        return []
    with transaction.atomic():
        comment.save(update_fields=list(after))
        labels = ", ".join(str(Comment._meta.get_field(name).verbose_name) for name in after)
        moderation.record(
            comment, _("Edited by %(name)s (%(fields)s)") % {"name": user.get_username(), "fields": labels},
            actor=user, changes={"before": before, "after": after},
        )
    return list(after)
