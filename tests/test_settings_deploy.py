"""Production settings: with DEBUG off the site needs a real SECRET_KEY and
`manage.py check --deploy` has nothing to say. Each case starts a fresh
Python process, as gunicorn or manage.py would, from the real settings
module with only the environment a sysadmin would set."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What the test run (bluedomes.test_settings, the browser tests' Playwright
# workaround) or a developer's shell may have exported; a production process
# starts without them.
SCRUBBED = {
    "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SITE_URL", "ALLOWED_HOSTS", "MEDIA_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**overrides):
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="blog.example.org",
        SITE_URL="https://blog.example.org",
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "entry_point",
    [
        pytest.param(["manage.py", "check"], id="manage.py"),
        # What gunicorn imports in production.
        pytest.param(["-c", "import bluedomes.wsgi"], id="wsgi"),
    ],
)
def test_site_refuses_to_start_without_secret_key_when_debug_is_off(entry_point):
    result = run(entry_point, production_env(SECRET_KEY=None))

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        pytest.param("changeme", id="short"),
        pytest.param("ab" * 30, id="few-distinct-characters"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(50), id="startproject-key"),
    ],
)
def test_site_refuses_a_placeholder_secret_key_when_debug_is_off(weak_key):
    result = run(["manage.py", "check"], production_env(SECRET_KEY=weak_key))

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak" in result.stderr


def test_local_run_with_debug_on_needs_no_secret_key():
    env = production_env(SECRET_KEY=None, DEBUG="1", ALLOWED_HOSTS=None, SITE_URL=None)

    result = run(["manage.py", "check"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("database_url", "concurrency", "expected"),
    [
        pytest.param(None, None, "cores + 1", id="sqlite-by-default"),
        pytest.param("sqlite:////srv/bluedomes/db.sqlite3", None, "cores + 1", id="sqlite"),
        pytest.param("postgres://bd@%2Frun%2Fpostgresql/bd", None, "2 * cores + 1", id="postgresql"),
        pytest.param("postgres://bd@db.internal/bd", "7", "7", id="web-concurrency"),
    ],
)
def test_gunicorn_runs_as_many_workers_as_its_database_can_use(database_url, concurrency, expected):
    # The config file as gunicorn reads it: executed with the project on the path.
    script = (
        "import multiprocessing, runpy; cores = multiprocessing.cpu_count(); "
        "print(runpy.run_path('deploy/gunicorn.conf.py')['workers'] == " + expected + ")"
    )
    result = run(["-c", script], production_env(DATABASE_URL=database_url, WEB_CONCURRENCY=concurrency))

    assert result.stdout.strip() == "True", result.stdout + result.stderr
