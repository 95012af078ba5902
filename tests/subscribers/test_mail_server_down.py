"""The mail server refusing: nothing is lost, it is tried again later with backoff."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from subscribers import mailing
from subscribers.models import Delivery
from tests.factories import make_article
from tests.peers.smtp import PeerSMTP
from tests.subscribers.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with PeerSMTP() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_TIMEOUT = 5
        yield server


def test_refusing_server_keeps_every_delivery_and_retries_with_backoff(smtp):
    for n in range(5):
        make_subscriber(f"reader{n}@example.org")
    article = make_article(published_at=timezone.now() - timedelta(minutes=1))
    smtp.refusing = True
    assert mailing.send_article.call(article.pk) == "0 sent"
    rows = list(article.deliveries.all())
    assert {row.state for row in rows} == {Delivery.State.PENDING}
    assert all(row.attempts == 1 and "421" in row.last_error for row in rows)
    first_wait = rows[0].not_before - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)
    # Not yet due: nothing is tried.
    assert mailing.send_batch(article) == 0
    later = timezone.now() + timedelta(seconds=61)
    assert mailing.send_batch(article, now=later) == 0
    second = article.deliveries.first()
    assert second.attempts == 2 and second.not_before - later > timedelta(minutes=4)
    smtp.refusing = False
    assert mailing.send_batch(article, now=later + timedelta(minutes=6)) == 5
    counts = Counter(smtp.recipients())
    assert len(counts) == 5 and set(counts.values()) == {1}
    [message] = [m for m in smtp.messages if m["To"] == "reader0@example.org"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_server_that_is_not_there_at_all_is_retried_too(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with PeerSMTP() as server:
        port = server.port
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    make_subscriber("reader@example.org")
    article = make_article(published_at=timezone.now() - timedelta(minutes=1))
    mailing.send_article.call(article.pk)
    delivery = article.deliveries.get()
    assert delivery.state == Delivery.State.PENDING and delivery.attempts == 1 and delivery.not_before
