from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # page_cache imports models, which app loading allows only from ready().
        from . import page_cache

        page_cache.watch_content()
