"""Outbound pings as a side effect of saving a published article: after the
commit, a background job notifies the sites it links to. The job itself
skips every link already notified, so an edit only reaches the new ones."""

from django.db import transaction


def article_saved(sender, instance, raw=False, **kwargs):
    from articles.models import Article

    # ``raw``: loaddata restoring a fixture is not an author publishing.
    if raw or instance.status == Article.Status.DRAFT:
        return
    from .ping_tasks import notify_linked_sites

    article_pk = instance.pk
    transaction.on_commit(lambda: notify_linked_sites.enqueue(article_pk))
