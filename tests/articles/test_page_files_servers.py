"""Two web servers (two gunicorn processes) and a background process share
one page-cache folder and one database: a page written by one is removed by
a change made through the other, before that server's response returns, and
by a moderation done in a third process (the worker approving after Akismet)."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRUBBED = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL", "TASKS_BACKEND",
            "BLUEDOMES_RATELIMIT_STORE", "LOG_FORMAT", "BLUEDOMES_PAGE_CACHE_DIR"}

SETUP = """
import json
import django
django.setup()
from comments.models import Comment, DiscussionSettings
from tests.comments.conftest import make_comment
from tests.factories import make_article
article = make_article(title="Шекара: тихая неделя", slug="shekara")
make_comment(article, user_name="Айгерим", comment="Кезек қысқарды.")
held = make_comment(article, status=Comment.Status.PENDING, user_name="Wren", comment="边境很安静。")
DiscussionSettings.load()
print(json.dumps({"url": article.get_absolute_url(), "pk": article.pk, "held": held.pk}))
"""

APPROVE = """
import sys
import django
django.setup()
from django.db import transaction
from comments import moderation
from comments.models import Comment
with transaction.atomic():
    moderation.set_status(Comment.objects.get(pk=int(sys.argv[1])), Comment.Status.APPROVED)
"""


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(args, env):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _request(port, method, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, quote(path), headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _wait_up(port, process):
    deadline = time.monotonic() + 60
    while True:
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            pytest.fail("gunicorn did not start")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-servers")
    ports = [_free_port(), _free_port()]
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED}
    env.update(
        DJANGO_SETTINGS_MODULE="bluedomes.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{ports[0]}",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        BLUEDOMES_PAGE_CACHE_DIR=str(folder / "page-cache"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        AKISMET_API_KEY="",
        WEB_CONCURRENCY="1",
        PYTHONPATH=str(ROOT),
    )
    _run([sys.executable, "manage.py", "migrate", "--no-input"], env)
    _run([sys.executable, "manage.py", "collectstatic", "--no-input"], env)
    made = json.loads(_run([sys.executable, "-c", SETUP], env).strip().splitlines()[-1])
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(folder / f"gunicorn-{port}.log", "w"),
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers):
            _wait_up(port, server)
        yield {"ports": ports, "env": env, **made,
               "file": folder / "page-cache" / "127.0.0.1" / "en" / made["url"].strip("/") / "index.html"}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_a_like_through_one_server_removes_the_page_the_other_wrote(site):
    first, second = site["ports"]
    assert _request(first, "GET", site["url"])[0] == 200
    assert "Кезек қысқарды." in site["file"].read_text()

    status, _ = _request(second, "POST", f"/like/{site['pk']}/", headers={
        "Origin": f"http://127.0.0.1:{second}", "X-Requested-With": "fetch", "Content-Length": "0",
    })

    assert status == 302
    # Gone before the second server's response came back.
    assert not site["file"].exists()
    assert "One blogger likes this." in _request(second, "GET", site["url"])[1]
    assert "One blogger likes this." in site["file"].read_text()


def test_an_approval_in_a_background_process_removes_the_page(site):
    first, _ = site["ports"]
    _request(first, "GET", site["url"])
    assert "边境很安静。" not in site["file"].read_text()

    _run([sys.executable, "-c", APPROVE, str(site["held"])], site["env"])

    assert not site["file"].exists()
    assert "边境很安静。" in _request(first, "GET", site["url"])[1]
