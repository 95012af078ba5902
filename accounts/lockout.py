"""What a locked-out login sees: the admin's login page saying why and for
how long, answered 429 so that neither a person nor a script mistakes it for
an ordinary wrong password."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: the page for a refused login."""
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "minutes": _lockout_minutes(),
    }
    # Rendered now: axes' middleware runs after the response phase of the view layer.
    return render(request, "accounts/locked_out.html", context, status=429)


def _lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
