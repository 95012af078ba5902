"""Puts back in the queue the jobs a dead worker had claimed.

    .venv/bin/python deploy/reclaim_jobs.py WORKER_ID

The database queue (django-tasks-db) marks a job RUNNING when a worker
claims it, and nothing else ever changes that: a worker killed mid-job (OOM
killer, SIGKILL, power loss) leaves its job RUNNING for good, never run
again. deploy/worker.sh runs this script just before it starts a worker
under a stable id (``host-instance``, one systemd instance per id): any job
still RUNNING under that id can only belong to the dead predecessor, so it
is made READY again and the new worker runs it.

Running a job twice is safe for bluedomes' tasks: each re-reads its comment
or link and does nothing when the work is already done (the Akismet step
checks ``awaiting_check`` and ``check_attempts``; outbound pings claim each
link row with a lease). bench/worker_kill.py checks exactly that."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def reclaim(worker_id):
    """Makes READY again the RUNNING jobs last claimed by ``worker_id``; returns their ids."""
    from django_tasks import task_backends
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("pk", "worker_ids")
    orphans = [job.pk for job in running if job.worker_ids and job.worker_ids[-1] == worker_id]
    DBTaskResult.objects.filter(pk__in=orphans, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
    return orphans


def main(argv):
    if len(argv) != 1 or not argv[0]:
        sys.exit("usage: reclaim_jobs.py WORKER_ID")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bluedomes.settings")
    import django

    django.setup()
    orphans = reclaim(argv[0])
    if orphans:
        print(f"worker {argv[0]}: {len(orphans)} job(s) left running by its last run put back in the queue: "
              + ", ".join(map(str, orphans)))


if __name__ == "__main__":
    main(sys.argv[1:])
