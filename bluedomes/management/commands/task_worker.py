"""``manage.py task_worker``: django_tasks_db's ``db_worker`` that rides out
a locked or unreachable database instead of exiting.

db_worker only tolerates "database is locked" while it looks for a job;
the same error when it opens its exclusive transaction or records a
result, or a PostgreSQL that restarts, ends the process, and every later
Akismet check and email waits for someone to notice. This worker closes the
broken connection, waits with exponential backoff and carries on. It takes
db_worker's options (--queue-name, --worker-id, --interval, …)."""

import logging
import time

from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

FIRST_BACKOFF = 0.5
MAX_BACKOFF = 30.0


class ResilientWorker(db_worker.Worker):
    def run(self):
        backoff = FIRST_BACKOFF
        while self.running:
            started = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > MAX_BACKOFF:
                    # It ran a good while before this failure: a new outage.
                    backoff = FIRST_BACKOFF
                logger.warning("Task worker %s: database unavailable (%s); retrying in %.1f s",
                               self.worker_id, error, backoff)
                for connection in connections.all(initialized_only=True):
                    connection.close()
                self.startup_delay = False
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
        return None


class Command(db_worker.Command):
    help = "Run a database-backed task worker that survives database outages."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded,
        )
        # No autoreloader: a process supervisor (bin/run's loop, systemd) restarts it.
        worker.configure_signals()
        worker.run()
