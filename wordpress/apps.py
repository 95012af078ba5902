from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """WordPress import (WXR) and the old links it leaves behind; no models."""

    name = "wordpress"
    label = "wordpress"
    verbose_name = _("WordPress")
