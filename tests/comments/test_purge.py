"""Old spam and trash are purged on a schedule; deleting keeps the replies."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments import moderation
from comments.models import Comment, CommentEvent, DiscussionSettings
from comments.purge import delete_permanently, purge_expired, schedule_maintenance
from tests.comments.conftest import make_comment, run_database_worker

Status = Comment.Status


def moved(comment, status, days_ago):
    """Move ``comment`` to ``status`` through the one door, dated ``days_ago``."""
    moderation.set_status(comment, status)
    CommentEvent.objects.filter(comment=comment).update(created_at=timezone.now() - timedelta(days=days_ago))
    return comment


@pytest.fixture
def bins(article):
    return {
        "old_spam": moved(make_comment(article, status=Status.PENDING, days_ago=40), Status.SPAM, 16),
        "new_spam": moved(make_comment(article, status=Status.PENDING, days_ago=40), Status.SPAM, 14),
        "old_trash": moved(make_comment(article, status=Status.PENDING, days_ago=60), Status.TRASH, 31),
        # Written long ago, trashed yesterday: it gets its full 30 days.
        "new_trash": moved(make_comment(article, status=Status.APPROVED, days_ago=400), Status.TRASH, 1),
        # Spam stored as spam on arrival, with no history: its date is the submission.
        "arrived_as_spam": make_comment(article, status=Status.SPAM, days_ago=20),
        "old_approved": make_comment(article, status=Status.APPROVED, days_ago=900),
        "old_pending": make_comment(article, status=Status.PENDING, days_ago=900),
    }


def remaining(bins):
    alive = set(Comment.objects.values_list("pk", flat=True))
    return {name for name, comment in bins.items() if comment.pk in alive}


class TestPurge:
    def test_deletes_only_spam_and_trash_past_their_time(self, bins):
        assert purge_expired() == {"spam": 2, "trash": 1}
        assert remaining(bins) == {"new_spam", "new_trash", "old_approved", "old_pending"}
        assert not CommentEvent.objects.filter(comment_id=bins["old_spam"].pk).exists()

    def test_follows_the_discussion_settings(self, bins):
        rules = DiscussionSettings.load()
        rules.spam_retention_days = 10
        rules.trash_retention_days = 90
        rules.save()
        purge_expired()
        assert remaining(bins) == {"old_trash", "new_trash", "old_approved", "old_pending"}

    def test_run_maintenance_command(self, bins):
        out = StringIO()
        call_command("run_maintenance", stdout=out)
        assert "Deleted 2 spam and 1 trashed comment(s)" in out.getvalue()
        assert remaining(bins) == {"new_spam", "new_trash", "old_approved", "old_pending"}


class TestDeleteKeepsReplies:
    def thread(self, article):
        """root ─ a ─ a1
                 └ b      (each reply made after its parent, as readers post them)"""
        root = make_comment(article, user_name="root")
        a = make_comment(article, user_name="a", parent=root)
        b = make_comment(article, user_name="b", parent=root)
        a1 = make_comment(article, user_name="a1", parent=a)
        return root, a, b, a1

    def tree(self, article):
        rows = XtdComment.norel_objects.filter(object_pk=str(article.pk)).order_by("thread_id", "order")
        return [(c.user_name, c.level, c.thread_id, c.parent_id) for c in rows]

    def test_deleting_a_reply_moves_its_replies_up(self, article):
        root, a, b, a1 = self.thread(article)
        delete_permanently([a])
        assert self.tree(article) == [("root", 0, root.pk, root.pk), ("a1", 1, root.pk, root.pk), ("b", 1, root.pk, root.pk)]
        assert XtdComment.objects.get(pk=root.pk).nested_count == 2

    def test_deleting_a_thread_start_makes_its_replies_threads(self, article):
        root, a, b, a1 = self.thread(article)
        delete_permanently([root])
        assert self.tree(article) == [("a", 0, a.pk, a.pk), ("a1", 1, a.pk, a.pk), ("b", 0, b.pk, b.pk)]
        orders = dict(XtdComment.norel_objects.values_list("user_name", "order"))
        assert orders == {"a": 1, "a1": 2, "b": 1}

    def test_deleting_parent_and_child_together(self, article):
        root, a, b, a1 = self.thread(article)
        delete_permanently(Comment.objects.filter(pk__in=[root.pk, a.pk]))
        assert self.tree(article) == [("b", 0, b.pk, b.pk), ("a1", 0, a1.pk, a1.pk)]


class TestSchedule:
    def test_schedule_command_starts_one_chain(self, database_queue):
        out = StringIO()
        call_command("schedule_maintenance", stdout=out)
        assert "scheduled" in out.getvalue()
        call_command("schedule_maintenance", stdout=out)  # every worker start calls it
        assert DBTaskResult.objects.filter(task_path="comments.purge.maintenance").count() == 1

    def test_worker_runs_maintenance_and_it_reschedules_itself(self, database_queue, bins, monkeypatch):
        assert schedule_maintenance() is True
        run_database_worker(monkeypatch)
        results = DBTaskResult.objects.filter(task_path="comments.purge.maintenance")
        done = results.get(status=TaskResultStatus.SUCCESSFUL)
        assert done.return_value == {
            # The four kept comments older than the 30-day default lose their IPs.
            "spam": 2, "trash": 1, "technical_data_erased": 4,
            "akismet_rechecks": 0, "link_notifications_resumed": 0, "subscriber_emails_resumed": 0, "digests_sent": 0,
            "moderator_digests_sent": 0,
            "rate_counters_pruned": 0,
        }
        waiting = results.get(status=TaskResultStatus.READY)
        expected = timezone.now() + timedelta(hours=1)
        assert abs((waiting.run_after - expected).total_seconds()) < 60
        assert remaining(bins) == {"new_spam", "new_trash", "old_approved", "old_pending"}

    def test_backend_that_cannot_defer_is_left_alone(self):
        # The test settings' immediate backend runs tasks at once and cannot wait an hour.
        assert schedule_maintenance() is False

    def test_a_second_chain_ends_at_its_first_run(self, database_queue, bins):
        """Backends whose queue cannot be searched may get the chain started twice."""
        from comments.purge import maintenance

        assert maintenance.call() == {
            # The four kept comments older than the 30-day default lose their IPs.
            "spam": 2, "trash": 1, "technical_data_erased": 4,
            "akismet_rechecks": 0, "link_notifications_resumed": 0, "subscriber_emails_resumed": 0, "digests_sent": 0,
            "moderator_digests_sent": 0,
            "rate_counters_pruned": 0,
        }
        assert maintenance.call() is None
        waiting = DBTaskResult.objects.filter(task_path="comments.purge.maintenance", status=TaskResultStatus.READY)
        assert waiting.count() == 1
