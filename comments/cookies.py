"""The comment cookies a reader's browser keeps: the ids of its own held
comments (shown to it alone with "Your comment is awaiting moderation."),
and the name, email and website remembered by "Save my name…". Both are
signed; the page cache passes by any request that brings one."""

from django.core import signing

PENDING_COOKIE = "bd_pending_comments"
PENDING_SALT = "comments.pending"
PENDING_KEEP = 20
PENDING_AGE = 30 * 24 * 3600
REMEMBER_COOKIE = "bd_commenter"
REMEMBER_SALT = "comments.remember"
REMEMBER_AGE = 365 * 24 * 3600


def pending_ids(request):
    """Ids of held comments this browser posted, from a signed cookie; only
    those are shown to it with "Your comment is awaiting moderation."."""
    raw = request.get_signed_cookie(PENDING_COOKIE, default="", salt=PENDING_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_pending(request, response, comment_pk):
    ids = [pk for pk in pending_ids(request) if pk != comment_pk][-(PENDING_KEEP - 1):] + [comment_pk]
    response.set_signed_cookie(
        PENDING_COOKIE, ",".join(map(str, ids)), salt=PENDING_SALT, max_age=PENDING_AGE,
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )


def remembered_commenter(request):
    """Name, email and website saved by the "Save my name…" box, or {}."""
    raw = request.COOKIES.get(REMEMBER_COOKIE)
    if not raw:
        return {}
    try:
        data = signing.loads(raw, salt=REMEMBER_SALT)
    except signing.BadSignature:
        return {}
    return {key: str(data.get(key, ""))[:200] for key in ("name", "email", "url")}


def update_remember_cookie(request, response, data):
    if data.get("remember"):
        value = signing.dumps({key: data.get(key, "") for key in ("name", "email", "url")}, salt=REMEMBER_SALT)
        response.set_cookie(
            REMEMBER_COOKIE, value, max_age=REMEMBER_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
