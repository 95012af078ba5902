"""``reverse()`` remembered: the paths a page prints many times over.

A card, a byline or a menu link asks Django to reverse the same name with
the same arguments on every request: about 25 µs each, 50 to 60 times on the
home page or an article. The answer depends only on the URLconf, the script
prefix and the arguments, which are the key here."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Enough for every category, tag, author and recent article of a large site;
# the least used fall out first.
REMEMBERED = 4096


@functools.lru_cache(maxsize=REMEMBERED)
def _reversed(urlconf, prefix, viewname, args, kwargs):
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))


def path_of(viewname, *args, **kwargs):
    """``reverse(viewname, args=args, kwargs=kwargs)``, computed once per URLconf and prefix."""
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), viewname, args,
                     tuple(sorted(kwargs.items())))
