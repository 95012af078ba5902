from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import cache, signals

        post_save.connect(signals.article_saved, sender="articles.Article", dispatch_uid="comments.outbound_pings")
        post_save.connect(cache.article_saved, sender="articles.Article", dispatch_uid="comments.thread_cache.article")
        post_save.connect(cache.comment_saved, sender="comments.Comment", dispatch_uid="comments.thread_cache.saved")
        post_delete.connect(cache.comment_deleted, sender="comments.Comment", dispatch_uid="comments.thread_cache.deleted")
