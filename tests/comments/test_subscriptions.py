"""Follow-up emails by double opt-in, with signed, tamper-proof links."""

import json
import re
import time

import pytest
from django.core import signing
from django.test import Client

from comments import subscriptions
from comments.models import Comment, Subscription
from comments.subscriptions import request_subscription
from tests.comments.conftest import make_comment
from tests.factories import make_article

Status = Comment.Status


def ask(article, mailbox, capture, **fields):
    fields.setdefault("status", Status.APPROVED)
    comment = make_comment(article, **fields)
    with capture(execute=True):
        subscription = request_subscription(comment)
    return subscription


def link_in(message, kind):
    return re.search(rf"http://testserver(/comments/subscriptions/{kind}/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


class TestRequest:
    def test_ticking_notify_me_sends_one_confirmation_and_nothing_else(self, article, mailoutbox, capture):
        subscription = ask(article, mailoutbox, capture, user_email="Reader@Example.org")
        assert subscription.email == "reader@example.org" and subscription.confirmed_at is None
        (message,) = mailoutbox
        assert message.to == ["reader@example.org"]
        assert message.subject == f"Confirm follow-up comments on “{article.title}”"
        assert "/comments/subscriptions/confirm/" in message.body
        # The email carries no text a stranger typed, so it cannot be used to mail ads.
        assert "Well said." not in message.body and "Sam Commenter" not in message.body

    def test_confirmation_goes_out_after_commit(self, article, mailoutbox, capture):
        comment = make_comment(article)
        with capture(execute=False) as callbacks:
            request_subscription(comment)
        assert mailoutbox == []
        callbacks[0]()
        assert len(mailoutbox) == 1

    @pytest.mark.parametrize(
        "fields",
        [
            {"status": Status.SPAM},
            {"status": Status.PENDING, "akismet_verdict": Comment.Verdict.SPAM},
            {"status": Status.PENDING, "akismet_verdict": Comment.Verdict.DISCARD},
            {"user_email": ""},
        ],
    )
    def test_never_for_spam_or_without_an_address(self, article, mailoutbox, capture, fields):
        assert ask(article, mailoutbox, capture, **fields) is None
        assert mailoutbox == [] and not Subscription.objects.exists()

    def test_held_ham_comment_may_subscribe(self, article, mailoutbox, capture):
        ask(article, mailoutbox, capture, status=Status.PENDING, akismet_verdict=Comment.Verdict.HAM)
        assert len(mailoutbox) == 1

    def test_no_new_confirmation_once_confirmed(self, article, mailoutbox, capture):
        subscription = ask(article, mailoutbox, capture)
        Client().post(link_in(mailoutbox[0], "confirm"))
        mailoutbox.clear()
        assert ask(article, mailoutbox, capture) == Subscription.objects.get(pk=subscription.pk)
        assert mailoutbox == [] and Subscription.objects.count() == 1

    def test_rate_limited_per_address(self, db, mailoutbox, capture):
        for n in range(subscriptions.PER_EMAIL_PER_DAY + 2):
            ask(make_article(title=f"Article {n}"), mailoutbox, capture, ip_address=f"192.0.2.{n + 1}")
        assert len(mailoutbox) == subscriptions.PER_EMAIL_PER_DAY
        # The wishes are kept; only the emails are held back.
        assert Subscription.objects.count() == subscriptions.PER_EMAIL_PER_DAY + 2

    def test_rate_limited_per_client_ip(self, article, mailoutbox, capture):
        for n in range(subscriptions.PER_IP_PER_HOUR + 3):
            ask(article, mailoutbox, capture, user_email=f"victim{n}@example.org", ip_address="198.51.100.23")
        assert len(mailoutbox) == subscriptions.PER_IP_PER_HOUR
        ask(article, mailoutbox, capture, user_email="someone@example.org", ip_address="198.51.100.24")
        assert mailoutbox[-1].to == ["someone@example.org"]


class TestConfirm:
    def test_get_asks_and_post_confirms(self, article, mailoutbox, capture):
        subscription = ask(article, mailoutbox, capture)
        url = link_in(mailoutbox[0], "confirm")
        browser = Client(enforce_csrf_checks=True)
        page = browser.get(url)
        assert page.status_code == 200 and "Yes, notify me" in page.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None  # a mail scanner opening the link subscribes nobody
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        done = browser.post(url, {"csrfmiddlewaretoken": token})
        assert done.status_code == 200 and "Thank you" in done.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is not None

    def test_tampered_link_is_refused(self, article, mailoutbox, capture):
        subscription = ask(article, mailoutbox, capture)
        url = link_in(mailoutbox[0], "confirm")
        token = url.split("/")[-2]
        payload, rest = token.split(":", 1)
        forged_payload = signing.b64_encode(json.dumps({"s": subscription.pk, "e": "other@example.org"},
                                                       separators=(",", ":")).encode()).decode()
        for bad in (token[:-2] + "xx", f"{forged_payload}:{rest}", "nonsense"):
            response = Client().post(f"/comments/subscriptions/confirm/{bad}/")
            assert response.status_code == 400 and "does not work" in response.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None

    def test_link_signed_for_one_purpose_does_not_serve_another(self, article, mailoutbox, capture):
        subscription = ask(article, mailoutbox, capture)
        confirm_token = link_in(mailoutbox[0], "confirm").split("/")[-2]
        assert Client().post(f"/comments/subscriptions/unsubscribe/{confirm_token}/").status_code == 400
        assert Subscription.objects.filter(pk=subscription.pk).exists()

    def test_confirmation_link_expires(self, article, mailoutbox, capture, monkeypatch):
        subscription = ask(article, mailoutbox, capture)
        url = link_in(mailoutbox[0], "confirm")
        later = time.time() + (subscriptions.CONFIRM_VALID_DAYS + 1) * 86400
        monkeypatch.setattr(signing.time, "time", lambda: later)
        assert Client().post(url).status_code == 400
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None

    def test_links_are_json_not_pickles(self, article, mailoutbox, capture):
        subscription = ask(article, mailoutbox, capture)
        token = link_in(mailoutbox[0], "confirm").split("/")[-2]
        assert json.loads(signing.b64_decode(token.split(":")[0].encode())) == {
            "s": subscription.pk, "e": subscription.email,
        }


class TestUnsubscribe:
    @pytest.fixture
    def follower_email(self, article, mailoutbox, capture):
        """A confirmed follower's notification about a newly approved comment."""
        from comments import moderation

        ask(article, mailoutbox, capture, user_email="follower@example.org")
        Client().post(link_in(mailoutbox[0], "confirm"))
        held = make_comment(article, status=Status.PENDING, user_email="other@example.org")
        with capture(execute=True):
            moderation.set_status(held, Status.APPROVED)
        return next(m for m in mailoutbox if m.to == ["follower@example.org"] and "unsubscribe" in m.body)

    def test_unsubscribe_link_asks_then_removes(self, follower_email):
        url = link_in(follower_email, "unsubscribe")
        page = Client().get(url)
        assert page.status_code == 200 and "Stop emailing follower@example.org" in page.content.decode()
        assert Subscription.objects.filter(email="follower@example.org").exists()
        done = Client().post(url)
        assert done.status_code == 200 and "no more emails" in done.content.decode()
        assert not Subscription.objects.filter(email="follower@example.org").exists()

    def test_one_click_unsubscribe_needs_no_csrf_token(self, follower_email):
        """RFC 8058: the mail client POSTs to the List-Unsubscribe URL on its own."""
        url = follower_email.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
        response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not Subscription.objects.filter(email="follower@example.org").exists()

    def test_unsubscribed_follower_hears_no_more(self, article, follower_email, mailoutbox, capture):
        from comments import moderation

        Client().post(link_in(follower_email, "unsubscribe"))
        mailoutbox.clear()
        another = make_comment(article, status=Status.PENDING, user_email="third@example.org")
        with capture(execute=True):
            moderation.set_status(another, Status.APPROVED)
        assert all(m.to != ["follower@example.org"] for m in mailoutbox)

    def test_second_click_is_harmless(self, follower_email):
        url = link_in(follower_email, "unsubscribe")
        Client().post(url)
        again = Client().get(url)
        assert again.status_code == 200 and "nothing to do" in again.content.decode()
