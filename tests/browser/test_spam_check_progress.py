"""In a real browser: the queue's "Check for spam" bar follows the background
run without a reload, while batches are checked by a loopback Akismet, and
the end is announced through the live region."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import Comment, SpamCheckRun
from comments.moderator import spamcheck
from tests.browser.helpers import admin_login
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_user
from tests.peers.akismet import AkismetPeer

PASSWORD = "queue-keeper-5521"


@pytest.fixture
def akismet(settings):
    peer = AkismetPeer(valid_keys={"test-key"}).start()
    settings.AKISMET_API_KEY, settings.AKISMET_API_URL, settings.AKISMET_TIMEOUT = "test-key", peer.url, 2.0
    yield peer
    peer.stop()


@pytest.fixture
def held(django_db_serialized_rollback):
    article = make_article(title="Көктемгі су тасқыны", slug="koktemgi-su", allow_comments=True)
    spam = [make_comment(article, status=Comment.Status.PENDING, akismet_verdict=Comment.Verdict.HAM,
                         user_name="akismet-guaranteed-spam", comment=f"Дешёвые билеты {n}") for n in range(2)]
    honest = [make_comment(article, status=Comment.Status.PENDING, akismet_verdict=Comment.Verdict.HAM,
                           user_name="Әлия", comment=f"Жол ашық па? {n}") for n in range(2)]
    return spam + honest


def test_the_progress_bar_advances_and_announces_the_end_without_a_reload(browser_session, akismet, held):
    make_user(username="mona", password=PASSWORD, is_staff=True, groups=[Group.objects.get(name="Moderators")])
    # Started as the button starts it; its batches are run below, as the worker would.
    run = SpamCheckRun.objects.create(total=len(held))
    page = browser_session.new_page(viewport={"width": 390, "height": 900})
    admin_login(page, "mona", PASSWORD)
    page.goto("/admin/comments/comment/?status=pending")
    bar = page.locator(".queue-check progress")
    expect(bar).to_have_attribute("value", "0")
    page.evaluate("window.loadedOnce = true")

    spamcheck.check_batch.call(run.pk, [comment.pk for comment in held[:2]])
    expect(page.locator(".queue-check-text")).to_contain_text("2 of 4 held comments checked, 2 found to be spam",
                                                              timeout=6000)
    assert page.evaluate("document.querySelector('.queue-check progress').value") == 2
    assert page.locator(".queue-check-done").inner_text() == ""

    spamcheck.check_batch.call(run.pk, [comment.pk for comment in held[2:]])
    done = page.locator(".queue-check-done[aria-live=polite]")
    expect(done).to_have_text("Check for spam finished: 4 held comments checked, 2 found to be spam.", timeout=6000)
    assert page.evaluate("document.querySelector('.queue-check progress').value") == 4
    # The same document all along: no reload happened.
    assert page.evaluate("window.loadedOnce") is True
    requests_after_done = []
    page.on("request", lambda request: requests_after_done.append(request.url))
    page.wait_for_timeout(2500)
    assert not [url for url in requests_after_done if "/progress/" in url]
