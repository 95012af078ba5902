"""Deleting comments for good, and the scheduled maintenance that does it.

Spam and trash are kept for DiscussionSettings.spam_retention_days and
trash_retention_days counted from when the comment was moved there (its
latest history row), not from when it was written: a two-year-old comment
trashed yesterday gets its full grace period.

django-tasks has no cron, so maintenance is a task that enqueues its own next
run an hour ahead; ``manage.py schedule_maintenance`` starts the chain (and
does nothing when a run is already waiting), ``manage.py run_maintenance``
runs it once by hand or from a system cron."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from bluedomes import ratelimit
from subscribers.mailing import resume_deliveries, send_digests

from .models import Comment, CommentEvent, DiscussionSettings
from .moderator.digest import send_moderator_digests
from .pings.outbound import resume_link_notifications
from .pipeline import recheck_due_comments
from .privacy import erase_old_technical_data

logger = logging.getLogger(__name__)

MAINTENANCE_INTERVAL = timedelta(hours=1)
MAINTENANCE_TASK_PATH = "comments.purge.maintenance"
MAINTENANCE_MARKER = "comments:maintenance-ran"
# Shorter than the interval, so the chain's own next run always finds it gone.
MAINTENANCE_MARKER_SECONDS = int(MAINTENANCE_INTERVAL.total_seconds()) - 300


def with_status_since(queryset):
    """Annotate ``status_since``: when each comment entered its current status."""
    entered = CommentEvent.objects.filter(comment=OuterRef("pk"), to_status=OuterRef("status")).order_by(
        "-created_at", "-id"
    )
    return queryset.annotate(status_since=Coalesce(Subquery(entered.values("created_at")[:1]), F("submit_date")))


def expired(status, days, now=None):
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return with_status_since(Comment.objects.filter(status=status)).filter(status_since__lt=cutoff)


def _rethread_children(doomed):
    """Keep the replies of a comment about to be deleted, as WordPress does:
    its children move up to its parent, or start threads of their own when it
    was at the top. xtd's ``order`` is a pre-order position in the thread, so
    a subtree stays contiguous and can be renumbered by an offset."""
    threads = XtdComment.norel_objects
    children = list(threads.filter(parent_id=doomed.pk).exclude(pk=doomed.pk).order_by("order"))
    if not children:
        return
    if doomed.level > 0:
        subtree_end = threads.filter(thread_id=doomed.thread_id, order__gt=doomed.order, level__lte=doomed.level)
        end = subtree_end.order_by("order").values_list("order", flat=True).first()
        below = threads.filter(thread_id=doomed.thread_id, order__gt=doomed.order)
        if end is not None:
            below = below.filter(order__lt=end)
        below.update(level=F("level") - 1)
        threads.filter(pk__in=[child.pk for child in children]).update(parent_id=doomed.parent_id)
        ancestor_id = doomed.parent_id
        while True:
            ancestor = threads.filter(pk=ancestor_id).values("pk", "parent_id").first()
            if ancestor is None:
                break
            threads.filter(pk=ancestor["pk"]).update(nested_count=F("nested_count") - 1)
            if ancestor["parent_id"] == ancestor["pk"]:
                break
            ancestor_id = ancestor["parent_id"]
        return
    boundaries = [child.order for child in children] + [None]
    for child, next_order in zip(children, boundaries[1:]):
        subtree = threads.filter(thread_id=doomed.thread_id, order__gte=child.order)
        if next_order is not None:
            subtree = subtree.filter(order__lt=next_order)
        subtree.update(thread_id=child.pk, level=F("level") - 1, order=F("order") - child.order + 1)
        threads.filter(pk=child.pk).update(parent_id=child.pk)


@transaction.atomic
def delete_permanently(comments):
    """Delete ``comments`` (a queryset or iterable) for good, history included,
    keeping any replies they had. Returns how many comments were deleted."""
    pks = [comment.pk for comment in comments]
    if not pks:
        return 0
    with_replies = (
        XtdComment.norel_objects.filter(parent_id__in=pks).exclude(pk__in=pks).values_list("parent_id", flat=True)
    )
    parents_first_deepest = XtdComment.norel_objects.filter(pk__in=set(with_replies)).order_by("-level")
    for doomed in parents_first_deepest:
        doomed.refresh_from_db(fields=["thread_id", "parent_id", "level", "order"])
        _rethread_children(doomed)
    # A reply deleted together with its parent was re-parented above only if it
    # had replies itself; its own deletion needs nothing more.
    deleted = Comment.objects.filter(pk__in=pks).count()
    Comment.objects.filter(pk__in=pks).delete()
    return deleted


def purge_expired(now=None):
    """Delete spam and trash whose retention time is over. Returns the counts."""
    rules = DiscussionSettings.load()
    spam = delete_permanently(expired(Comment.Status.SPAM, rules.spam_retention_days, now))
    trash = delete_permanently(expired(Comment.Status.TRASH, rules.trash_retention_days, now))
    return {"spam": spam, "trash": trash}


def run_maintenance(now=None):
    """Everything that must happen on a schedule; returns what it did."""
    result = purge_expired(now)
    result["technical_data_erased"] = erase_old_technical_data(now)
    # Backstops for work whose own deferred job was lost (a backend that
    # cannot defer, a worker killed mid-job): both are idempotent.
    result["akismet_rechecks"] = recheck_due_comments.call()
    result["link_notifications_resumed"] = resume_link_notifications.call()
    result["subscriber_emails_resumed"] = resume_deliveries.call()
    result["digests_sent"] = send_digests.call()
    result["moderator_digests_sent"] = send_moderator_digests.call()
    result["rate_counters_pruned"] = ratelimit.prune(now.timestamp() if now else None)
    logger.info("Comment maintenance: %s", result)
    return result


def _can_defer(task_obj):
    return task_obj.get_backend().supports_defer


def _next_run_waiting():
    """A maintenance run already waits in the database queue."""
    return DBTaskResult.objects.filter(task_path=MAINTENANCE_TASK_PATH, status=TaskResultStatus.READY).exists()


def schedule_maintenance(run_after=None):
    """Start the hourly maintenance chain unless it is already running.
    Returns True when a run was enqueued."""
    if not _can_defer(maintenance):
        return False
    if _uses_database_backend() and _next_run_waiting():
        return False
    maintenance.using(run_after=run_after or timezone.now()).enqueue()
    return True


def _uses_database_backend():
    return isinstance(maintenance.get_backend(), DatabaseBackend)


@task
def maintenance():
    """Run the maintenance, then enqueue the next run an hour from now. The
    next run is enqueued even when this one fails, or the chain would stop.

    Where the queue cannot be searched for a waiting run (Redis/RQ), starting
    the chain twice makes two; the second to run within the hour finds the
    marker of the first and ends its chain there."""
    if not cache.add(MAINTENANCE_MARKER, timezone.now().isoformat(), MAINTENANCE_MARKER_SECONDS):
        logger.info("Comment maintenance already ran within the hour; this duplicate chain ends.")
        return None
    try:
        return run_maintenance()
    finally:
        if _can_defer(maintenance):
            maintenance.using(run_after=timezone.now() + MAINTENANCE_INTERVAL).enqueue()
