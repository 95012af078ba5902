#!/usr/bin/env bash
# Runs one bluedomes background worker in the foreground, for the queue the
# settings name: the database queue (manage.py db_worker) by default, or
# Redis through RQ when TASKS_BACKEND=rq. systemd's bluedomes-worker@.service
# and deploy/try-two-servers.sh start it; the environment is the site's.
#   deploy/worker.sh [WORKER_NAME]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${BLUEDOMES_PYTHON:-.venv/bin/python}
name=${1:-$(hostname)-$$}
queues=${TASKS_QUEUES:-default}
case "${TASKS_BACKEND:-database}" in
  rq|django_tasks_rq.RQBackend)
    # --with-scheduler runs jobs scheduled for later (retries with backoff).
    exec "$PY" manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job \
      --name "$name" ${queues//,/ }
    ;;
  *)
    exec "$PY" manage.py db_worker --queue-name "$queues" --worker-id "$name" --no-reload
    ;;
esac
