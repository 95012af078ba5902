"""The lockout holds when logins are spread over several gunicorn worker
processes: the failures are counted in the database, not in one process."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3
PASSWORD = "workers-password-Пароль-3"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="bluedomes.settings", DEBUG="1", SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", ALLOWED_HOSTS="127.0.0.1", MEDIA_ROOT=str(tmp_path),
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    create = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_user('gulnara', 'g@example.kz', {PASSWORD!r}, is_staff=True)"
    )
    subprocess.run([*manage, "shell", "-c", create], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bluedomes.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def log_in(base, password):
    """One login as a new visitor on a new connection, so that the workers take turns."""
    with httpx.Client(base_url=base, headers={"Connection": "close"}, timeout=20) as client:
        form = client.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return client.post(
            "/admin/login/?next=/admin/",
            data={"csrfmiddlewaretoken": token, "username": "gulnara", "password": password},
            headers={"Referer": f"{base}/admin/login/"},
        )


def test_lockout_holds_across_gunicorn_workers(site):
    answers = [log_in(site, "wrong").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    assert log_in(site, PASSWORD).status_code == 429
