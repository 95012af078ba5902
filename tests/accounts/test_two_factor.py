"""Two-factor login: superusers must pass a TOTP code (or a recovery code)
before the admin and are sent to set one up when they have none; other staff
are nudged, and held to it once they have set one up."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from tests.factories import make_user

PASSWORD = "a-long-password-Құпия-77"
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.BLUEDOMES_REQUIRE_2FA = True


@pytest.fixture
def administrator(db):
    return make_user(username="admin", is_staff=True, is_superuser=True, password=PASSWORD)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(user):
    device = twofactor.pending_totp_device(user)
    return device, twofactor.confirm(device)


def password_login(client, username):
    response = client.post(f"{reverse('admin:login')}?next=/admin/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client.get("/admin/")


def test_administrator_without_device_is_sent_to_set_one_up(client, administrator):
    response = password_login(client, "admin")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_setup_page_shows_a_local_qr_code_and_the_secret_as_text(client, administrator):
    password_login(client, "admin")
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    assert "<svg" in page
    assert twofactor.secret_text(device) in page
    assert "otpauth://" not in page
    assert "Administrators must log in with a second factor" in page


def test_reloading_setup_keeps_the_same_secret(client, administrator):
    password_login(client, "admin")
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=administrator).count() == 1


def test_setup_with_the_right_code_shows_recovery_codes_once_and_opens_the_admin(client, administrator):
    password_login(client, "admin")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=administrator)
    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    page = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == twofactor.RECOVERY_CODES
    assert set(codes) == set(StaticToken.objects.filter(device__user=administrator).values_list("token", flat=True))
    assert client.get("/admin/").status_code == 200
    # Shown once: no later page lists them again.
    assert not re.findall(r"<li><code>", client.get(SETUP).content.decode())


def test_setup_with_a_wrong_code_is_refused_with_the_message_under_the_field(client, administrator):
    password_login(client, "admin")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=administrator).confirmed
    assert client.get("/admin/").status_code == 302


def test_enrolled_administrator_must_enter_the_code_after_the_password(client, administrator):
    device, _codes = enrolled(administrator)
    response = password_login(client, "admin")
    assert response["Location"].startswith(VERIFY)
    answer = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert answer["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_code_refused(client, administrator):
    enrolled(administrator)
    password_login(client, "admin")
    response = client.post(VERIFY, {"code": "123456", "next": "/admin/"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_throttled_device_says_how_long_to_wait_and_refuses_even_the_right_code(client, administrator):
    device, _codes = enrolled(administrator)
    # Five wrong codes just now: django-otp refuses any code for 2**4 seconds.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    password_login(client, "admin")
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert re.search(r"Too many wrong codes\. Wait 1[0-6] seconds", response.content.decode())
    assert client.get("/admin/").status_code == 302


def test_recovery_code_works_once(client, administrator):
    _device, codes = enrolled(administrator)
    password_login(client, "admin")
    assert client.post(VERIFY, {"code": codes[0].upper(), "next": "/admin/"}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post(reverse("admin:logout"))
    password_login(client, "admin")
    response = client.post(VERIFY, {"code": codes[0], "next": "/admin/"})
    assert "That code is not right" in response.content.decode()


def test_unverified_user_cannot_replace_the_device_through_setup(client, administrator):
    enrolled(administrator)
    password_login(client, "admin")
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "000000"})["Location"].startswith(VERIFY)


def test_verify_refuses_an_outside_next(client, administrator):
    device, _codes = enrolled(administrator)
    password_login(client, "admin")
    answer = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert answer["Location"] == reverse("admin:index")


def test_other_staff_reach_the_admin_with_a_nudge_to_set_it_up(client, db):
    make_user(username="editor", is_staff=True, password=PASSWORD)
    response = password_login(client, "editor")
    assert response.status_code == 200
    assert "Protect your account with two-factor login." in response.content.decode()
    assert f'href="{SETUP}"' in response.content.decode()


def test_staff_who_set_it_up_must_use_it(client, db):
    editor = make_user(username="editor", is_staff=True, password=PASSWORD)
    enrolled(editor)
    response = password_login(client, "editor")
    assert response["Location"].startswith(VERIFY)


def test_password_alone_acts_nowhere_not_even_on_public_pages(client, administrator, article):
    device, _codes = enrolled(administrator)
    password_login(client, "admin")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    posted = client.post(reverse("comments:post"), {"comment": "Posted with a stolen password."})
    assert posted.status_code == 302 and posted["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device), "next": "/"})
    assert client.get(article.get_absolute_url()).status_code == 200


def test_staff_without_a_device_who_need_none_read_the_site_as_usual(client, db, article):
    make_user(username="editor", is_staff=True, password=PASSWORD)
    password_login(client, "editor")
    assert client.get(article.get_absolute_url()).status_code == 200
