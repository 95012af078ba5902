from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NavigationConfig(AppConfig):
    name = "navigation"
    verbose_name = _("Navigation")

    def ready(self):
        # signals imports models, which app loading allows only from ready().
        from . import signals

        signals.watch_menus()
