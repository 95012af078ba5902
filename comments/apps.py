from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        # Imported here, not at the top: these modules import models, which
        # Django's app loading allows only once every app is loaded.
        from . import thread_cache
        from .pings import outbound

        article, comment = "articles.Article", "comments.Comment"
        post_save.connect(outbound.article_saved, sender=article, dispatch_uid="comments.outbound_pings")
        post_save.connect(thread_cache.article_saved, sender=article, dispatch_uid="comments.thread_cache.article")
        post_save.connect(thread_cache.comment_saved, sender=comment, dispatch_uid="comments.thread_cache.saved")
        post_delete.connect(thread_cache.comment_deleted, sender=comment, dispatch_uid="comments.thread_cache.deleted")
