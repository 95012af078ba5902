"""The core: apps, database, cache, tasks, languages, files, accounts, mail."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .environment import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent


_LANGUAGE_NAMES = {"en": _("English"), "ru": _("Russian"), "kk": _("Kazakh"), "ug": _("Uyghur")}

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README: Configuration)."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-DEBUG-on"
# A placeholder like "changeme" is not a real key: refuse what Django's
# security.W009 check calls weak (under 50 characters, under 5 distinct ones,
# or a startproject "django-insecure-" key) instead of only warning.
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG off: use 50+ random characters, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' (see README: Configuration)."
    )

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Blue Domes")
SITE_TAGLINE = env("SITE_TAGLINE", "Notes on Central Asia and its neighbours")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    # django.contrib.admin with the site's own admin site (dashboard, profile).
    "bluedomes.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_comments_xtd",
    "django_comments",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "articles",
    "navigation",
    "comments",
    "wordpress",
    "subscribers",
    # The project's own app: shared rate-limit counters, URL converters, backup/restore.
    "bluedomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bluedomes.middleware.SecurityHeadersMiddleware",
    # Before anything reads the body (sessions, CSRF, views).
    "bluedomes.middleware.RequestCharsetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who must use a second factor are sent to enter (or set up) their
    # code before any admin page; needs request.user and its OTP device.
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress links (/?p=123, /wp-content/uploads/…) → 301; only
    # consulted for the front page's query and for paths that are 404.
    "wordpress.legacy.LegacyURLMiddleware",
    "bluedomes.middleware.OutOfRangeMiddleware",
    # Last, as django-axes requires: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bluedomes.urls"
WSGI_APPLICATION = "bluedomes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bluedomes.context_processors.site",
                "navigation.context_processors.site_menus",
                "comments.context_processors.moderation",
                "accounts.context_processors.two_factor",
            ],
        },
    },
]

# SQLite is the embedded default. WAL lets readers work while a writer
# commits; IMMEDIATE transactions take the write lock up front so concurrent
# writers queue on the busy timeout instead of failing "database is locked".
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with writers queued fairly (bluedomes/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "bluedomes.sqlite"
    # Connections are kept (DB_CONN_MAX_AGE) on SQLite too: opening one and
    # running the PRAGMAs below costs about 1 ms a request, more than serving
    # a cached article page (articles.page_cache) takes altogether.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Seconds a connection waits for another's write lock before "database is locked".
        "timeout": env_int("DB_SQLITE_TIMEOUT", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if USING_POSTGRES and env_bool("DB_PREPARED_STATEMENTS", True):
    # Values sent apart from the SQL, and a statement a connection has run
    # five times kept prepared on the server, which then no longer parses and
    # plans it: about half the server CPU of a page's query (0.23-0.30 ->
    # 0.12-0.16 ms; the article page 4.3 -> 2.8 ms). Off for a pooler that
    # cannot carry prepared statements across transactions (PgBouncer before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stopped answering fails requests (and /healthz)
            # within seconds instead of holding every worker for minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages for readers without state of their own, as files nginx serves
# without Python (articles.page_files); empty switches the files off. Several
# web servers share it as one folder. Files older than the lifetime are
# removed by `manage.py sweep_page_cache` (what changes with the clock alone).
BLUEDOMES_PAGE_CACHE_DIR = env("BLUEDOMES_PAGE_CACHE_DIR", str(BASE_DIR / "var" / "page-cache"))
BLUEDOMES_PAGE_CACHE_SECONDS = env_int("BLUEDOMES_PAGE_CACHE_SECONDS", 300)
# Where rate-limit counters live (bluedomes.ratelimit): Redis's atomic INCR
# when there is Redis; else the database, since each worker's own memory
# would multiply every limit by the number of workers.
BLUEDOMES_RATELIMIT_STORE = env("BLUEDOMES_RATELIMIT_STORE", "cache" if REDIS_URL else "database")
if BLUEDOMES_RATELIMIT_STORE not in {"cache", "database"}:
    raise ImproperlyConfigured("BLUEDOMES_RATELIMIT_STORE must be 'cache' or 'database'.")

# The task queue lives in the database by default, which several app servers
# and workers can share on PostgreSQL. TASKS_BACKEND=rq moves it to Redis
# (django-tasks-rq; workers run `manage.py rqworker --with-scheduler
# --job-class django_tasks_rq.Job default`); a dotted path names another backend.
TASKS_BACKEND = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}.get(env("TASKS_BACKEND", "database"), env("TASKS_BACKEND"))
TASKS_QUEUES = env_list("TASKS_QUEUES", "default")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": TASKS_QUEUES}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    # Best a Redis database of its own: clearing the cache flushes the
    # cache's whole database, queued jobs included.
    TASKS_REDIS_URL = env("TASKS_REDIS_URL", REDIS_URL)
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL or TASKS_REDIS_URL (see README: Configuration).")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {name: {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 600} for name in TASKS_QUEUES}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface's languages (each has a catalogue in locale/, except English,
# the source) and the site's default among them; readers choose theirs
# (cookie, else Accept-Language), and an article's page speaks the article's.
LANGUAGES = [(code, _LANGUAGE_NAMES.get(code, code)) for code in env_list("LANGUAGES", "en,ru,kk")]
LANGUAGE_CODE = env("LANGUAGE_CODE", "en")
# Languages articles may be written in beyond the interface's (shown with
# their own lang and dir, inside the reader's interface language).
BLUEDOMES_ARTICLE_LANGUAGES = env_list("BLUEDOMES_ARTICLE_LANGUAGES", "ug")
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["bluedomes.formats"]
LANGUAGE_COOKIE_NAME = "bd_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Media on S3 or any S3-compatible store when a bucket is named, so that every
# app server sees the same uploads. Credentials come from the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables or the instance role.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": env("AWS_LOCATION", "media"),
            # Public media: plain URLs that browsers and CDNs may cache.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "default_acl": env("AWS_DEFAULT_ACL") or None,
            "file_overwrite": False,
        },
    }
# A request body other than file uploads (a comment, an article form) larger
# than this is refused with 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Pictures: bigger files are refused with a form error before Pillow decodes
# them. 40 megapixels is more than any camera photo a blog needs, and decoding
# it takes ~160 MB of memory: the ceiling a web worker can afford.
BLUEDOMES_IMAGE_MAX_BYTES = env_int("BLUEDOMES_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
BLUEDOMES_IMAGE_MAX_PIXELS = env_int("BLUEDOMES_IMAGE_MAX_PIXELS", 40_000_000)
# Documents (PDF reports, office files) of the media library.
BLUEDOMES_DOCUMENT_MAX_BYTES = env_int("BLUEDOMES_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SITE_ID = 1
LOGIN_URL = "admin:login"

# Logins: django-axes counts failures in the database (so every worker
# process sees the same count) and locks the account, and separately the
# address, after LOGIN_FAILURE_LIMIT failures for LOGIN_LOCKOUT_MINUTES.
# Staff unlock early in the admin (Axes → Access attempts → "Unlock").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "bluedomes.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Two-factor login: superusers must use a TOTP app (or a recovery code) before
# reaching the admin; other staff are asked to set one up. Turning it off is
# for test suites, never for a site.
BLUEDOMES_REQUIRE_2FA = env_bool("BLUEDOMES_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = SITE_NAME
# The admin never shows a device's secret or QR code: whoever enrols sees them once.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where bluedomes.mail.ReadableFileBackend (bin/run's choice) writes each email.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Blue Domes <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The address the privacy page gives readers for questions about their data.
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", SERVER_EMAIL)
