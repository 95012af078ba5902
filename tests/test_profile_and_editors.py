"""Editors moderate comments, and every staff member edits their own profile."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bluedomes import roles
from comments.models import Comment
from comments.notifications import moderator_emails
from tests.comments.conftest import make_comment
from tests.factories import make_user

PROFILE = reverse("admin:profile")


@pytest.fixture
def editor(db):
    return make_user(username="erlan", email="erlan@example.org", is_staff=True,
                     groups=[Group.objects.get(name=roles.EDITORS)])


def test_editors_work_the_comment_queue_and_are_asked_to(client, editor, article):
    held = make_comment(article, status=Comment.Status.PENDING)
    client.force_login(editor)
    assert client.get(reverse("admin:comments_comment_changelist"), {"status": "pending"}).status_code == 200
    client.post(reverse("admin:comments_comment_moderate", args=[held.pk, "approve"]))
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    assert roles.is_moderator(editor)
    assert "erlan@example.org" in moderator_emails()


def test_an_author_edits_their_own_name_and_email(client, db):
    author = make_user(username="writer", email="old@example.org", is_staff=True,
                       groups=[Group.objects.get(name=roles.AUTHORS)])
    client.force_login(author)
    page = client.get(PROFILE)
    assert page.status_code == 200 and reverse("admin:password_change") in page.content.decode()
    response = client.post(PROFILE, {"first_name": "Гүлнар", "last_name": "Әлиева", "email": "new@example.org"})
    assert response.status_code == 302
    author.refresh_from_db()
    assert (author.first_name, author.last_name, author.email) == ("Гүлнар", "Әлиева", "new@example.org")


def test_a_bad_email_is_refused_under_its_field_and_the_names_kept(client, db):
    author = make_user(email="keep@example.org", is_staff=True)
    client.force_login(author)
    response = client.post(PROFILE, {"first_name": "Ли", "last_name": "Вэй", "email": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address." in html and 'value="Ли"' in html
    author.refresh_from_db()
    assert author.email == "keep@example.org"


def test_the_profile_edits_only_the_person_signed_in(client, db):
    other = make_user(email="other@example.org", is_staff=True)
    me = make_user(email="me@example.org", is_staff=True)
    client.force_login(me)
    client.post(PROFILE, {"first_name": "Me", "last_name": "", "email": "me2@example.org", "username": other.username,
                          "is_superuser": "on"})
    other.refresh_from_db()
    me.refresh_from_db()
    assert other.email == "other@example.org" and me.email == "me2@example.org" and not me.is_superuser


def test_a_staff_member_changes_their_own_password(client, db):
    author = make_user(is_staff=True, password="old-pass-Xy12!")
    client.force_login(author)
    client.post(reverse("admin:password_change"), {
        "old_password": "old-pass-Xy12!", "new_password1": "N3w-longer-pass!", "new_password2": "N3w-longer-pass!",
    })
    author.refresh_from_db()
    assert author.check_password("N3w-longer-pass!")


def test_the_profile_needs_a_staff_login(client, db):
    assert client.get(PROFILE).status_code == 302
