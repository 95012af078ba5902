"""Password reset by email, with Django's own views in the admin's look: it
works end to end, also for authors imported without a usable password, and
tells nobody whether an address has an account."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import make_user

NEW_PASSWORD = "Новый-пароль-Жаңа-2026"


def reset_link(message):
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def ask_for_reset(client, email):
    return client.post(reverse("admin_password_reset"), {"email": email}, follow=True)


@pytest.mark.django_db
def test_login_page_links_to_password_reset(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in page


@pytest.mark.django_db
def test_reset_form_in_the_admin_look(client):
    page = client.get(reverse("admin_password_reset")).content.decode()
    assert settings.SITE_NAME in page
    assert "admin/css/base.css" in page


@pytest.mark.django_db
def test_reset_by_email_end_to_end_then_login_works(client):
    make_user(username="dilnoza", email="Dilnoza@example.kz", is_staff=True, password="old-password-1")
    response = ask_for_reset(client, "dilnoza@example.kz")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Dilnoza@example.kz"]

    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")

    logged_in = client.post(
        "/admin/login/?next=/admin/", {"username": "dilnoza", "password": NEW_PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    assert logged_in.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_reset_link_works_once(client):
    make_user(username="dilnoza", email="dilnoza@example.kz", password="old-password-1")
    ask_for_reset(client, "dilnoza@example.kz")
    link = reset_link(mail.outbox[0])
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert "The password reset link was invalid" in again.content.decode()


@pytest.mark.django_db
def test_imported_author_without_usable_password_can_set_one(client):
    author = get_user_model().objects.create_user(username="wp-author", email="wp-author@example.org", is_staff=True)
    author.set_unusable_password()
    author.save()
    ask_for_reset(client, "wp-author@example.org")
    assert len(mail.outbox) == 1
    set_password_url = client.get(reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    author.refresh_from_db()
    assert author.has_usable_password()
    assert author.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_unknown_address_gets_the_same_answer_and_no_mail(client):
    make_user(username="dilnoza", email="dilnoza@example.kz")
    known = ask_for_reset(client, "dilnoza@example.kz")
    unknown = ask_for_reset(client, "nobody@example.kz")
    assert unknown.redirect_chain == known.redirect_chain
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_inactive_account_gets_no_reset_mail(client):
    make_user(username="gone", email="gone@example.org", is_active=False)
    ask_for_reset(client, "gone@example.org")
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_requests_are_rate_limited(client):
    answers = [client.post(reverse("admin_password_reset"), {"email": "a@example.org"}).status_code for _ in range(6)]
    assert answers[:5] == [302] * 5
    assert answers[5] == 429


@pytest.mark.django_db
def test_reset_unlocks_a_locked_account(client, settings):
    make_user(username="dilnoza", email="dilnoza@example.kz", is_staff=True, password="old-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "dilnoza", "password": "wrong"}, REMOTE_ADDR="192.0.2.50")
    ask_for_reset(client, "dilnoza@example.kz")
    set_password_url = client.get(reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post("/admin/login/", {"username": "dilnoza", "password": NEW_PASSWORD}, REMOTE_ADDR="192.0.2.51")
    assert response.status_code == 302
