"""Point jobs queued before the comments re-filing at the tasks' new modules.

The database task backend (django-tasks-db) stores each job's task as the
dotted import path of its function (``DBTaskResult.task_path``) and imports
it only when a worker runs the job. The re-filing moved every Akismet and ping
task to another module, so a job queued under the old path would fail with an
ImportError instead of running. Such jobs can wait a long time: an Akismet
re-check is deferred (``run_after``) for up to 15 days while Akismet does not
answer, and a scheduled article's link notifications wait until it is
published.

Rows of every status are rewritten: READY (and RUNNING ones that
deploy/reclaim_jobs.py may put back) are the ones that must run; finished ones
keep the admin's task history naming functions that exist. Rows whose path is
not in the mapping are left alone. When another task backend is configured
(TASKS_BACKEND=rq) the table is simply empty, since django_tasks_db is always
installed, and this does nothing; jobs queued in Redis are not covered.

The mapping is written out here, not imported: a migration must not depend
on the app code it outlives."""

from django.db import migrations

TASK_PATHS = {
    "comments.spam.check_comment": "comments.pipeline.check_comment",
    "comments.spam.recheck_comment": "comments.pipeline.recheck_comment",
    "comments.spam.recheck_due_comments": "comments.pipeline.recheck_due_comments",
    "comments.spam.submit_feedback": "comments.moderation.submit_feedback",
    "comments.ping_tasks.notify_linked_sites": "comments.pings.outbound.notify_article_links",
    "comments.ping_tasks.resume_link_notifications": "comments.pings.outbound.resume_link_notifications",
    "comments.ping_tasks.verify_webmention": "comments.pings.webmention.verify_webmention",
}


def _rewrite(apps, schema_editor, mapping):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    jobs = DBTaskResult.objects.using(schema_editor.connection.alias)
    for old, new in mapping.items():
        jobs.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _rewrite(apps, schema_editor, TASK_PATHS)


def backwards(apps, schema_editor):
    _rewrite(apps, schema_editor, {new: old for old, new in TASK_PATHS.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0002_cache_versions"),
        # The app label of django_tasks_db is "django_tasks_database".
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
