"""Starting and stopping what a benchmark measures: a fresh database, the
site under gunicorn as production runs it, the background worker, and a
slow Akismet on loopback. Everything listens on 127.0.0.1 only, and every
process started here is stopped by ``Processes.stop_all`` (also at exit)."""

import atexit
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from bluedomes.serving import default_web_workers

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
# Variables of the caller's shell that would change what is measured.
SCRUBBED = {
    "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "TASKS_REDIS_URL",
    "AKISMET_API_KEY", "AKISMET_API_URL", "AWS_STORAGE_BUCKET_NAME", "LOG_FORMAT", "BENCH_UNCACHED",
}


def cores():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_env(*, database_url, port, workdir, uncached=False, redis_url="", akismet_url="", extra=None, front_port=None):
    """The environment of a production-like site on loopback: DEBUG off, a
    fresh secret key, plain HTTP (no HTTPS redirect or secure-only cookies,
    since there is no TLS proxy in front), and the trusted client-IP header
    so each simulated reader has an address of their own."""
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED}
    site_url = f"http://127.0.0.1:{port}"
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=site_url,
        # nginx in front (bench/nginx.py) listens on a port of its own and
        # passes Host without it, as production's port 443 does.
        CSRF_TRUSTED_ORIGINS=site_url + (f",http://127.0.0.1:{front_port}" if front_port else ""),
        DATABASE_URL=database_url,
        STATIC_ROOT=str(Path(workdir) / "static"),
        BLUEDOMES_PAGE_CACHE_DIR=str(Path(workdir) / "page-cache"),
        MEDIA_ROOT=str(Path(workdir) / "media"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        BLUEDOMES_CLIENT_IP_HEADER="X-Forwarded-For",
        # Outbound pings from seeded articles must stay on this machine.
        BLUEDOMES_NOTIFY_LINKED_BLOGS="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if uncached:
        env["BENCH_UNCACHED"] = "1"
    if redis_url:
        env["REDIS_URL"] = redis_url
    if akismet_url:
        env.update(AKISMET_API_KEY="bench-key", AKISMET_API_URL=akismet_url)
    env.update(extra or {})
    return env


@contextmanager
def fresh_database(database_url, workdir):
    """Yields the URL of an empty database: a new SQLite file in ``workdir``
    by default, or a new database created next to the one ``database_url``
    names on PostgreSQL (dropped afterwards; the named one is not touched)."""
    if not database_url:
        yield f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
        return
    parts = urlsplit(database_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("--database-url must be a postgres:// URL (SQLite is the default)")
    import psycopg

    name = f"bluedomes_bench_{uuid.uuid4().hex[:10]}"
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Processes:
    """The child processes of one run, each in its own session so that its
    own children (gunicorn's workers) stop with it."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.running = {}
        atexit.register(self.stop_all)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum, frame):
        self.stop_all()
        raise SystemExit(128 + signum)

    def log_path(self, name):
        return self.workdir / f"{name}.log"

    def start(self, name, args, env):
        log = open(self.log_path(name), "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = (process, log)
        return process

    def stop(self, name, sig=signal.SIGTERM, grace=15):
        process, log = self.running.pop(name)
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # Whatever the leader left behind in its session (its own pid is the group id).
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        log.close()

    def stop_all(self):
        # Last started, first stopped: servers go before the stores they use.
        for name in reversed(list(self.running)):
            self.stop(name)


def gunicorn_args(port, *, workers, worker_class="sync", threads=1, timeout=30):
    args = [
        PYTHON, "-m", "gunicorn", "bluedomes.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", worker_class,
        "--timeout", str(timeout),
        "--graceful-timeout", "5",
        "--chdir", str(ROOT),
        # gunicorn's control socket has one default path per user: several
        # servers on one machine would fight over it.
        "--no-control-socket",
    ]
    if worker_class == "gthread":
        args += ["--threads", str(threads)]
    return args


def default_workers(worker_class, database_url):
    """For sync workers, what deploy/gunicorn.conf.py starts for this
    database; one process per core with threads for gthread."""
    return default_web_workers(cores(), database_url) if worker_class == "sync" else cores()


def start_redis(processes):
    """A throwaway redis-server on loopback (Debian package redis-server),
    nothing saved to disk; returns its URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(binary):
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = processes.start("redis", [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                        "--appendonly", "no"], os.environ.copy())
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return f"redis://127.0.0.1:{port}/0"
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not start; see {processes.log_path('redis')}") from None
            time.sleep(0.05)


def worker_args():
    return [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-startup-delay"]


def manage(args, env, timeout=600):
    """Runs a manage.py command to completion; raises with its output on failure."""
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def python_module(module, args, env, timeout=600):
    result = subprocess.run([PYTHON, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-25:])
        raise SystemExit(f"python -m {module} failed:\n{tail}")
    return result.stdout


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"no answer from {url} after {timeout} s")
