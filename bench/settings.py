"""Settings for benchmark runs: the production settings, plus a bench-only
URLconf with the framework-floor view, and the ``--uncached`` switch.
The site's own urls.py never serves the floor view."""

from bluedomes.settings import *  # noqa: F403
from bluedomes.settings import env_bool

ROOT_URLCONF = "bench.urls"

if env_bool("BENCH_UNCACHED", False):
    # Every cache lookup misses: the pages are measured as if no cache existed.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
