"""WordPress's "Check for spam": ask Akismet again about every held comment,
say after a spam wave the first checks let through.

The run is split into batches, each a background task; every batch counts
its progress on the run's row (comments.models.SpamCheckRun), which the
queue reads. A comment whose first check never concluded goes through the
pipeline's own check; one Akismet already passed is asked again with
``recheck_reason`` as Akismet's API asks, and only a spam answer moves it."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from bluedomes.jobs import enqueue_on_commit

from .. import akismet, moderation, pipeline
from ..models import Comment, SpamCheckRun

BATCH_SIZE = 20
Verdict = Comment.Verdict
RECHECK_REASON = "recheck_queue"


def start(user):
    """Create a run over the comments held now and queue its batches after the commit."""
    pks = list(Comment.objects.pending().order_by("pk").values_list("pk", flat=True))
    run = SpamCheckRun.objects.create(started_by=user, total=len(pks), finished_at=None if pks else timezone.now())
    batches = [pks[i:i + BATCH_SIZE] for i in range(0, len(pks), BATCH_SIZE)]
    for batch in batches:
        enqueue_on_commit(check_batch, run.pk, batch)
    return run


def current_run():
    """The latest run still going, or None."""
    return SpamCheckRun.objects.filter(finished_at__isnull=True).first()


def progress_text(run):
    if run.finished_at is None:
        return ngettext(
            "Checking for spam: %(checked)d of %(count)d held comment checked, %(spam)d found to be spam.",
            "Checking for spam: %(checked)d of %(count)d held comments checked, %(spam)d found to be spam.",
            run.total,
        ) % {"checked": run.checked, "count": run.total, "spam": run.spam}
    return ngettext(
        "Check for spam finished: %(count)d held comment checked, %(spam)d found to be spam.",
        "Check for spam finished: %(count)d held comments checked, %(spam)d found to be spam.",
        run.total,
    ) % {"count": run.total, "spam": run.spam}


def progress(run):
    """A run's progress as the queue's progress bar polls for it."""
    return {
        "total": run.total, "checked": run.checked, "spam": run.spam, "failed": run.failed,
        "percent": run.percent, "done": run.finished_at is not None, "text": progress_text(run),
    }


def recheck(comment_pk):
    """Check one held comment again; "spam", "ham", "failed" or "skipped"."""
    comment = Comment.objects.filter(pk=comment_pk).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return "skipped"
    if pipeline.needs_check(comment):
        pipeline.check_for_spam(comment_pk)
        after = Comment.objects.filter(pk=comment_pk).first()
        if after is None or after.status == Comment.Status.SPAM:
            return "spam"
        return "failed" if after.akismet_verdict == Verdict.ERROR else "ham"
    try:
        verdict = akismet.check(comment, recheck_reason=RECHECK_REASON)
    except (akismet.Unavailable, akismet.InvalidKey) as exc:
        with transaction.atomic():
            moderation.record(comment, _("Check for spam: Akismet did not answer (%(error)s)") % {"error": exc})
        return "failed"
    with transaction.atomic():
        current = Comment._base_manager.select_for_update().filter(pk=comment_pk).first()
        if current is None or current.status != Comment.Status.PENDING:
            return "skipped"
        if verdict == Verdict.SPAM:
            pipeline.on_spam(current)
            return "spam"
        if verdict == Verdict.DISCARD:
            pipeline.on_discard(current)
            return "spam"
        moderation.record(current, _("Checked again by Akismet: not spam; still held"))
    return "ham"


@task()
def check_batch(run_pk, comment_pks):
    """One batch of a run: each comment re-checked, the run's counts kept up to date."""
    for comment_pk in comment_pks:
        outcome = recheck(comment_pk)
        SpamCheckRun.objects.filter(pk=run_pk).update(
            checked=F("checked") + 1,
            spam=F("spam") + int(outcome == "spam"),
            failed=F("failed") + int(outcome == "failed"),
        )
    SpamCheckRun.objects.filter(pk=run_pk, finished_at__isnull=True, checked__gte=F("total")).update(
        finished_at=timezone.now()
    )
