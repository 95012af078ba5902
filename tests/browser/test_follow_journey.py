"""A reader follows the site by email in a real browser: signs up in the
footer, confirms by the emailed link, receives the next article, and
unsubscribes from the link in that email."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from subscribers.models import Subscriber
from tests.browser.helpers import shot
from tests.factories import make_article, make_user

READER = "aigerim@example.org"


def link(message, kind):
    return re.search(rf"https?://[^/\s]+(/follow/{kind}/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def author(django_db_serialized_rollback):
    author = make_user(username="karim", first_name="Karim", last_name="Nazarov")
    make_article(author=author, title="Water on the Amu Darya", published_at=timezone.now() - timedelta(days=3))
    return author


def test_reader_follows_confirms_receives_the_next_article_and_unsubscribes(page, author):
    mail.outbox = []
    page.goto("/")
    footer = page.locator(".follow-form--footer")
    footer.get_by_label("Email address").fill(READER)
    footer.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    shot(page, "follow-check-inbox")
    [confirmation] = mail.outbox
    assert confirmation.to == [READER]

    page.goto(link(confirmation, "confirm"))
    expect(page.get_by_role("button", name="Yes, subscribe me")).to_be_visible()
    assert not Subscriber.objects.get().is_active  # opening the link is not enough
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_text("Thank you: new articles will be sent to")).to_be_visible()
    assert Subscriber.objects.get().is_active

    mail.outbox = []
    make_article(author=author, title="Қазақстандағы сайлау", slug="saylau",
                 published_at=timezone.now() - timedelta(minutes=1))
    [article_email] = mail.outbox
    assert article_email.to == [READER] and article_email.subject == "Қазақстандағы сайлау"
    assert article_email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(link(article_email, "unsubscribe"))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_text(f"Done: {READER} will receive no more articles")).to_be_visible()
    assert Subscriber.objects.get().unsubscribed_at is not None

    mail.outbox = []
    make_article(author=author, title="After leaving", published_at=timezone.now() - timedelta(minutes=1))
    assert mail.outbox == []
