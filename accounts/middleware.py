"""Sends staff who still owe a second factor to enter it (or, for those who
must use one and have none, to set it up) before any page: until then the
password alone must not act as them anywhere, not even in a comment posted
under their name, which would be approved as a moderator's."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from . import twofactor


def pending_step(request):
    """The two-factor page this request must go to first, or None."""
    user = getattr(request, "user", None)
    if not settings.BLUEDOMES_REQUIRE_2FA or user is None or not user.is_authenticated or not user.is_staff or user.is_verified():
        return None
    if request.path.startswith(reverse("accounts:two_factor_verify")) or request.path == reverse("admin:logout"):
        return None
    if twofactor.has_device(user):
        return "accounts:two_factor_verify"
    if twofactor.is_required(user):
        return "accounts:two_factor_setup"
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = pending_step(request)
        if step is None:
            return self.get_response(request)
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
