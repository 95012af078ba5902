"""Password-protected articles, as WordPress has them: a reader who types the
article's password reads its text and comments from then on.

What the reader proved is kept in one signed cookie mapping article pks to
a digest of the password they typed, so changing the password locks
everyone out again and the cookie never holds the password itself. Pages
for readers with this cookie are never stored in the page cache
(articles.page_cache): an unlocked page must not be served to anyone else."""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

UNLOCK_COOKIE = "bd_unlocked"
UNLOCK_MAX_AGE = 10 * 24 * 3600  # WordPress keeps its post-password cookie ten days.
_SALT = "articles.protection"
MAX_UNLOCKED = 50


def _digest(article, password):
    return salted_hmac(_SALT, f"{article.pk}:{password}").hexdigest()[:32]


def _unlocked(request):
    value = request.COOKIES.get(UNLOCK_COOKIE)
    if not value:
        return {}
    try:
        unlocked = signing.loads(value, salt=_SALT, max_age=UNLOCK_MAX_AGE)
    except (signing.BadSignature, ValueError):
        return {}
    return unlocked if isinstance(unlocked, dict) else {}


def is_locked(request, article):
    """True while ``article`` is protected and this reader has not typed its current password."""
    if not article.is_protected:
        return False
    return not constant_time_compare(_unlocked(request).get(str(article.pk), ""), _digest(article, article.password))


def password_matches(article, typed):
    return article.is_protected and constant_time_compare(typed or "", article.password)


def remember_unlocked(request, response, article):
    unlocked = _unlocked(request)
    unlocked[str(article.pk)] = _digest(article, article.password)
    # The newest unlocks are kept: the cookie stays well under browsers' size limit.
    unlocked = dict(list(unlocked.items())[-MAX_UNLOCKED:])
    response.set_cookie(
        UNLOCK_COOKIE, signing.dumps(unlocked, salt=_SALT), max_age=UNLOCK_MAX_AGE,
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )
