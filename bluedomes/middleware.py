"""Refusing malformed requests with a 400 before they reach code that would
trip over them.

Django decodes a form body with the charset the client names; an unknown
one raises LookupError and an ASCII-incompatible one (UTF-16, UTF-32) a
UnicodeDecodeError deep inside ``request.POST``, both 500s, and the error
pages that read POST again 500 too. ``RequestCharsetMiddleware`` checks the
charset first. Both refusals are logged by django.request, as any 400. ``OutOfRangeMiddleware`` is the backstop for ids that reach a
query without passing bluedomes.params (Django's and third-party admin
views look objects up by whatever the URL says)."""

from django.conf import settings
from django.db import DataError
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

# Charsets a browser or a blog engine sends that are ASCII-compatible, so
# the form parser's split on "&" and "=" is sound.
ACCEPTED_CHARSETS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252"})

# Features no page of the site uses; denied so an injected frame or script cannot ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "camera", "microphone", "geolocation", "interest-cohort", "browsing-topics", "payment", "usb",
        "magnetometer", "gyroscope", "accelerometer", "display-capture",
    )
)


def _refuse(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class RequestCharsetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_params else None
        if charset is not None and charset.strip().lower() not in ACCEPTED_CHARSETS:
            return _refuse(_("The request body must be sent in UTF-8."))
        return self.get_response(request)


class OutOfRangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # sqlite3 raises OverflowError for an int past 64 bits; PostgreSQL a
        # DataError ("integer out of range"). Neither is the site's fault.
        if isinstance(exception, (OverflowError, DataError)):
            return _refuse(_("A number in the request is out of range."))
        return None


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy and Referrer-Policy on
    every response. Our own small middleware rather than django-csp: the
    policy is one fixed string (no per-view changes, no nonces: every
    script is a static file), and Django 6.0 brings its own CSP support
    to move to."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.BLUEDOMES_CONTENT_SECURITY_POLICY,
            "Permissions-Policy": PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for header, value in self.headers.items():
            if value:
                response.headers.setdefault(header, value)
        return response
