"""Two-factor login for staff, on django-otp: a TOTP app as the factor and
single-use recovery codes for a lost phone.

Who must use it: superusers always (``is_required``: their accounts can do
everything), and any staff member who has set a device up (``has_device``:
or the device would protect nothing); accounts.middleware applies both.
Other staff are encouraged, not forced."""

import base64
import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "recovery codes"
TOTP_DEVICE_NAME = "authenticator app"


def is_required(user):
    """Must ``user`` pass a second factor before the admin?"""
    return settings.BLUEDOMES_REQUIRE_2FA and user.is_superuser


def has_device(user):
    return user_has_device(user, confirmed=True)


def seconds_to_wait(devices):
    """How long django-otp's throttling (doubling after each wrong code) still
    refuses every code for these devices; 0 when a code may be tried."""
    now = timezone.now()
    waits = [0]
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append(max(1, int((data["locked_until"] - now).total_seconds() + 0.999)))
    return max(waits)


def devices_for_code(user, code):
    """The devices a code is meant for: six digits are the app's, anything
    else a recovery code. Trying a recovery code on the app would count as a
    wrong code there and throttle it."""
    kind = TOTPDevice if re.fullmatch(r"[0-9]{6}", code) else StaticDevice
    return [device for device in devices_for_user(user, confirmed=True) if isinstance(device, kind)]


def verified_device(devices, code):
    """The device that accepts ``code``, or None."""
    return next((device for device in devices if device.verify_token(code)), None)


def pending_totp_device(user):
    """The TOTP device being set up (unconfirmed), created on first call so
    that reloading the enrolment page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def secret_text(device):
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The otpauth:// URL as an inline SVG QR code, drawn here: the secret never leaves the server."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def confirm(device):
    """Make ``device`` the user's one authenticator and return fresh recovery
    codes, replacing any earlier ones. The codes are returned once, to be shown
    once; each is deleted by django-otp when used."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes
