"""The reader's choice of interface language, remembered in a cookie.

A plain link (GET) rather than Django's set_language form: the header shows
it on every page, cached pages included, which carry no CSRF token outside
their comment form, and all it changes is a preference cookie of the reader's
own. Without the cookie, LocaleMiddleware follows Accept-Language."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from articles.languages import interface_languages


def switch_language(request, code):
    if code not in interface_languages():
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code,
        max_age=settings.LANGUAGE_COOKIE_AGE, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=request.is_secure(), httponly=True,
    )
    return response
