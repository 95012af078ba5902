"""Re-checks after an Akismet outage: backoff, recovery, telling moderators
once, giving up after 15 days, and never overriding a moderator."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments import moderation, pipeline
from comments.models import Comment
from tests.comments.conftest import history, last_comment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    user = make_user(username="mod", email="mod@example.org", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return user


@pytest.fixture
def outage(article, akismet, discussion, post_comment):
    """A comment posted while Akismet answered 503."""
    akismet.fail_with = 503
    post_comment(article, comment="Posted during the outage")
    return last_comment()


def make_due(comment):
    Comment.objects.filter(pk=comment.pk).update(next_check_at=timezone.now() - timedelta(seconds=1))


def recheck(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recheck_comments", stdout=io.StringIO())


def test_backoff_schedule():
    assert [pipeline.next_check_delay(n) for n in range(1, 7)] == [
        timedelta(minutes=5), timedelta(minutes=20), timedelta(hours=1),
        timedelta(hours=1), timedelta(hours=1), timedelta(hours=1),
    ]


def test_recheck_after_outage_approves_with_retry_reason(outage, akismet, django_capture_on_commit_callbacks):
    akismet.reset()
    make_due(outage)
    recheck(django_capture_on_commit_callbacks)
    outage.refresh_from_db()
    assert outage.status == Comment.Status.APPROVED
    assert outage.akismet_verdict == Comment.Verdict.HAM
    assert outage.next_check_at is None and not outage.awaiting_check
    assert akismet.requests_to("comment-check")[-1]["recheck_reason"] == "retry"
    assert history(outage)[-2:] == ["Checked by Akismet: ham", "Approved: no rule held it"]


def test_recheck_after_outage_holds_and_then_tells_moderators(
    outage, akismet, discussion, moderator, django_capture_on_commit_callbacks
):
    discussion.manual_approval = True
    discussion.save()
    assert mail.outbox == []
    akismet.reset()
    make_due(outage)
    recheck(django_capture_on_commit_callbacks)
    outage.refresh_from_db()
    assert outage.status == Comment.Status.PENDING and not outage.awaiting_check
    assert [m.to for m in mail.outbox] == [["mod@example.org"]]


def test_recheck_finding_spam_marks_spam(outage, akismet, django_capture_on_commit_callbacks):
    akismet.reset()
    akismet.verdict = "spam"
    make_due(outage)
    recheck(django_capture_on_commit_callbacks)
    outage.refresh_from_db()
    assert outage.status == Comment.Status.SPAM


def test_comments_not_yet_due_are_left_alone(outage, akismet, django_capture_on_commit_callbacks):
    akismet.reset()
    recheck(django_capture_on_commit_callbacks)
    outage.refresh_from_db()
    assert outage.status == Comment.Status.PENDING
    assert akismet.requests_to("comment-check") == []


def test_repeated_failures_back_off_and_tell_moderators_once(
    outage, akismet, moderator, django_capture_on_commit_callbacks
):
    delays = []
    for _attempt in range(4):
        make_due(outage)
        started = timezone.now()
        recheck(django_capture_on_commit_callbacks)
        outage.refresh_from_db()
        delays.append(round((outage.next_check_at - started).total_seconds() / 60))
    # The first failure happened when posting (5 min); then 20 min, 1 h, 1 h, 1 h.
    assert delays == [20, 60, 60, 60]
    assert outage.check_attempts == 5
    assert outage.status == Comment.Status.PENDING
    # Told after the third failure, once; re-checks go on meanwhile.
    assert not outage.awaiting_check
    assert len(mail.outbox) == 1 and "Please moderate" in mail.outbox[0].subject
    assert all("retry" == r["recheck_reason"] for r in akismet.requests_to("comment-check")[1:])


def test_gives_up_after_fifteen_days(outage, akismet, django_capture_on_commit_callbacks):
    Comment.objects.filter(pk=outage.pk).update(submit_date=timezone.now() - timedelta(days=15, minutes=1))
    make_due(outage)
    recheck(django_capture_on_commit_callbacks)
    outage.refresh_from_db()
    assert outage.next_check_at is None
    assert not outage.awaiting_check
    assert outage.status == Comment.Status.PENDING
    assert "gave up" in history(outage)[-1]
    assert pipeline.needs_check(outage) is False


def test_moderator_decision_is_never_overridden_by_a_late_check(
    outage, akismet, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.set_status(outage, Comment.Status.APPROVED, actor=moderator)
    akismet.reset()
    akismet.verdict = "spam"
    make_due(outage)
    recheck(django_capture_on_commit_callbacks)
    outage.refresh_from_db()
    assert outage.status == Comment.Status.APPROVED
    assert akismet.requests_to("comment-check") == []


def test_answer_is_not_applied_twice(outage, akismet, django_capture_on_commit_callbacks):
    """Two workers checking the same comment: the second finds it concluded."""
    akismet.reset()
    make_due(outage)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.check_for_spam(outage.pk)
        pipeline.check_for_spam(outage.pk)
    outage.refresh_from_db()
    assert history(outage).count("Checked by Akismet: ham") == 1
    # The second call found the comment concluded and did not ask Akismet again.
    assert len(akismet.requests_to("comment-check")) == 1


def test_first_check_that_never_ran_is_picked_up(article, akismet, discussion, client,
                                                  django_capture_on_commit_callbacks):
    """The worker was down and its queue lost: the stored comment still gets checked."""
    from tests.comments.conftest import form_data

    with django_capture_on_commit_callbacks(execute=False):
        client.post("/comments/post/", form_data(article))
    comment = last_comment()
    assert comment.awaiting_check and comment.next_check_at is not None
    make_due(comment)
    recheck(django_capture_on_commit_callbacks)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    # Its first answer is not a "retry".
    assert "recheck_reason" not in akismet.requests_to("comment-check")[-1].fields


def test_recheck_is_queued_for_later_on_a_backend_that_can_defer(outage, akismet, settings,
                                                                  django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_due(outage)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.check_for_spam(outage.pk)
    outage.refresh_from_db()
    queued = DBTaskResult.objects.get(task_path="comments.pipeline.recheck_comment")
    assert queued.args_kwargs["args"] == [outage.pk]
    assert queued.run_after == outage.next_check_at


def test_hourly_maintenance_rechecks_comments_whose_own_retry_was_lost(
    outage, akismet, django_capture_on_commit_callbacks
):
    akismet.reset()
    make_due(outage)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_maintenance", stdout=io.StringIO())
    outage.refresh_from_db()
    assert outage.status == Comment.Status.APPROVED
    assert akismet.requests_to("comment-check")[-1]["recheck_reason"] == "retry"
