from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # page_cache imports models, which app loading allows only from ready().
        from . import page_cache, search

        page_cache.watch_content()
        connection_created.connect(search.register_casefold, dispatch_uid="articles.search.casefold")
        search.register_folded_contains()
        # Roles are declared in bluedomes.roles; each migrate brings the groups up to date.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="bluedomes.roles.sync")


def _sync_roles(sender, apps=None, **kwargs):
    from bluedomes.roles import (
        sync_roles,  # auth's models, imported by roles, load after this module
    )

    sync_roles(apps)
