"""Jobs queued before the tasks moved module still run: the data migration
comments.0003_queued_task_paths points their stored import paths at the
tasks' new homes (an Akismet re-check can wait in the queue for 15 days)."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments import pipeline
from comments.models import Comment
from tests.comments.conftest import (
    history,
    last_comment,
    make_comment,
    run_database_worker,
)

migration = importlib.import_module("comments.migrations.0003_queued_task_paths")

MIGRATION = ("comments", "0003_queued_task_paths")


def rewrite_forwards():
    migration.forwards(global_apps, SimpleNamespace(connection=connection))


def rewrite_backwards():
    migration.backwards(global_apps, SimpleNamespace(connection=connection))


def queued_job(task_path, *args, status=TaskResultStatus.READY, **kwargs):
    """A job row as the database backend stores it, under ``task_path``, due now."""
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": list(args), "kwargs": kwargs},
        backend_name="default",
        run_after=timezone.now() - timedelta(seconds=1),
        status=status,
    )


@pytest.fixture
def run_worker(database_queue, monkeypatch, django_capture_on_commit_callbacks):
    """Run the database worker once over every queue, as deploy/worker.sh's worker would."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            run_database_worker(monkeypatch, "--queue-name", "*")

    return run


@pytest.fixture
def outage(article, akismet, discussion, post_comment):
    """A comment posted while Akismet answered 503, now answering again."""
    akismet.fail_with = 503
    post_comment(article, comment="Posted during the outage")
    comment = last_comment()
    akismet.reset()
    Comment.objects.filter(pk=comment.pk).update(next_check_at=timezone.now() - timedelta(seconds=1))
    return comment


def test_every_new_path_names_a_task():
    for new in migration.TASK_PATHS.values():
        task = import_string(new)
        assert isinstance(task, Task)
        assert task.module_path == new


def test_no_old_path_imports_any_more():
    """What the migration is for: the worker could not import these."""
    for old in migration.TASK_PATHS:
        with pytest.raises(ImportError):
            import_string(old)


@pytest.mark.django_db
def test_jobs_of_every_status_are_rewritten():
    ready = queued_job("comments.spam.recheck_comment", 1)
    running = queued_job("comments.ping_tasks.verify_webmention", "s", "t", "ip", status=TaskResultStatus.RUNNING)
    done = queued_job("comments.spam.submit_feedback", 1, "ham", status=TaskResultStatus.SUCCESSFUL)
    failed = queued_job("comments.ping_tasks.notify_linked_sites", 1, status=TaskResultStatus.FAILED)
    rewrite_forwards()
    assert [DBTaskResult.objects.get(pk=job.pk).task_path for job in (ready, running, done, failed)] == [
        "comments.pipeline.recheck_comment",
        "comments.pings.webmention.verify_webmention",
        "comments.moderation.submit_feedback",
        "comments.pings.outbound.notify_article_links",
    ]
    # Nothing else about the job changes.
    rewritten = DBTaskResult.objects.get(pk=ready.pk)
    assert (rewritten.status, rewritten.args_kwargs, rewritten.run_after) == (
        ready.status, ready.args_kwargs, ready.run_after,
    )


@pytest.mark.django_db
def test_jobs_under_other_paths_are_left_untouched():
    current = queued_job("comments.purge.maintenance")
    unknown = queued_job("comments.spam.something_else", 1)
    elsewhere = queued_job("otherapp.spam.recheck_comment", 1)
    rewrite_forwards()
    assert [DBTaskResult.objects.get(pk=job.pk).task_path for job in (current, unknown, elsewhere)] == [
        "comments.purge.maintenance", "comments.spam.something_else", "otherapp.spam.recheck_comment",
    ]


@pytest.mark.django_db
def test_runs_cleanly_with_nothing_queued():
    """Another task backend (rq, or the tests' immediate one) leaves the table empty."""
    rewrite_forwards()
    rewrite_backwards()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_reversing_restores_the_old_paths():
    jobs = [queued_job(old) for old in migration.TASK_PATHS]
    rewrite_forwards()
    rewrite_backwards()
    assert [DBTaskResult.objects.get(pk=job.pk).task_path for job in jobs] == list(migration.TASK_PATHS)


def test_recheck_queued_under_the_old_path_still_runs(outage, akismet, run_worker):
    # Queued exactly as the previous release did, save the module it named.
    result = pipeline.recheck_comment.using(run_after=timezone.now() - timedelta(seconds=1)).enqueue(outage.pk)
    DBTaskResult.objects.filter(pk=result.id).update(task_path="comments.spam.recheck_comment")
    rewrite_forwards()
    run_worker()
    job = DBTaskResult.objects.get(pk=result.id)
    assert (job.status, job.task_path) == (TaskResultStatus.SUCCESSFUL, "comments.pipeline.recheck_comment")
    outage.refresh_from_db()
    assert outage.status == Comment.Status.APPROVED
    assert outage.akismet_verdict == Comment.Verdict.HAM
    assert outage.next_check_at is None and not outage.awaiting_check
    assert akismet.requests_to("comment-check")[-1]["recheck_reason"] == "retry"
    assert history(outage)[-2:] == ["Checked by Akismet: ham", "Approved: no rule held it"]


def test_recheck_under_the_old_path_fails_without_the_rewrite(outage, akismet, run_worker):
    """The worker's view of such a job before the migration: it cannot import it."""
    job = queued_job("comments.spam.recheck_comment", outage.pk)
    run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "builtins.ModuleNotFoundError"
    assert akismet.requests_to("comment-check") == []
    outage.refresh_from_db()
    assert outage.status == Comment.Status.PENDING


def test_feedback_queued_under_the_old_path_still_reaches_akismet(article, akismet, run_worker):
    comment = make_comment(article, status=Comment.Status.SPAM, akismet_verdict=Comment.Verdict.SPAM)
    job = queued_job("comments.spam.submit_feedback", comment.pk, "ham")
    rewrite_forwards()
    run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert len(akismet.requests_to("submit-ham")) == 1
    assert history(comment)[-1] == "Reported to Akismet as not spam"


OLD_JOBS = {
    # The arguments each task was queued with; each finds nothing to do here.
    "comments.spam.check_comment": (0,),
    "comments.spam.recheck_comment": (0,),
    "comments.spam.recheck_due_comments": (),
    "comments.spam.submit_feedback": (0, "spam"),
    "comments.ping_tasks.notify_linked_sites": (0,),
    "comments.ping_tasks.resume_link_notifications": (),
    "comments.ping_tasks.verify_webmention": ("http://example.org/post", "http://testserver/nowhere/", "203.0.113.9"),
}


def test_the_mapping_covers_every_old_job():
    assert set(OLD_JOBS) == set(migration.TASK_PATHS)


@pytest.mark.parametrize("old", sorted(OLD_JOBS))
def test_every_old_job_runs_after_the_rewrite(old, akismet, run_worker):
    job = queued_job(old, *OLD_JOBS[old])
    rewrite_forwards()
    run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL, job.traceback
    assert job.task_path == migration.TASK_PATHS[old]


@pytest.mark.django_db
def test_runs_on_the_models_its_dependencies_give_it():
    """What ``migrate`` hands the migration: historical models, present only
    because it depends on django_tasks_db's migrations."""
    loader = MigrationLoader(connection)
    historical = loader.project_state(MIGRATION, at_end=False).apps
    (operation,) = loader.get_migration(*MIGRATION).operations
    job = queued_job("comments.spam.recheck_comment", 1)
    operation.code(historical, SimpleNamespace(connection=connection))
    assert DBTaskResult.objects.get(pk=job.pk).task_path == "comments.pipeline.recheck_comment"
    operation.reverse_code(historical, SimpleNamespace(connection=connection))
    assert DBTaskResult.objects.get(pk=job.pk).task_path == "comments.spam.recheck_comment"


@pytest.mark.django_db
def test_the_migration_is_applied():
    assert MIGRATION in MigrationRecorder(connection).applied_migrations()
