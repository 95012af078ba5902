"""The background worker outlives a database locked for longer than its
busy timeout, and runs the queued job once the lock is released."""

import os
import secrets
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRUBBED = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL", "TASKS_BACKEND"}
BUSY_TIMEOUT = 1
ENQUEUE = """
import sys
import django
django.setup()
from tests.test_production_settings import write_marker
write_marker.enqueue(sys.argv[1], "ран после блокировки")
"""


def _environment(folder):
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED}
    env.update(
        DJANGO_SETTINGS_MODULE="bluedomes.settings", DEBUG="1", SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", DB_SQLITE_TIMEOUT=str(BUSY_TIMEOUT),
        PYTHONPATH=str(ROOT),
    )
    return env


def _wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_worker_survives_a_database_locked_past_its_busy_timeout_then_runs_the_job(tmp_path):
    env = _environment(tmp_path)
    marker = tmp_path / "marker.txt"
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    subprocess.run([sys.executable, "-c", ENQUEUE, str(marker)], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)

    lock = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--queue-name", "*", "--interval", "0.2",
         "--worker-id", "locked-test", "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        # Start-up may take a while on a busy machine; the lock must outlast
        # several busy timeouts of the running worker.
        assert _wait_for(lambda: "Starting worker" in (tmp_path / "worker.log").read_text(), 120)
        time.sleep(BUSY_TIMEOUT * 6)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        assert not marker.exists()
        lock.execute("COMMIT")
        lock.close()

        assert _wait_for(marker.exists, 60), (tmp_path / "worker.log").read_text()
        assert marker.read_text() == "ран после блокировки"
        assert worker.poll() is None
        assert "database unavailable" in (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
