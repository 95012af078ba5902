#!/usr/bin/env bash
# Runs one bluedomes background worker in the foreground, for the queue the
# settings name: the database queue (manage.py task_worker) by default, or
# Redis through RQ when TASKS_BACKEND=rq. systemd's bluedomes-worker@.service
# and deploy/try-two-servers.sh start it; the environment is the site's.
#   deploy/worker.sh [WORKER_NAME]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${BLUEDOMES_PYTHON:-.venv/bin/python}
# A stable name per worker (systemd passes host-instance): reclaiming a dead
# run's jobs from the database queue relies on it. Workers running at the
# same time need different names.
name=${1:-$(hostname)}
queues=${TASKS_QUEUES:-default}
case "${TASKS_BACKEND:-database}" in
  rq|django_tasks_rq.RQBackend)
    # --with-scheduler runs jobs scheduled for later (retries with backoff).
    # No --name: RQ refuses a name a killed worker held until its key expires,
    # and moves that worker's unfinished job to its failed registry itself.
    exec "$PY" manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job ${queues//,/ }
    ;;
  *)
    # A job this id claimed before it was killed is still marked running:
    # give it back to the queue first (deploy/reclaim_jobs.py says why).
    "$PY" deploy/reclaim_jobs.py "$name"
    # The hourly comment maintenance is a chain of deferred jobs; this starts
    # it unless a run already waits in the database queue (comments/purge.py
    # can only tell there: with RQ, run `manage.py run_maintenance` from cron).
    "$PY" manage.py schedule_maintenance >/dev/null
    # task_worker is db_worker riding out a locked or unreachable database;
    # systemd's Restart=always covers anything else that ends it.
    exec "$PY" manage.py task_worker --queue-name "$queues" --worker-id "$name"
    ;;
esac
