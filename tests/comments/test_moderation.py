"""comments.moderation, the one door for status changes: statuses, history,
and side effects that leave only after the decision is committed."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from comments import moderation
from comments.models import Comment
from tests.comments.conftest import history, make_comment
from tests.factories import make_user

Status = Comment.Status


@pytest.fixture
def mona(db):
    return make_user(username="mona", email="mona@example.org", is_staff=True,
                     groups=[Group.objects.get(name="Moderators")])


@pytest.fixture
def held(article):
    return make_comment(article, status=Status.PENDING, akismet_request={"user_ip": "203.0.113.9",
                                                                         "comment_content": "Well said."})


class TestTransitions:
    @pytest.mark.parametrize(
        "status,public,removed",
        [(Status.APPROVED, True, False), (Status.PENDING, False, False), (Status.SPAM, False, True),
         (Status.TRASH, False, True)],
    )
    def test_xtd_flags_follow_status(self, article, status, public, removed):
        comment = make_comment(article, status=Status.PENDING if status != Status.PENDING else Status.APPROVED)
        assert moderation.set_status(comment, status) is True
        comment.refresh_from_db()
        assert (comment.status, comment.is_public, comment.is_removed) == (status, public, removed)

    def test_history_records_who_from_what_and_to_what(self, held, mona):
        moderation.set_status(held, Status.APPROVED, actor=mona)
        moderation.set_status(held, Status.SPAM)
        first, second = held.events.all()
        assert (first.actor, first.from_status, first.to_status, first.message) == (
            mona, Status.PENDING, Status.APPROVED, "Approved by mona")
        assert (second.actor, second.message) == (None, "Marked as spam automatically")

    def test_same_status_is_not_a_transition(self, held, mona):
        assert moderation.set_status(held, Status.PENDING, actor=mona) is False
        assert history(held) == []

    def test_restore_returns_to_the_status_before(self, article, mona):
        approved = make_comment(article, status=Status.APPROVED)
        moderation.set_status(approved, Status.TRASH, actor=mona)
        moderation.restore(approved, actor=mona)
        approved.refresh_from_db()
        assert approved.status == Status.APPROVED and approved.is_public

    def test_restore_holds_what_has_no_better_place(self, article, mona):
        spam_on_arrival = make_comment(article, status=Status.SPAM)
        moderation.restore(spam_on_arrival, actor=mona)
        assert spam_on_arrival.status == Status.PENDING
        twice_binned = make_comment(article, status=Status.SPAM)
        moderation.set_status(twice_binned, Status.TRASH, actor=mona)
        moderation.restore(twice_binned, actor=mona)
        assert twice_binned.status == Status.PENDING

    def test_record_adds_history_without_changing_status(self, held, mona):
        moderation.record(held, "Looked at by mona", actor=mona)
        held.refresh_from_db()
        assert held.status == Status.PENDING and history(held) == ["Looked at by mona"]


class TestSideEffects:
    def test_rolled_back_decision_sends_nothing(
        self, article, held, mona, akismet, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                moderation.set_status(held, Status.SPAM, actor=mona)
                raise RuntimeError("the request failed after the decision")
        assert callbacks == []
        assert akismet.requests_to("submit-spam") == []
        held.refresh_from_db()
        assert held.status == Status.PENDING

    def test_only_a_moderator_decision_is_fed_back_to_akismet(
        self, article, mona, akismet, django_capture_on_commit_callbacks
    ):
        by_pipeline = make_comment(article, status=Status.PENDING, comment="caught by a re-check")
        by_moderator = make_comment(article, status=Status.PENDING, comment="caught by mona",
                                    akismet_request={"comment_content": "caught by mona"})
        quietly = make_comment(article, status=Status.PENDING, comment="bulk purge")
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(by_pipeline, Status.SPAM)
            moderation.set_status(by_moderator, Status.SPAM, actor=mona)
            moderation.set_status(quietly, Status.SPAM, actor=mona, feedback=False)
        assert [r["comment_content"] for r in akismet.requests_to("submit-spam")] == ["caught by mona"]

    def test_moderator_approving_spam_reports_ham(self, article, mona, akismet, django_capture_on_commit_callbacks):
        caught = make_comment(article, status=Status.SPAM, akismet_request={"comment_content": "false positive"})
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(caught, Status.APPROVED, actor=mona)
        assert [r["comment_content"] for r in akismet.requests_to("submit-ham")] == ["false positive"]
        assert akismet.requests_to("submit-spam") == []
