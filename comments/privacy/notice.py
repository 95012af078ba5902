"""What the privacy page lists: every cookie the site sets, read from the
constants the code sets them with, so the page cannot drift from the code."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import likes

from .. import cookies

DAY = 24 * 3600


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str
    who: str


def days(seconds):
    count = max(1, round(seconds / DAY))
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def site_cookies():
    readers, staff = _("readers who comment"), _("staff who log in")
    return [
        Cookie(cookies.REMEMBER_COOKIE, _("Your name, email address and website, when you ask us to remember them "
                                          "for your next comment."), days(cookies.REMEMBER_AGE), readers),
        Cookie(cookies.PENDING_COOKIE, _("Which of your comments await moderation, so that you alone see them in "
                                         "place."), days(cookies.PENDING_AGE), readers),
        Cookie(likes.COOKIE_NAME, _("A random number that lets you like an article once; it says nothing about "
                                    "you."), days(likes.COOKIE_MAX_AGE), _("readers who press Like")),
        Cookie(settings.CSRF_COOKIE_NAME, _("Protects forms against being sent from other sites."),
               days(settings.CSRF_COOKIE_AGE), _("readers of a page with a form, such as an article with its comment form")),
        Cookie(settings.SESSION_COOKIE_NAME, _("Keeps staff logged in."), days(settings.SESSION_COOKIE_AGE), staff),
        Cookie("messages", _("Carries a notice to the next admin page."), _("until the browser closes"), staff),
    ]
