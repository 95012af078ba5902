"""What protects the forms readers without a session post from cached pages.

The article page a reader without state of their own gets is one file every
such reader shares (articles.page_files, served by nginx without Python), so
it cannot carry a CSRF token of theirs. WordPress puts none in an anonymous
reader's comment form either, for the same reason and with the same
argument: CSRF is about borrowing the authority a victim's browser carries,
and a browser without a session carries none here. A forged anonymous
comment, like or unlock is what the forger could send from their own
machine. So, for a POST from a browser **without a session cookie**:

  - **Origin** (or, when a browser sends none, **Referer**) must be this site:
    the host the request came to, SITE_URL, or CSRF_TRUSTED_ORIGINS. That
    keeps other sites from posting through a visitor's browser, and so from
    using the visitor's address against the rate limits or setting their
    remembered-name and held-comment cookies;
  - the form's own checks stay: django_comments' **security hash** over the
    article and a **timestamp** (a form older than two hours is refused and
    shown again, fresh), and the **honeypot** field a person never fills in;
  - the per-address **rate limits** of bluedomes.ratelimit (comments, likes,
    unlocks) still count every POST, and Akismet checks every comment.

Anyone with a session cookie (signed-in staff, or anyone the site has given a
session) gets Django's full CSRF check, token and all: their pages are never
the shared copy, so their forms carry a token. Test clients that switch CSRF
checks off switch this check off too."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_callable
from django.views.decorators.csrf import csrf_exempt

REASON_NO_ORIGIN = "Neither Origin nor Referer is this site."


def _origin(url):
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def site_origins(request):
    """The origins a form of this site is posted from."""
    own = {f"{request.scheme}://{request.get_host()}".lower(), _origin(settings.SITE_URL)}
    own.update(_origin(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS if "*" not in trusted)
    own.discard(None)
    return own


def from_this_site(request):
    """True when the POST's Origin, or its Referer if it has no Origin, is this site."""
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return True
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        origin = _origin(request.headers.get("Referer", ""))
    return origin is not None and origin.lower() in site_origins(request)


def has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES or request.user.is_authenticated


def csrf_unless_anonymous(view):
    """Django's CSRF check for a browser with a session; the Origin check
    above for one without."""

    checker = CsrfViewMiddleware(lambda request: None)

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            if has_session(request):
                refused = checker.process_view(request, view, args, kwargs)
                if refused is not None:
                    return refused
            elif not from_this_site(request):
                return get_callable(settings.CSRF_FAILURE_VIEW)(request, reason=REASON_NO_ORIGIN)
        return view(request, *args, **kwargs)

    return checked
