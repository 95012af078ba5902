"""Rate limits hold across gunicorn's worker processes without Redis.

A real gunicorn with several sync workers serves a file SQLite database
in production settings (DEBUG off, no REDIS_URL); the test floods the
comment form concurrently from one address and counts what was accepted
and what was stored."""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRUBBED = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL", "TASKS_BACKEND",
            "BLUEDOMES_RATELIMIT_STORE", "LOG_FORMAT"}
LIMIT = 5
WORKERS = 3
POSTS = 30

ARTICLE_SETUP = """
import json
import django
django.setup()
from tests.factories import make_article
article = make_article(title="Граница: тихая неделя", slug="granitsa")
print(json.dumps(article.get_absolute_url()))
"""

COUNT_COMMENTS = """
import django
django.setup()
from comments.models import Comment
print(Comment.objects.count())
"""


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(args, env):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie", ""), response.read().decode()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn with WORKERS workers on a loopback port, and a published article."""
    folder = tmp_path_factory.mktemp("flood")
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED}
    env.update(
        DJANGO_SETTINGS_MODULE="bluedomes.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        AKISMET_API_KEY="",
        COMMENTS_POST_RATE_LIMIT=str(LIMIT),
        COMMENTS_POST_RATE_WINDOW="600",
        WEB_CONCURRENCY=str(WORKERS),
        PYTHONPATH=str(ROOT),
    )
    manage = [sys.executable, "manage.py"]
    _run([*manage, "migrate", "--no-input"], env)
    _run([*manage, "collectstatic", "--no-input"], env)
    article_url = json.loads(_run([sys.executable, "-c", ARTICLE_SETUP], env).strip().splitlines()[-1])
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "gunicorn.log", "w"),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
        yield {"port": port, "env": env, "article_url": article_url}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _form_fields(page):
    fields = {}
    # The shared page's form carries no CSRF token (bluedomes.anonymous_posts).
    for name in ("content_type", "object_pk", "timestamp", "security_hash"):
        match = re.search(rf'name="{name}" value="([^"]*)"', page)
        assert match, f"the comment form has no {name}"
        fields[name] = match.group(1)
    return fields


def test_comment_flood_through_several_workers_stores_exactly_the_limit(site):
    port = site["port"]
    status, _, page = _request(port, "GET", site["article_url"])
    assert status == 200
    fields = _form_fields(page)

    def post(n):
        body = urlencode({
            **fields, "name": "Айгерим", "email": f"reader{n}@example.org", "url": "", "honeypot": "",
            "reply_to": "0", "comment": f"Комментарий номер {n}: 边境很安静。",
        })
        return _request(port, "POST", "/comments/post/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{site['article_url']}",
        })[0]

    with ThreadPoolExecutor(max_workers=WORKERS * 3) as pool:
        statuses = list(pool.map(post, range(POSTS)))

    stored = int(_run([sys.executable, "-c", COUNT_COMMENTS], site["env"]).strip().splitlines()[-1])
    assert statuses.count(429) == POSTS - LIMIT, statuses
    assert stored == LIMIT
