"""Settings for running beyond one machine, chosen by environment variables:
REDIS_URL (cache and sessions), AWS_STORAGE_BUCKET_NAME (media on S3),
TASKS_BACKEND=rq (the task queue on Redis) and LOG_FORMAT=json.

Each case starts a fresh Python process from the real settings module, as
gunicorn or a worker would, with only the environment a sysadmin sets.
Cases that need a live Redis start their own redis-server on loopback."""

import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import task

from navigation.models import menu_locations

ROOT = Path(__file__).resolve().parents[1]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# What the test run or a developer's shell may have exported.
SCRUBBED = {
    "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "TASKS_BACKEND", "TASKS_REDIS_URL",
    "TASKS_QUEUES", "LOG_FORMAT", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_CUSTOM_DOMAIN",
    "AWS_LOCATION", "AWS_QUERYSTRING_AUTH", "DB_PREPARED_STATEMENTS",
}


@task()
def write_marker(path, text):
    """Run by an RQ worker in test_rq_worker_runs_tasks_enqueued_by_the_site."""
    Path(path).write_text(text)
    return text


def run_in_settings(code, **environ):
    """Runs ``code`` after django.setup() in a new process; returns the process."""
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="bluedomes.settings",
        ALLOWED_HOSTS="blog.example.org",
        SITE_URL="https://blog.example.org",
    )
    env.update(environ)
    program = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def settings_json(expression, **environ):
    """The JSON value of ``expression``, with ``settings``, ``storages`` and
    ``task_backends`` at hand, in a process with that environment."""
    result = run_in_settings(
        "import json\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "from django_tasks import task_backends\n"
        f"print(json.dumps({expression}))",
        **environ,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_loopback_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    """A throwaway redis-server on loopback, stopped after the module."""
    if not os.path.exists(REDIS_SERVER):
        message = (
            "redis-server is not installed (Debian package redis-server): "
            "the live-Redis production settings tests did NOT run"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = free_loopback_port()
    server = subprocess.Popen(
        [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_without_redis_url_cache_is_local_memory_and_sessions_in_the_database():
    configured = settings_json("[settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE]")

    assert configured == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


def test_cache_and_sessions_live_in_the_real_redis(redis_url):
    result = run_in_settings(
        """
        from django.conf import settings
        from django.contrib.sessions.backends.cache import SessionStore
        from django.core.cache import cache

        cache.set("probe", {"thread": [1, 2, 3]}, 30)
        session = SessionStore()
        session["reader"] = "Amira"
        session.save()
        client = cache._cache.get_client("probe")
        print(cache.get("probe"))
        print(SessionStore(session.session_key)["reader"])
        print(sum(1 for _ in client.scan_iter("*")))
        """,
        REDIS_URL=f"{redis_url}/0",
    )

    assert result.returncode == 0, result.stderr
    cached, reader, keys_in_redis = result.stdout.split("\n")[:3]
    assert cached == "{'thread': [1, 2, 3]}"
    assert reader == "Amira"
    # The probe and the session: both are in Redis, where every app server sees them.
    assert int(keys_in_redis) >= 2


def test_postgresql_binds_values_on_the_server_and_prepares_frequent_statements():
    options = "settings.DATABASES['default'].get('OPTIONS', {})"
    url = "postgres://bd:secret@db.internal:5432/blog"

    assert settings_json(options, DATABASE_URL=url) == {"server_side_binding": True, "prepare_threshold": 5}
    assert settings_json(options, DATABASE_URL=url, DB_PREPARED_STATEMENTS="0") == {}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_query_a_connection_runs_often_is_prepared_on_the_postgresql_server():
    for _ in range(6):
        menu_locations()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "navigation_menu"' in statement for statement in prepared)


def test_media_stays_on_the_local_filesystem_without_a_bucket():
    backend = settings_json("type(storages['default']).__name__")

    assert backend == "FileSystemStorage"


def test_bucket_name_puts_media_on_s3_with_public_urls():
    result = run_in_settings(
        """
        from django.core.files.storage import storages
        storage = storages["default"]
        print(type(storage).__module__ + "." + type(storage).__name__)
        print(storage.url("images/2026/11/dome.jpg"))
        """,
        AWS_STORAGE_BUCKET_NAME="bluedomes-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLEEXAMPLE00",
        AWS_SECRET_ACCESS_KEY="example-secret-not-used-for-any-request",
    )

    assert result.returncode == 0, result.stderr
    backend, url = result.stdout.split("\n")[:2]
    assert backend == "storages.backends.s3.S3Storage"
    # Unsigned, so browsers and caches can keep it; under the media/ prefix.
    assert url == "http://127.0.0.1:9000/bluedomes-media/media/images/2026/11/dome.jpg"


def test_tasks_stay_in_the_database_by_default():
    backend = settings_json("type(task_backends['default']).__name__")

    assert backend == "DatabaseBackend"


def test_tasks_backend_rq_queues_tasks_in_redis():
    configured = settings_json(
        "[type(task_backends['default']).__name__, settings.RQ_QUEUES['default']['URL'],"
        " 'django_rq' in settings.INSTALLED_APPS]",
        TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6399/0", TASKS_REDIS_URL="redis://127.0.0.1:6399/1",
    )

    assert configured == ["RQBackend", "redis://127.0.0.1:6399/1", True]


def test_tasks_backend_rq_refuses_to_start_without_a_redis():
    result = run_in_settings("", TASKS_BACKEND="rq")

    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in result.stderr


def test_rq_worker_runs_tasks_enqueued_by_the_site(redis_url, tmp_path):
    marker = tmp_path / "ran.txt"
    environ = {"TASKS_BACKEND": "rq", "REDIS_URL": f"{redis_url}/0", "TASKS_REDIS_URL": f"{redis_url}/1"}
    enqueued = run_in_settings(
        f"""
        from tests.test_production_settings import write_marker
        print(write_marker.enqueue({str(marker)!r}, "done by the worker").status)
        """,
        **environ,
    )
    assert enqueued.returncode == 0, enqueued.stderr
    assert enqueued.stdout.strip() == "READY"
    assert not marker.exists()

    worker = run_in_settings(
        """
        from django.core.management import call_command
        call_command("rqworker", "default", burst=True, job_class="django_tasks_rq.Job")
        """,
        **environ,
    )

    assert worker.returncode == 0, worker.stderr
    assert marker.read_text() == "done by the worker"


def test_log_format_json_writes_one_json_object_per_line():
    result = run_in_settings(
        """
        import logging
        log = logging.getLogger("bluedomes.probe")
        log.warning("comment %s held", 42, extra={"comment_id": 42})
        try:
            1 / 0
        except ZeroDivisionError:
            log.exception("check failed")
        """,
        LOG_FORMAT="json",
    )

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    held, failed = lines[-2:]
    assert held["level"] == "WARNING"
    assert held["logger"] == "bluedomes.probe"
    assert held["message"] == "comment 42 held"
    assert held["comment_id"] == 42
    assert held["time"].endswith("+00:00")
    assert failed["message"] == "check failed"
    assert "ZeroDivisionError" in failed["exception"]


def test_plain_log_format_is_the_default():
    result = run_in_settings('import logging; logging.getLogger("bluedomes.probe").warning("hello")')

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("WARNING bluedomes.probe hello")


def test_unknown_log_format_is_refused():
    result = run_in_settings("", LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be 'plain' or 'json'" in result.stderr


def _reclaim_module():
    spec = importlib.util.spec_from_file_location("reclaim_jobs", ROOT / "deploy" / "reclaim_jobs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_restarted_worker_requeues_only_the_job_its_killed_run_left_running(tmp_path):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        killed, other_worker, waiting = (
            DBTaskResult.objects.get(pk=write_marker.enqueue(str(tmp_path / f"{n}.txt"), "x").id) for n in range(3)
        )
        # "host-1" died mid-job; "host-2" is alive and busy with its own.
        killed.claim("host-1")
        other_worker.claim("host-2")

        reclaimed = _reclaim_module().reclaim("host-1")

    statuses = {row.pk: row.status for row in DBTaskResult.objects.all()}
    assert reclaimed == [killed.pk]
    assert statuses == {killed.pk: "READY", other_worker.pk: "RUNNING", waiting.pk: "READY"}
