"""The one door through which a comment's status changes.

Every change records a history row (who, when, from what, why), keeps xtd's
``is_public``/``is_removed`` in step with ``status``, and schedules the side
effects of the transition (Akismet feedback, emails) for after the commit,
so a rolled-back decision sends nothing. A change that shows or hides a
comment also retires the article's cached thread (comments.thread_cache).

The feedback task lives here because it is a transition's side effect: it
reports a moderator's decision to Akismet and records the outcome."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from . import akismet, notifications, subscriptions, thread_cache
from .models import Comment, CommentEvent

logger = logging.getLogger(__name__)

Status = Comment.Status


def history_line(comment, message, *, actor=None, from_status="", to_status="", changes=None):
    """A new line of the comment's history, not yet saved; ``changes`` holds
    an edit's before and after."""
    return CommentEvent(
        comment=comment, actor=actor, message=message[:300], from_status=from_status, to_status=to_status,
        changes=changes or {},
    )


def record(comment, message, **line):
    """Append a line to the comment's history without changing anything else."""
    event = history_line(comment, message, **line)
    event.save(force_insert=True)
    return event


def set_status(comment, status, *, actor=None, message="", feedback=True):
    """Move ``comment`` to ``status`` and record why.

    ``actor`` is the moderator who decided (None for the pipeline and jobs).
    A moderator's Spam sends submit-spam and a moderator's Not spam sends
    submit-ham to Akismet; automatic verdicts never feed back (``feedback``
    lets bulk purges opt out too). Returns True when the status changed."""
    old_status = comment.status
    if old_status == status and comment.pk:
        return False
    comment.previous_status = old_status if old_status != status else comment.previous_status
    comment.status = status
    for field, value in Comment.visibility(status).items():
        setattr(comment, field, value)
    comment.save(update_fields=Comment.STATUS_FIELDS)
    if Status.APPROVED in (old_status, status):
        thread_cache.bump(comment.object_pk)
    record(comment, message or _default_message(status, actor), actor=actor, from_status=old_status, to_status=status)
    _schedule_side_effects(comment.pk, old_status, status, by_moderator=actor is not None and feedback)
    return True


def restore(comment, *, actor=None, message=""):
    """Not spam / Restore: back to the status the comment had before, or held
    for review when that is unknown or was itself spam/trash."""
    target = comment.previous_status
    if target in ("", Status.SPAM, Status.TRASH):
        target = Status.PENDING
    return set_status(comment, target, actor=actor, message=message)


def _default_message(status, actor):
    name = actor.get_username() if actor is not None else ""
    if actor is None:
        return {
            Status.APPROVED: _("Approved automatically"),
            Status.PENDING: _("Held for moderation"),
            Status.SPAM: _("Marked as spam automatically"),
            Status.TRASH: _("Moved to the trash automatically"),
        }[status]
    return {
        Status.APPROVED: _("Approved by %(name)s"),
        Status.PENDING: _("Unapproved by %(name)s"),
        Status.SPAM: _("Marked as spam by %(name)s"),
        Status.TRASH: _("Moved to the trash by %(name)s"),
    }[status] % {"name": name}


def _schedule_side_effects(comment_pk, old_status, new_status, *, by_moderator):
    def run():
        if by_moderator and new_status == Status.SPAM:
            submit_feedback.enqueue(comment_pk, "spam")
        elif by_moderator and old_status == Status.SPAM:
            submit_feedback.enqueue(comment_pk, "ham")
        if new_status == Status.APPROVED:
            notifications.comment_approved.enqueue(comment_pk)
            subscriptions.honour_requests.enqueue(comment_pk)
        elif new_status == Status.PENDING:
            notifications.comment_held.enqueue(comment_pk)

    transaction.on_commit(run)


@task()
def submit_feedback(comment_pk, kind):
    """A moderator's Spam (kind "spam") or Not spam ("ham") told to Akismet,
    with the fields the comment was checked with."""
    comment = Comment.objects.filter(pk=comment_pk).first()
    if comment is None or not akismet.is_configured():
        return
    try:
        akismet.submit(comment, kind)
    except (akismet.Unavailable, akismet.InvalidKey) as exc:
        logger.warning("Akismet submit-%s for comment %s failed: %s", kind, comment_pk, exc)
        with transaction.atomic():
            record(comment, _("Could not report to Akismet (%(error)s)") % {"error": exc})
        return
    with transaction.atomic():
        record(comment, _("Reported to Akismet as spam") if kind == "spam" else _("Reported to Akismet as not spam"))
