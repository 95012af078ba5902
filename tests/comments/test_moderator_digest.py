"""The daily digest for moderators who chose it instead of an email per held
comment: once a day, only when something waits, with working action links,
and never lost when the mail server is down."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from comments import notifications
from comments.models import Comment, ModeratorDigest, ModeratorPreference
from comments.moderation import set_status
from comments.moderator import digest
from comments.purge import run_maintenance
from tests.comments.conftest import make_comment
from tests.factories import make_user
from tests.peers.smtp import PeerSMTP

Status = Comment.Status
Emails = ModeratorPreference.Emails
pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with PeerSMTP() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_TIMEOUT = 5
        settings.SITE_URL = "http://testserver"
        yield server


def moderator(name, emails=None):
    user = make_user(username=name, email=f"{name}@example.org", is_staff=True,
                     groups=[Group.objects.get(name="Moderators")])
    if emails:
        ModeratorPreference.objects.create(user=user, emails=emails)
    return user


def at(hour, day=0):
    """A moment on a day at ``hour`` in the site's time zone, ``day`` days from today."""
    today = timezone.localdate() + timedelta(days=day)
    return timezone.make_aware(datetime(today.year, today.month, today.day, hour, 30))


def body(message):
    return message.get_payload(decode=True).decode(message.get_content_charset()).replace("\r\n", "\n")


def links_in(text):
    return re.findall(r"^(Approve it|Mark it as spam|Move it to the trash): (\S+)$", text, re.M)


@pytest.fixture
def waiting(article, no_akismet):
    held = make_comment(article, status=Status.PENDING, user_name="Айгерім", comment="Мақала туралы пікірім бар")
    ping = make_comment(article, status=Status.PENDING, type=Comment.Type.PINGBACK, user_name="Другой блог",
                        user_url="https://blog.example.net/post", comment="[…] ссылка […]")
    caught = make_comment(article, status=Status.PENDING, user_name="Cheap pills", comment="buy now")
    set_status(caught, Status.SPAM, message="Akismet: spam")
    return held, ping, caught


def test_digest_moderator_gets_one_email_listing_held_pings_and_spam(smtp, waiting):
    moderator("dana", Emails.DIGEST)
    assert digest.send_moderator_digests.call(at(8)) == 1
    (message,) = smtp.messages
    assert message["To"] == "dana@example.org"
    text = body(message)
    assert "Айгерім" in text and "Мақала туралы пікірім бар" in text
    assert "Другой блог" in text and "Cheap pills" in text
    assert len(links_in(text)) == 9


def test_digest_links_act_once_like_the_per_comment_email(smtp, waiting):
    held = waiting[0]
    moderator("dana", Emails.DIGEST)
    digest.send_moderator_digests.call(at(8))
    text = body(smtp.messages[0])
    block = text[text.index("Айгерім"):]
    approve = urlsplit(links_in(block)[0][1]).path
    reader = Client(enforce_csrf_checks=True)
    assert reader.get(approve).status_code == 200
    reader.post(approve, {"csrfmiddlewaretoken": reader.cookies["csrftoken"].value})
    held.refresh_from_db()
    assert held.status == Status.APPROVED
    again = reader.post(approve, {"csrfmiddlewaretoken": reader.cookies["csrftoken"].value})
    assert "already been used" in again.content.decode()


def test_only_one_digest_a_day_however_often_the_maintenance_runs(smtp, waiting):
    moderator("dana", Emails.DIGEST)
    assert digest.send_moderator_digests.call(at(8)) == 1
    assert digest.send_moderator_digests.call(at(9)) == 0
    assert digest.send_moderator_digests.call(at(23)) == 0
    assert len(smtp.messages) == 1
    assert digest.send_moderator_digests.call(at(8, day=1)) == 1
    assert len(smtp.messages) == 2


def test_nothing_is_sent_before_the_digest_hour(smtp, waiting, settings):
    settings.COMMENTS_MODERATOR_DIGEST_HOUR = 7
    moderator("dana", Emails.DIGEST)
    assert digest.send_moderator_digests.call(at(6)) == 0
    assert smtp.messages == []


def test_an_empty_day_sends_nothing(smtp, article):
    moderator("dana", Emails.DIGEST)
    make_comment(article, status=Status.APPROVED)
    assert digest.send_moderator_digests.call(at(8)) == 0
    assert smtp.messages == []
    assert ModeratorDigest.objects.get().state == ModeratorDigest.State.EMPTY


def test_two_workers_at_once_send_one_email(smtp, waiting):
    dana = moderator("dana", Emails.DIGEST)
    now = at(8)
    # The first worker has written and claimed today's row and is sending…
    digest._open_todays([dana], now)
    row = ModeratorDigest.objects.get()
    assert digest._claim(row, now)
    # …when the second runs: its insert adds no second row and its claim fails.
    assert digest.send_moderator_digests.call(now) == 0
    assert ModeratorDigest.objects.count() == 1
    assert smtp.messages == []


def test_mail_server_down_keeps_the_digest_and_a_later_run_sends_it(smtp, waiting):
    moderator("dana", Emails.DIGEST)
    smtp.refusing = True
    assert digest.send_moderator_digests.call(at(8)) == 0
    row = ModeratorDigest.objects.get()
    assert row.state == ModeratorDigest.State.PENDING and row.attempts == 1 and "421" in row.last_error
    # Not yet due: the backoff holds it back.
    smtp.refusing = False
    assert digest.send_moderator_digests.call(at(8) + timedelta(seconds=30)) == 0
    assert digest.send_moderator_digests.call(at(9)) == 1
    (message,) = smtp.messages
    assert "Айгерім" in body(message)
    row.refresh_from_db()
    assert row.state == ModeratorDigest.State.SENT and row.attempts == 2


def test_per_comment_email_skips_digest_moderators(mailoutbox, waiting):
    moderator("dana", Emails.DIGEST)
    moderator("erlan")
    moderator("farida", Emails.EACH)
    notifications.comment_held.call(waiting[0].pk)
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "erlan@example.org", "farida@example.org",
    ]


def test_moderators_on_the_default_get_no_digest(smtp, waiting):
    moderator("erlan")
    assert digest.send_moderator_digests.call(at(8)) == 0
    assert smtp.messages == []


def test_hourly_maintenance_sends_the_digest(smtp, waiting, settings):
    settings.COMMENTS_MODERATOR_DIGEST_HOUR = 0
    moderator("dana", Emails.DIGEST)
    assert run_maintenance()["moderator_digests_sent"] == 1


def test_moderator_chooses_the_digest_on_their_profile(client):
    dana = moderator("dana")
    client.force_login(dana)
    page = client.get("/admin/profile/")
    assert "One daily digest" in page.content.decode()
    client.post("/admin/profile/", {"first_name": "Dana", "last_name": "", "email": "dana@example.org",
                                    "moderation_emails": "digest"})
    assert ModeratorPreference.objects.get(user=dana).emails == Emails.DIGEST
    assert [user.pk for _a, user in notifications.moderator_recipients(Emails.DIGEST)] == [dana.pk]


def test_staff_who_do_not_moderate_see_no_digest_choice(client):
    writer = make_user(username="writer", email="w@example.org", is_staff=True,
                       groups=[Group.objects.get(name="Authors")])
    client.force_login(writer)
    assert "One daily digest" not in client.get("/admin/profile/").content.decode()
    client.post("/admin/profile/", {"first_name": "W", "last_name": "", "email": "w@example.org"})
    assert not ModeratorPreference.objects.exists()
