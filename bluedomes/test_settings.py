"""Settings for the test suite: the real settings, with environment defaults
a test run needs (a key, a throwaway media folder, fast password hashing)."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bluedomes-test-media-"))
# WhiteNoise warns on every request when STATIC_ROOT does not exist yet.
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="bluedomes-test-static-"))
os.environ.setdefault("SITE_URL", "http://testserver")
# File pages only where a test asks for them, in its own folder.
os.environ.setdefault("BLUEDOMES_PAGE_CACHE_DIR", "")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Most tests sign staff in with force_login; the two-factor tests turn it on.
BLUEDOMES_REQUIRE_2FA = False
