"""Fixtures for the comments tests: a loopback Akismet, helpers to post
through the real form, and comments made the way the pipeline makes them."""

import io
import re
import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from comments.forms import CommentForm
from comments.models import Comment, DiscussionSettings
from tests.peers.akismet import AkismetPeer

AKISMET_KEY = "test-key"


@pytest.fixture(scope="session")
def akismet_server():
    peer = AkismetPeer(valid_keys={AKISMET_KEY}).start()
    yield peer
    peer.stop()


@pytest.fixture
def akismet(akismet_server, settings):
    """Akismet configured and answering ham from a real HTTP server on loopback."""
    akismet_server.reset()
    settings.AKISMET_API_KEY = AKISMET_KEY
    settings.AKISMET_API_URL = akismet_server.url
    settings.AKISMET_TIMEOUT = 2.0
    return akismet_server


@pytest.fixture
def no_akismet(settings):
    settings.AKISMET_API_KEY = ""
    return settings


@pytest.fixture
def discussion(db):
    """Discussion settings that approve a ham comment unless a rule under test holds it."""
    row = DiscussionSettings.load()
    row.approve_known_authors = False
    row.save()
    return row


def form_data(article, **overrides):
    """A complete, valid POST for ``article``'s comment form (fresh security hash)."""
    form = CommentForm(article)
    data = {name: form.initial.get(name, "") for name in ("content_type", "object_pk", "timestamp", "security_hash")}
    data.update(
        name="Dana Reader",
        email="dana@example.org",
        url="",
        comment="A thoughtful remark about the article.",
        honeypot="",
        reply_to="0",
    )
    data.update({key: value for key, value in overrides.items() if value is not None})
    return {key: value for key, value in data.items() if value is not False}


@pytest.fixture
def post_comment(client, django_capture_on_commit_callbacks):
    """POST the comment form for ``article`` the way a browser does, running
    the on-commit work (the Akismet task, emails) before returning."""

    def post(article, follow=False, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/comments/post/", form_data(article, **fields), follow=follow,
                HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux) TestBrowser/1.0",
                HTTP_REFERER=article.get_full_url(),
            )
        return response

    return post


def last_comment():
    return Comment.objects.order_by("-pk").first()


def make_comment(article, *, status=Comment.Status.APPROVED, parent=None, days_ago=0, **fields):
    """A stored comment as the pipeline leaves it, without going through it."""
    fields.setdefault("user_name", "Sam Commenter")
    fields.setdefault("user_email", "sam@example.org")
    fields.setdefault("comment", "Well said.")
    comment = Comment(
        content_object=article,
        site_id=1,
        submit_date=timezone.now() - timedelta(days=days_ago),
        status=status,
        is_public=status == Comment.Status.APPROVED,
        is_removed=status in (Comment.Status.SPAM, Comment.Status.TRASH),
        parent_id=parent.pk if parent else 0,
        ip_address=fields.pop("ip_address", "203.0.113.9"),
        **fields,
    )
    comment.save()
    return comment


def history(comment):
    return [event.message for event in comment.events.all()]


def text_of(html):
    # <wbr> only marks where a line may break, inside a word.
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("<wbr>", ""))).strip()


def run_database_worker(monkeypatch, *options):
    """``manage.py db_worker --batch``, as deploy/worker.sh's worker runs it, inside the test."""
    # The worker closes connections that are not in autocommit mode, which
    # is what the test's surrounding transaction looks like to it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    # It also takes over SIGINT/SIGTERM for a graceful stop; the test process
    # gets its own handlers back, so Ctrl-C still stops the suite.
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0", *options,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
