"""Queueing a background job for the rows the current transaction writes.

A job must not reach a worker before its rows are committed, nor be lost
when they are. A queue kept in the same database (the default backend)
gets the job inside the transaction: job and rows commit together, in one
commit instead of two. Any other queue (Redis) gets it once the commit is
done, and not at all after a rollback."""

from django.db import transaction
from django_tasks_db import DatabaseBackend


def enqueue_on_commit(task, *args, **kwargs):
    """Queue ``task`` (a Task, or one configured with ``.using()``) for the
    work of the transaction in progress, or at once outside one."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
