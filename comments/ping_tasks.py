"""Background work of the ping issue, as django-tasks tasks.

Retries are deferred with ``run_after`` where the backend supports it (the
database backend does); the immediate backend of the tests cannot defer, so
there a retry waits for the next run of ``notify_linked_sites`` or of
``resume_link_notifications``."""

from django.utils import timezone
from django_tasks import task, task_backends

from . import outbound, ping_limits, webmention


@task()
def notify_linked_sites(article_pk):
    from articles.models import Article

    article = Article.objects.filter(pk=article_pk).first()
    if article is None:
        return "article deleted"
    if not article.is_public and article.published_at > timezone.now():
        defer(notify_linked_sites, article.published_at, article_pk)
        return "scheduled"
    retry_at = outbound.notify_linked_sites(article)
    if retry_at is not None:
        defer(notify_linked_sites, retry_at, article_pk)
    return str(outbound.notification_summary(article))


@task()
def resume_link_notifications():
    """Pick up every article with notifications due, e.g. after a worker was
    killed mid-send (its claims expire after outbound.LEASE)."""
    from articles.models import Article

    due = Article.objects.filter(
        link_notifications__state=outbound.State.PENDING,
    ).distinct()
    for article in due:
        outbound.notify_linked_sites(article)
    return len(due)


@task()
def verify_webmention(source, target, ip_address, user_agent=""):
    try:
        return webmention.verify(source, target, ip_address=ip_address, user_agent=user_agent)
    finally:
        ping_limits.release_verification(source, target)


def defer(task_, when, *args):
    """Enqueue ``task_`` to run at ``when`` if the backend can wait; else do nothing."""
    if task_backends[task_.backend].supports_defer:
        task_.using(run_after=when).enqueue(*args)
