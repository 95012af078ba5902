"""Approve / Spam / Trash from the moderator's email: signed, expiring,
single-use links that confirm before they act."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client
from django.urls import reverse

from comments import notifications
from comments.models import Comment
from comments.moderator import action_links
from tests.comments.conftest import history, make_comment
from tests.factories import make_user

Status = Comment.Status


@pytest.fixture
def moderator(db):
    return make_user(username="mona", email="mona@example.org", is_staff=True,
                     groups=[Group.objects.get(name="Moderators")])


@pytest.fixture
def held(article, no_akismet):
    return make_comment(article, status=Status.PENDING, user_name="Нұрлан", comment="Пікірім бар")


def links_in(body):
    return dict(re.findall(r"^(Approve it|Mark it as spam|Move it to the trash): (\S+)$", body, re.M))


def path_of(url):
    return urlsplit(url).path


@pytest.fixture
def email_links(held, moderator, mailoutbox, settings):
    settings.SITE_URL = "http://testserver"
    notifications.comment_held.call(held.pk)
    (message,) = mailoutbox
    return {label: path_of(url) for label, url in links_in(message.body).items()}


def test_the_held_email_carries_three_action_links(email_links):
    assert set(email_links) == {"Approve it", "Mark it as spam", "Move it to the trash"}


def test_opening_a_link_only_asks_and_the_button_acts_once(email_links, held, moderator):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(email_links["Approve it"])
    assert page.status_code == 200 and "Пікірім бар" in page.content.decode()
    held.refresh_from_db()
    assert held.status == Status.PENDING
    token = reader.cookies["csrftoken"].value
    done = reader.post(email_links["Approve it"], {"csrfmiddlewaretoken": token})
    assert done.status_code == 200 and "Done" in done.content.decode()
    held.refresh_from_db()
    assert held.status == Status.APPROVED
    assert "Approved by mona from an email link" in history(held)
    assert held.events.last().actor == moderator


def test_a_used_link_is_refused_and_so_are_its_siblings(email_links, held, client):
    client.post(email_links["Mark it as spam"])
    again = client.post(email_links["Mark it as spam"])
    assert again.status_code == 409 and "already been used" in again.content.decode()
    sibling = client.post(email_links["Approve it"])
    assert sibling.status_code == 409
    held.refresh_from_db()
    assert held.status == Status.SPAM


def test_a_link_is_refused_once_someone_else_decided_in_the_queue(email_links, held, client, moderator):
    other = Client()
    other.force_login(moderator)
    other.post(reverse("admin:comments_comment_moderate", args=[held.pk, "trash"]))
    response = client.get(email_links["Approve it"])
    assert response.status_code == 409 and "Trash" in response.content.decode()


def test_an_expired_link_is_refused(email_links, held, client, settings):
    settings.COMMENTS_EMAIL_LINK_DAYS = 0
    response = client.post(email_links["Move it to the trash"])
    assert response.status_code == 410 and "expired" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_a_tampered_link_is_refused(email_links, held, client):
    url = email_links["Approve it"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=action_links.SALT)
    forged = signing.dumps({**payload, "m": "spam"}, salt="some-other-salt")
    for bad in (url[:-3] + "xx/", reverse("comments:moderate_by_email", args=[forged]),
                reverse("comments:moderate_by_email", args=["<script>"])):
        response = client.post(bad)
        assert response.status_code == 400 and "not valid" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_a_link_of_someone_who_no_longer_moderates_is_refused(email_links, held, client, moderator):
    moderator.groups.clear()
    response = client.post(email_links["Approve it"])
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.status == Status.PENDING
