from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_save

        from . import signals

        post_save.connect(signals.article_saved, sender="articles.Article", dispatch_uid="comments.outbound_pings")
