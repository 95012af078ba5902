"""Emails about comments: who gets which, and that they leave after the commit."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from comments import moderation, notifications
from comments.models import Comment, DiscussionSettings, Subscription
from tests.comments.conftest import make_comment
from tests.factories import make_user

Status = Comment.Status


@pytest.fixture
def moderators(db):
    group = Group.objects.get(name="Moderators")
    return [
        make_user(username="mona", email="mona@example.org", is_staff=True, groups=[group]),
        make_user(username="root", email="root@example.org", is_superuser=True, is_staff=True),
        # Neither of these is asked: no address, and no longer active.
        make_user(username="noaddress", email="", is_staff=True, groups=[group]),
        make_user(username="gone", email="gone@example.org", is_active=False, groups=[group]),
    ]


@pytest.fixture
def held(article):
    return make_comment(article, status=Status.PENDING, user_name="Nadia", user_email="nadia@example.org",
                        user_url="https://nadia.example/", comment="Is the border crossing open again?")


def follow(article, email, confirmed=True):
    return Subscription.objects.create(
        article=article, email=email, confirmed_at=timezone.now() if confirmed else None
    )


def hold(comment, actor=None):
    comment.status = Status.APPROVED  # start elsewhere so the move to pending is a transition
    comment.save(update_fields=["status"])
    moderation.set_status(comment, Status.PENDING, actor=actor)


class TestModeratorsAreAskedWhenCommentIsHeld:
    def test_every_moderator_with_an_address_gets_one_email(
        self, article, held, moderators, mailoutbox, django_capture_on_commit_callbacks
    ):
        make_comment(article, status=Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            hold(held)
        assert sorted(m.to[0] for m in mailoutbox) == ["mona@example.org", "root@example.org"]
        assert all(len(m.to) == 1 for m in mailoutbox)  # nobody sees the other moderators' addresses
        message = mailoutbox[0]
        assert message.subject == f"Please moderate: “{article.title}”"
        assert "Is the border crossing open again?" in message.body
        assert "nadia@example.org" in message.body and "203.0.113.9" in message.body
        assert f"http://testserver/admin/comments/comment/{held.pk}/change/" in message.body
        assert "Currently 2 comments are waiting for approval." in message.body

    def test_sent_after_commit_not_during_the_request(
        self, held, moderators, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            hold(held)
        assert mailoutbox == []
        for callback in callbacks:
            callback()
        assert len(mailoutbox) == 2

    def test_silent_while_awaiting_the_spam_check(self, held, moderators, mailoutbox):
        held.awaiting_check = True
        held.save(update_fields=["awaiting_check"])
        assert notifications.comment_held.call(held.pk) == 0
        assert mailoutbox == []
        # The re-check job concludes and asks again.
        held.awaiting_check = False
        held.save(update_fields=["awaiting_check"])
        notifications.comment_held.enqueue(held.pk)
        assert len(mailoutbox) == 2

    def test_nobody_asked_about_a_comment_a_moderator_unapproved(
        self, held, moderators, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            hold(held, actor=moderators[0])
        assert mailoutbox == []

    def test_nobody_asked_when_the_setting_is_off(self, held, moderators, mailoutbox):
        rules = DiscussionSettings.load()
        rules.notify_moderators = False
        rules.save()
        # .call() runs the task in the test and raises, where the immediate
        # backend would swallow an error and make "nothing sent" pass vacuously.
        assert notifications.comment_held.call(held.pk) == 0
        assert mailoutbox == []

    def test_nobody_asked_about_a_comment_already_decided(self, held, moderators, mailoutbox):
        moderation.set_status(held, Status.APPROVED)
        mailoutbox.clear()
        assert notifications.comment_held.call(held.pk) == 0
        assert mailoutbox == []

    def test_pingback_email_names_the_source(self, article, moderators, mailoutbox):
        ping = make_comment(article, status=Status.PENDING, type=Comment.Type.PINGBACK, user_name="",
                            user_email="", source_url="https://other.example/a-post/",
                            source_title="A post that links here", comment="[…] see this […]")
        notifications.comment_held.enqueue(ping.pk)
        assert "A new pingback on the article" in mailoutbox[0].body
        assert "https://other.example/a-post/" in mailoutbox[0].body


class TestSpamEmailsNobody:
    def test_spam_never_emails_moderators_author_or_followers(
        self, article, held, moderators, mailoutbox, django_capture_on_commit_callbacks
    ):
        follow(article, "follower@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(held, Status.SPAM)
            moderation.set_status(held, Status.TRASH)
        assert mailoutbox == []


class TestApproval:
    def test_approving_a_held_comment_tells_author_and_followers(
        self, article, author, held, mailoutbox, django_capture_on_commit_callbacks
    ):
        follow(article, "first@example.org")
        follow(article, "Nadia@Example.org")  # the commenter follows too: not told of her own words
        follow(article, "unconfirmed@example.org", confirmed=False)
        moderator = make_user(username="mona", is_staff=True, groups=[Group.objects.get(name="Moderators")])
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(held, Status.APPROVED, actor=moderator)
        by_address = {m.to[0]: m for m in mailoutbox}
        assert set(by_address) == {author.email, "first@example.org"}
        to_author = by_address[author.email]
        assert to_author.subject == f"New comment on “{article.title}”"
        assert "Is the border crossing open again?" in to_author.body
        to_follower = by_address["first@example.org"]
        assert f"{article.get_full_url()}#comment-{held.pk}" in to_follower.body
        assert "/comments/subscriptions/unsubscribe/" in to_follower.body
        assert to_follower.extra_headers["List-Unsubscribe"].startswith("<http://testserver/comments/subscriptions/")
        assert to_follower.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "nadia@example.org" not in to_follower.body  # a reader's address is never passed on

    def test_announced_once_even_if_approved_again(
        self, article, author, held, mailoutbox, django_capture_on_commit_callbacks
    ):
        follow(article, "first@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(held, Status.APPROVED)
        assert len(mailoutbox) == 2
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(held, Status.PENDING)
            moderation.set_status(held, Status.APPROVED)
        assert [m.subject for m in mailoutbox].count(f"New comment on “{article.title}”") == 2

    def test_author_not_told_of_their_own_comment(self, article, author, mailoutbox):
        own = make_comment(article, status=Status.PENDING, user_name="Amira", user_email=author.email.upper())
        moderation.set_status(own, Status.APPROVED)
        assert notifications.comment_approved.call(own.pk) == 0
        assert mailoutbox == []

    def test_author_emails_can_be_switched_off(self, article, author, held, mailoutbox):
        rules = DiscussionSettings.load()
        rules.notify_authors = False
        rules.save()
        follow(article, author.email)  # following still works for an author who turned the setting off
        moderation.set_status(held, Status.APPROVED)
        notifications.comment_approved.enqueue(held.pk)
        (message,) = mailoutbox
        assert message.to == [author.email] and "unsubscribe" in message.body

    def test_author_who_follows_gets_one_email_not_two(self, article, author, held, mailoutbox):
        follow(article, author.email)
        moderation.set_status(held, Status.APPROVED)
        notifications.comment_approved.enqueue(held.pk)
        assert [m.to for m in mailoutbox] == [[author.email]]

    def test_followers_are_not_mailed_about_pings(self, article, author, mailoutbox):
        follow(article, "first@example.org")
        ping = make_comment(article, status=Status.PENDING, type=Comment.Type.WEBMENTION, user_name="",
                            user_email="", source_url="https://other.example/", comment="[…] mention […]")
        moderation.set_status(ping, Status.APPROVED)
        notifications.comment_approved.enqueue(ping.pk)
        assert [m.to for m in mailoutbox] == [[author.email]]
        assert mailoutbox[0].subject == f"New webmention on “{article.title}”"

    def test_nothing_sent_for_a_comment_no_longer_approved(self, article, held, mailoutbox):
        follow(article, "first@example.org")
        assert notifications.comment_approved.call(held.pk) == 0  # still pending
        assert mailoutbox == []
