"""A new article mailed to subscribers: once each, in batches, across restarts."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Article
from subscribers import mailing
from subscribers.models import Delivery, Mailing, Subscriber
from tests.factories import make_article, make_category
from tests.subscribers.backends import WorkerKilled
from tests.subscribers.conftest import make_subscriber

pytestmark = pytest.mark.django_db


def many_subscribers(count):
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{n}@example.org", confirmed_at=now) for n in range(count)]
    )


def fresh_article(**kw):
    kw.setdefault("published_at", timezone.now() - timedelta(minutes=1))
    return make_article(**kw)


def test_thousand_subscribers_get_one_email_each_in_batches(settings, outbox):
    settings.SUBSCRIBERS_BATCH_SIZE = 100
    many_subscribers(1000)
    article = fresh_article(title="Жаңа мақала: su qoyma")
    mailing.send_article.call(article.pk)
    assert len(outbox) == 100
    batches = 1
    while article.deliveries.filter(state=Delivery.State.PENDING).exists():
        assert mailing.send_batch(article) == 100
        batches += 1
    assert batches == 10
    counts = Counter(message.to[0] for message in outbox)
    assert len(counts) == 1000 and set(counts.values()) == {1}
    assert Mailing.objects.get(article=article).recipients == 1000


def test_worker_killed_mid_batch_resends_nothing_and_loses_nothing(settings, outbox):
    settings.SUBSCRIBERS_BATCH_SIZE = 400
    settings.EMAIL_BACKEND = "tests.subscribers.backends.DyingBackend"
    settings.TEST_DIE_AFTER = 250
    many_subscribers(1000)
    article = fresh_article()
    mailing.start_mailing(article)
    with pytest.raises(WorkerKilled):
        mailing.send_batch(article)
    assert len(outbox) == 250
    # The dead worker's unsent rows stay claimed until their lease runs out:
    # a worker started at once takes none of them.
    settings.TEST_DIE_AFTER = None
    mailing.send_batch(article)
    assert len(outbox) == 250 + 400
    later = timezone.now() + mailing.LEASE + timedelta(seconds=1)
    while mailing.send_batch(article, now=later):
        pass
    counts = Counter(message.to[0] for message in outbox)
    assert len(counts) == 1000 and set(counts.values()) == {1}
    assert article.deliveries.filter(state=Delivery.State.SENT).count() == 1000


def test_two_workers_claiming_at_once_never_share_a_row(outbox):
    many_subscribers(50)
    article = fresh_article()
    mailing.start_mailing(article)
    now = timezone.now()
    first = mailing.claim(article.deliveries.all(), now, 30)
    second = mailing.claim(article.deliveries.all(), now, 30)
    assert Delivery.objects.filter(claim=first).count() == 30
    assert Delivery.objects.filter(claim=second).count() == 20


def test_recipients_are_chosen_once_even_when_the_task_runs_twice(outbox):
    many_subscribers(3)
    article = fresh_article()
    mailing.send_article.call(article.pk)
    make_subscriber("late@example.org")
    mailing.send_article.call(article.pk)
    article.title = "Edited after publication"
    article.save()
    mailing.send_article.call(article.pk)
    assert sorted(message.to[0] for message in outbox) == [f"reader{n}@example.org" for n in range(3)]


def test_scheduled_article_mails_only_once_it_is_live(outbox):
    make_subscriber("reader@example.org")
    article = fresh_article(published_at=timezone.now() + timedelta(hours=2), status=Article.Status.PUBLISHED)
    assert mailing.send_article.call(article.pk) == "scheduled"
    assert outbox == [] and not Mailing.objects.exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=5))
    mailing.send_article.call(article.pk)
    mailing.send_article.call(article.pk)
    assert [message.to[0] for message in outbox] == ["reader@example.org"]


def test_publishing_in_the_admin_transaction_mails_after_commit(django_capture_on_commit_callbacks, outbox):
    make_subscriber("reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        fresh_article(title="东亚 news", slug="east-asia")
    assert [message.subject for message in outbox] == ["东亚 news"]


def test_article_switched_off_is_not_mailed(outbox):
    make_subscriber("reader@example.org")
    article = fresh_article(email_subscribers=False)
    assert mailing.send_article.call(article.pk) == "not mailed"
    assert outbox == []


def test_old_or_imported_article_is_not_news(outbox):
    make_subscriber("reader@example.org")
    article = make_article(published_at=timezone.now() - timedelta(days=30))
    assert mailing.send_article.call(article.pk) == "not mailed"
    assert outbox == []


def test_drafts_and_private_articles_are_not_mailed(outbox):
    make_subscriber("reader@example.org")
    for article in (fresh_article(status=Article.Status.DRAFT), fresh_article(is_private=True)):
        mailing.send_article.call(article.pk)
    assert outbox == []


def test_only_confirmed_subscribers_of_the_articles_categories_receive_it(outbox):
    politics, culture = make_category(name="Саясат"), make_category(name="Culture")
    make_subscriber("all@example.org")
    make_subscriber("politics@example.org", categories=[politics])
    make_subscriber("culture@example.org", categories=[culture])
    make_subscriber("unconfirmed@example.org", confirmed=False)
    make_subscriber("gone@example.org").unsubscribe()
    article = fresh_article(categories=[politics])
    mailing.send_article.call(article.pk)
    assert sorted(message.to[0] for message in outbox) == ["all@example.org", "politics@example.org"]


def test_each_email_has_its_own_one_click_unsubscribe_and_manage_link(outbox):
    make_subscriber("a@example.org")
    make_subscriber("b@example.org")
    mailing.send_article.call(fresh_article().pk)
    links = set()
    for message in outbox:
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe.strip("<>") in message.body
        assert "/follow/manage/" in message.body
        links.add(unsubscribe)
    assert len(links) == 2


def test_unsubscribed_before_their_batch_is_skipped(settings, outbox):
    settings.SUBSCRIBERS_BATCH_SIZE = 1
    first, second = make_subscriber("first@example.org"), make_subscriber("second@example.org")
    article = fresh_article()
    mailing.send_article.call(article.pk)
    Subscriber.objects.get(pk=second.pk).unsubscribe()
    mailing.send_batch(article)
    assert [message.to[0] for message in outbox] == [first.email]
    assert article.deliveries.get(subscriber=second).state == Delivery.State.SKIPPED


def test_digest_subscribers_get_one_message_listing_the_new_articles(outbox):
    daily = make_subscriber("daily@example.org", frequency=Subscriber.Frequency.DAILY)
    make_subscriber("instant@example.org")
    articles = [fresh_article(title=title, slug=f"digest-{n}") for n, title in enumerate(("Бірінші", "Второй", "第三"))]
    for article in articles:
        mailing.send_article.call(article.pk)
    assert [m.to[0] for m in outbox] == ["instant@example.org"] * 3
    mail.outbox.clear()
    assert mailing.send_digests.call() == 1
    [digest] = outbox
    assert digest.to == [daily.email] and "3 new articles" in digest.subject
    assert all(title in digest.body for title in ("Бірінші", "Второй", "第三"))
    assert "List-Unsubscribe" in digest.extra_headers
    assert mailing.send_digests.call() == 0


def test_hourly_maintenance_resumes_what_a_dead_worker_left(settings, outbox, monkeypatch):
    settings.SUBSCRIBERS_BATCH_SIZE = 10
    settings.EMAIL_BACKEND = "tests.subscribers.backends.DyingBackend"
    settings.TEST_DIE_AFTER = 4
    many_subscribers(10)
    article = fresh_article()
    with pytest.raises(WorkerKilled):
        mailing.send_article.call(article.pk)
    settings.TEST_DIE_AFTER = None
    assert mailing.resume_deliveries.call() == 0  # still leased to the dead worker
    later = timezone.now() + mailing.LEASE + timedelta(seconds=1)
    monkeypatch.setattr(mailing.timezone, "now", lambda: later)
    assert mailing.resume_deliveries.call() == 6
    assert sorted(Counter(m.to[0] for m in outbox).values()) == [1] * 10
