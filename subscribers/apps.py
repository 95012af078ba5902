from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class SubscribersConfig(AppConfig):
    name = "subscribers"
    label = "subscribers"
    verbose_name = _("Email subscribers")

    def ready(self):
        # Imported here, not at the top: mailing imports models, which
        # Django's app loading allows only once every app is loaded.
        from . import mailing

        post_save.connect(mailing.article_saved, sender="articles.Article", dispatch_uid="subscribers.article_saved")
