"""Transport security, response headers and logging."""

from django.core.exceptions import ImproperlyConfigured

from .base import DEBUG, MEDIA_URL
from .environment import env, env_bool, env_int

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts from our own origin only (no inline script anywhere); pictures also
# as data: URLs, from an absolute MEDIA_URL's host (S3, a CDN) and from
# Gravatar, asked only when the Discussion settings turn its pictures on.
# Inline <style> is allowed: the small style blocks left cannot run code.
# Frames only from the embed providers' privacy-friendly players
# (articles/embeds.py PLAYER_ORIGINS, checked by a test): a header cannot
# wait for the reader's click, but the page makes no frame before it.
_MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/")[:3]) if "://" in MEDIA_URL else ""
_IMAGES = f"img-src 'self' data: https://www.gravatar.com {_MEDIA_ORIGIN}".strip()
_FRAMES = "frame-src " + " ".join([
    "https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://platform.twitter.com",
    "https://open.spotify.com",
])
BLUEDOMES_CONTENT_SECURITY_POLICY = env(
    "BLUEDOMES_CONTENT_SECURITY_POLICY",
    "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", _IMAGES,
        "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
        "frame-ancestors 'none'", "form-action 'self'", _FRAMES,
    ]),
)
# Load balancers probe each app server directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# LOG_FORMAT=json writes one JSON object per line, for log collectors.
LOG_FORMAT = env("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'plain' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "bluedomes.logging.JsonFormatter"},
    },
    "filters": {"refusals": {"()": "bluedomes.logging.RefusalFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["refusals"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
