"""An administrator's login in a real browser: the password, then the code
from the authenticator app; a wrong code keeps the admin closed."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts import twofactor
from tests.browser.helpers import shot
from tests.factories import make_user

PASSWORD = "two-factor-journey-Пароль-5"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.BLUEDOMES_REQUIRE_2FA = True


@pytest.fixture
def administrator(django_db_serialized_rollback):
    # The login page needs the Site row from the migrations, which earlier
    # transactional tests flushed; serialized rollback restores it.
    return make_user(username="aigerim", is_staff=True, is_superuser=True, password=PASSWORD)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_step(page):
    page.goto("/admin/")
    page.get_by_label("Username").fill("aigerim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_administrator_sets_up_two_factor_then_logs_in_with_the_code(browser_session, administrator):
    page = browser_session.new_page()
    password_step(page)

    expect(page.get_by_role("heading", name="Set up two-factor login")).to_be_visible()
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    shot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    expect(page.locator(".two-factor-secret")).to_have_text(twofactor.secret_text(device))

    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor login").click()
    expect(page.locator(".errorlist")).to_contain_text("That code is not right")
    # django-otp refuses every code for a second after a wrong one.
    page.wait_for_timeout(1200)

    page.get_by_role("textbox", name="Code").fill(code_for(device))
    page.get_by_role("button", name="Turn on two-factor login").click()
    expect(page.locator(".recovery-codes li")).to_have_count(twofactor.RECOVERY_CODES)
    shot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.locator("#site-name")).to_be_visible()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()

    # Another day, another browser: password, then the code.
    later = browser_session.new_page()
    password_step(later)
    expect(later.get_by_role("heading", name="Two-factor login")).to_be_visible()
    later.get_by_role("textbox", name="Code").fill("111111" if code_for(device) != "111111" else "222222")
    later.get_by_role("button", name="Verify").click()
    expect(later.locator(".errorlist")).to_contain_text("That code is not right")
    later.goto("/admin/")
    expect(later.get_by_role("heading", name="Two-factor login")).to_be_visible()
    shot(later, "two-factor-verify")

    device.refresh_from_db()
    # django-otp refuses a code twice in one time step, and throttles after a failure.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    later.get_by_role("textbox", name="Code").fill(code_for(device))
    later.get_by_role("button", name="Verify").click()
    expect(later.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert later.url.endswith("/admin/")
