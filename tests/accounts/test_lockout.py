"""Logins are locked after LOGIN_FAILURE_LIMIT failures, per account and per
address, with a page that says so; staff unlock them in the admin."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import DELETION, LogEntry
from django.urls import reverse

from tests.factories import make_user

PASSWORD = "correct-horse-пароль-42"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(db):
    return make_user(username="gulnara", is_staff=True, password=PASSWORD)


def fail(client, username, times, address="203.0.113.7"):
    responses = []
    for _ in range(times):
        responses.append(client.post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=address))
    return responses


def test_failures_up_to_the_limit_answer_the_login_form(client, editor, settings):
    responses = fail(client, "gulnara", settings.AXES_FAILURE_LIMIT - 1)
    assert all(response.status_code == 200 for response in responses)
    assert "Please enter the correct username and password" in responses[-1].content.decode()


def test_limit_reached_answers_lockout_page_not_a_silent_200(client, editor, settings):
    responses = fail(client, "gulnara", settings.AXES_FAILURE_LIMIT)
    locked = responses[-1]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed logins" in page
    assert "Try again in 15 minutes" in page
    assert reverse("admin_password_reset") in page


def test_right_password_refused_while_locked(client, editor, settings):
    fail(client, "gulnara", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "gulnara", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_account_locked_from_another_address_too(client, editor, settings):
    fail(client, "gulnara", settings.AXES_FAILURE_LIMIT, address="203.0.113.7")
    response = client.post(LOGIN, {"username": "gulnara", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429


def test_address_locked_for_other_accounts_too(client, editor, settings):
    other = make_user(username="timur", is_staff=True, password=PASSWORD)
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": f"guess{number}", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(LOGIN, {"username": other.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429


def test_success_before_the_limit_clears_the_count(client, editor, settings):
    fail(client, "gulnara", settings.AXES_FAILURE_LIMIT - 1)
    assert client.post(LOGIN, {"username": "gulnara", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7").status_code == 302
    client.logout()
    responses = fail(client, "gulnara", settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 200


def test_failures_and_logins_are_kept_in_the_audit_log(client, editor, settings):
    fail(client, "gulnara", 2)
    client.post(LOGIN, {"username": "gulnara", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert AccessLog.objects.filter(username="gulnara", ip_address="203.0.113.7").count() == 1


def test_admin_unlock_lets_the_right_password_in(client, editor, admin_client, settings):
    fail(client, "gulnara", settings.AXES_FAILURE_LIMIT)
    attempts = list(AccessAttempt.objects.filter(username="gulnara").values_list("pk", flat=True))
    assert attempts

    page = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert "Unlock: forget these failed logins" in page.content.decode()
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": attempts},
        follow=True,
    )
    assert "1 login unlocked." in response.content.decode()
    assert LogEntry.objects.filter(action_flag=DELETION, object_id=str(attempts[0])).exists()

    response = client.post(LOGIN, {"username": "gulnara", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
