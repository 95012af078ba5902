"""/healthz: what a load balancer asks each app server before sending it readers.

It checks what the app server cannot work without — the database and the
shared cache — answers 200 when both respond and 503 naming the one that did
not, and is never cached or behind a login."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    # A random key, so that a value left over from an earlier probe (or
    # another server) cannot make a dead write look like a working one.
    key = f"healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_GET
def healthz(request):
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = "ok" if check() else "failed"
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy", and is reported
            logger.warning("health check %s failed: %s", name, exc)
            report[name] = "failed"
    status = 200 if all(value == "ok" for value in report.values()) else 503
    return JsonResponse(report, status=status)
