"""The queue's "Check for spam": Akismet asked again about every held comment,
in background batches whose progress the queue shows."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, SpamCheckRun
from comments.moderator import spamcheck
from tests.comments.conftest import history, make_comment
from tests.factories import make_user

Status = Comment.Status
Verdict = Comment.Verdict
CHECK = reverse("admin:comments_comment_check_spam")
PENDING_TAB = reverse("admin:comments_comment_changelist") + "?status=pending"


@pytest.fixture
def mod_client(client, db):
    client.force_login(make_user(username="mona", is_staff=True, groups=[Group.objects.get(name="Moderators")]))
    return client


def test_check_for_spam_moves_spam_out_of_the_held_queue_and_counts_progress(
    mod_client, article, akismet, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(spamcheck, "BATCH_SIZE", 2)
    wave = [make_comment(article, status=Status.PENDING, akismet_verdict=Verdict.HAM,
                         user_name="akismet-guaranteed-spam", comment=f"Дешёвые билеты {n}") for n in range(3)]
    honest = make_comment(article, status=Status.PENDING, akismet_verdict=Verdict.HAM, user_name="Әлия",
                          comment="Жол ашық па?")
    unchecked = make_comment(article, status=Status.PENDING, awaiting_check=True, user_name="Lee")
    assert "Check for spam" in mod_client.get(PENDING_TAB).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(CHECK)
    assert response["Location"] == PENDING_TAB
    run = SpamCheckRun.objects.get()
    assert (run.total, run.checked, run.spam, run.failed) == (5, 5, 3, 0)
    assert run.finished_at is not None
    for comment in wave:
        comment.refresh_from_db()
        assert comment.status == Status.SPAM
    honest.refresh_from_db()
    assert honest.status == Status.PENDING and "Checked again by Akismet: not spam; still held" in history(honest)
    unchecked.refresh_from_db()
    assert unchecked.akismet_verdict == Verdict.HAM and not unchecked.awaiting_check
    reasons = {request.fields.get("recheck_reason") for request in akismet.requests_to("comment-check")}
    assert "recheck_queue" in reasons


def test_a_run_in_progress_is_shown_on_the_queue(mod_client, article, akismet):
    SpamCheckRun.objects.create(total=40, checked=12, spam=3)
    page = mod_client.get(PENDING_TAB).content.decode()
    assert "Checking for spam: 12 of 40 held comments checked, 3 found to be spam." in page
    assert '<progress max="40" value="12">' in page


def test_akismet_down_counts_failures_and_keeps_the_comments_held(mod_client, article, akismet,
                                                                  django_capture_on_commit_callbacks):
    akismet.fail_with = 503
    held = make_comment(article, status=Status.PENDING, akismet_verdict=Verdict.HAM)
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(CHECK)
    run = SpamCheckRun.objects.get()
    assert (run.checked, run.failed) == (1, 1)
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_no_check_without_akismet_and_only_by_post(mod_client, article, no_akismet):
    make_comment(article, status=Status.PENDING)
    assert mod_client.get(CHECK).status_code == 405
    mod_client.post(CHECK)
    assert not SpamCheckRun.objects.exists()
    assert "Check for spam" not in mod_client.get(PENDING_TAB).content.decode()


def progress_url(run):
    return reverse("admin:comments_comment_check_spam_progress", args=[run.pk])


def test_progress_endpoint_reports_the_runs_numbers_to_moderators(mod_client, db):
    run = SpamCheckRun.objects.create(total=40, checked=12, spam=3, failed=1)
    response = mod_client.get(progress_url(run))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = response.json()
    assert {key: data[key] for key in ("total", "checked", "spam", "failed", "percent", "done")} == {
        "total": 40, "checked": 12, "spam": 3, "failed": 1, "percent": 30, "done": False,
    }
    assert data["text"] == "Checking for spam: 12 of 40 held comments checked, 3 found to be spam."


def test_progress_endpoint_says_when_the_run_is_done_in_russian(mod_client, db):
    run = SpamCheckRun.objects.create(total=21, checked=21, spam=1, finished_at=timezone.now())
    data = mod_client.get(progress_url(run), HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["done"] is True and data["percent"] == 100
    assert "21" in data["text"] and "комментарий" in data["text"]


def test_progress_endpoint_is_for_moderators_only(client, db):
    run = SpamCheckRun.objects.create(total=4, checked=1)
    anonymous = client.get(progress_url(run))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(make_user(username="writer", is_staff=True, groups=[Group.objects.get(name="Authors")]))
    assert client.get(progress_url(run)).status_code == 403
    client.force_login(make_user(username="reader", is_staff=False))
    assert client.get(progress_url(run)).status_code == 302


def test_progress_of_a_run_that_does_not_exist_is_404(mod_client, db):
    assert mod_client.get(reverse("admin:comments_comment_check_spam_progress", args=[999])).status_code == 404


def test_the_queue_offers_a_refresh_link_and_a_live_region_beside_the_bar(mod_client, db):
    SpamCheckRun.objects.create(total=3, checked=1)
    page = mod_client.get(PENDING_TAB).content.decode()
    assert 'class="queue-check-refresh"' in page and 'aria-live="polite"' in page
    assert "admin-extra/spam-check.js" in page
