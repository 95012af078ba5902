"""What a commenter asked for when posting: follow-ups, replies to their own
comment, new articles by email. Each takes effect when the comment is
approved, whichever path it took there."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, Subscription
from subscribers.models import Subscriber
from tests.comments.conftest import last_comment
from tests.factories import make_user

Status = Comment.Status


@pytest.fixture
def moderator_client(db):
    client = Client()
    client.force_login(make_user(username="mona", is_staff=True, groups=[Group.objects.get(name="Moderators")]))
    return client


def moderate(client, comment, move, capture):
    with capture(execute=True):
        response = client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, move]))
    assert response.status_code in (200, 302)


def confirm_link(message):
    return re.search(r"http://testserver(/comments/subscriptions/confirm/[^/\s]+/)", message.body).group(1)


def test_not_spam_then_approve_gives_the_follow_up_the_reader_asked_for(
    article, discussion, akismet, post_comment, moderator_client, mailoutbox, django_capture_on_commit_callbacks
):
    post_comment(article, name="akismet-guaranteed-spam", email="wrongly@example.org", followup="on")
    comment = last_comment()
    assert comment.status == Status.SPAM and comment.followup
    assert mailoutbox == [] and not Subscription.objects.exists()
    moderate(moderator_client, comment, "not_spam", django_capture_on_commit_callbacks)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and not Subscription.objects.exists()
    moderate(moderator_client, comment, "approve", django_capture_on_commit_callbacks)
    subscription = Subscription.objects.get()
    assert subscription.email == "wrongly@example.org" and subscription.scope == Subscription.Scope.ALL
    assert [m.subject for m in mailoutbox if m.to == ["wrongly@example.org"]] == [
        f"Confirm follow-up comments on “{article.title}”"
    ]


def test_held_comment_asks_nothing_until_it_is_approved(
    article, discussion, no_akismet, post_comment, moderator_client, mailoutbox, django_capture_on_commit_callbacks
):
    discussion.manual_approval = True
    discussion.save()
    post_comment(article, followup="on", notify_replies="on", follow_site="on")
    comment = last_comment()
    assert comment.status == Status.PENDING
    assert not Subscription.objects.exists() and not Subscriber.objects.exists()
    moderate(moderator_client, comment, "approve", django_capture_on_commit_callbacks)
    assert Subscription.objects.get().scope == Subscription.Scope.ALL
    assert Subscriber.objects.get().email == "dana@example.org"
    assert sorted(m.subject for m in mailoutbox if m.to == ["dana@example.org"]) == sorted([
        f"Confirm follow-up comments on “{article.title}”", "Confirm your subscription to Blue Domes",
    ])


def test_approved_again_asks_nothing_again(
    article, discussion, no_akismet, post_comment, moderator_client, mailoutbox, django_capture_on_commit_callbacks
):
    post_comment(article, notify_replies="on")
    comment = last_comment()
    assert comment.status == Status.APPROVED
    assert len([m for m in mailoutbox if m.to == ["dana@example.org"]]) == 1
    moderate(moderator_client, comment, "unapprove", django_capture_on_commit_callbacks)
    moderate(moderator_client, comment, "approve", django_capture_on_commit_callbacks)
    assert len([m for m in mailoutbox if m.to == ["dana@example.org"]]) == 1


def test_reply_to_a_reader_who_asked_is_mailed_to_them_by_name(
    article, discussion, no_akismet, post_comment, client, mailoutbox
):
    post_comment(article, name="Айгерім", email="aigerim@example.org", comment="Шекара ашық па?", notify_replies="on")
    parent = last_comment()
    subscription = Subscription.objects.get(email="aigerim@example.org")
    assert subscription.scope == Subscription.Scope.REPLIES and subscription.confirmed_at is None
    client.post(confirm_link(mailoutbox[-1]))
    Subscription.objects.create(article=article, email="follower@example.org", confirmed_at=timezone.now())
    Subscription.objects.create(
        article=article, email="other@example.org", confirmed_at=timezone.now(), scope=Subscription.Scope.REPLIES
    )
    mailoutbox.clear()
    post_comment(article, name="Олжас", email="olzhas@example.org", comment="Иә, кеше ашылды.", reply_to=str(parent.pk))
    reply = last_comment()
    assert reply.status == Status.APPROVED and reply.parent_id == parent.pk
    to_parent = [m for m in mailoutbox if m.to == ["aigerim@example.org"]]
    assert [m.subject for m in to_parent] == [f"Олжас replied to your comment on “{article.title}”"]
    assert "Иә, кеше ашылды." in to_parent[0].body and "Шекара ашық па?" in to_parent[0].body
    assert reply.get_full_url(article) in to_parent[0].body
    assert to_parent[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [m.subject for m in mailoutbox if m.to == ["follower@example.org"]] == [f"New comment on “{article.title}”"]
    assert not [m for m in mailoutbox if m.to == ["other@example.org"]]


def test_a_reply_to_an_unconfirmed_or_unasked_reader_tells_them_nothing(
    article, discussion, no_akismet, post_comment, mailoutbox
):
    post_comment(article, email="quiet@example.org")
    post_comment(article, email="unconfirmed@example.org", comment="Second thought", notify_replies="on")
    quiet, unconfirmed = Comment.objects.order_by("pk")
    mailoutbox.clear()
    post_comment(article, email="replier@example.org", comment="To the quiet one", reply_to=str(quiet.pk))
    post_comment(article, email="replier@example.org", comment="To the other", reply_to=str(unconfirmed.pk))
    assert not [m for m in mailoutbox if m.to[0] in ("quiet@example.org", "unconfirmed@example.org")]


def test_an_address_that_confirmed_before_needs_no_second_confirmation(
    article, discussion, no_akismet, post_comment, client, mailoutbox
):
    Subscription.objects.create(
        article=article, email="known@example.org", confirmed_at=timezone.now(), scope=Subscription.Scope.REPLIES
    )
    post_comment(article, email="known@example.org", followup="on")
    subscription = Subscription.objects.get(email="known@example.org")
    assert subscription.scope == Subscription.Scope.ALL and subscription.confirmed_at is not None
    assert not [m for m in mailoutbox if m.to == ["known@example.org"]]
