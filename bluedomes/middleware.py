"""Refusing malformed requests with a 400 before they reach code that would
trip over them.

Django decodes a form body with the charset the client names; an unknown
one raises LookupError and an ASCII-incompatible one (UTF-16, UTF-32) a
UnicodeDecodeError deep inside ``request.POST``, both 500s, and the error
pages that read POST again 500 too. ``RequestCharsetMiddleware`` checks the
charset first. Both refusals are logged by django.request, as any 400. ``OutOfRangeMiddleware`` is the backstop for ids that reach a
query without passing bluedomes.params (Django's and third-party admin
views look objects up by whatever the URL says)."""

import base64
import re
from hashlib import sha256

from django.conf import settings
from django.db import DataError
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

# Charsets a browser or a blog engine sends that are ASCII-compatible, so
# the form parser's split on "&" and "=" is sound.
ACCEPTED_CHARSETS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252"})

ADMIN_PREFIX = "/admin/"
IMPORT_MAP = re.compile(r'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)
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
    """Content-Security-Policy and Permissions-Policy on every response
    (Referrer-Policy is Django's SECURE_REFERRER_POLICY). Our own small
    middleware rather than django-csp: the policy is one fixed string, no
    nonces (every script is a static file), and Django 6.0 brings CSP
    support of its own to move to.

    The one inline script is the import map django-prose-editor renders in
    the admin (browsers accept import maps only inline); its SHA-256 is
    added to script-src on admin pages, so it runs and nothing else inline
    does."""

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
        if request.path.startswith(ADMIN_PREFIX) and "Content-Security-Policy" in response.headers:
            self._allow_import_maps(response)
        return response

    @staticmethod
    def _allow_import_maps(response):
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return
        maps = IMPORT_MAP.findall(response.content.decode(response.charset or "utf-8", "replace"))
        if not maps:
            return
        hashes = " ".join(f"'sha256-{base64.b64encode(sha256(text.encode()).digest()).decode()}'" for text in maps)
        response.headers["Content-Security-Policy"] = response.headers["Content-Security-Policy"].replace(
            "script-src 'self'", f"script-src 'self' {hashes}", 1
        )
