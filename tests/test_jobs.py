"""bluedomes.jobs: a job for the rows of a transaction reaches the worker
with them, never before and never without them."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bluedomes.jobs import enqueue_on_commit
from comments.pipeline import recheck_comment


@pytest.mark.django_db
def test_a_deferred_job_is_stored_with_its_time_in_the_transaction(database_queue):
    when = timezone.now() + timedelta(minutes=20)
    with transaction.atomic():
        enqueue_on_commit(recheck_comment.using(run_after=when), 41)
        job = DBTaskResult.objects.get()
    assert (job.task_path, job.args_kwargs, job.run_after) == (
        "comments.pipeline.recheck_comment", {"args": [41], "kwargs": {}}, when,
    )


@pytest.mark.django_db
def test_a_job_of_a_rolled_back_transaction_is_gone(database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(recheck_comment.using(run_after=timezone.now()), 42)
        raise RuntimeError("the work failed")
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_another_queue_is_given_the_job_only_at_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as after_commit:
        enqueue_on_commit(recheck_comment, 43)
    assert len(after_commit) == 1
    assert not DBTaskResult.objects.exists()
