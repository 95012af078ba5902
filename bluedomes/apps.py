from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter

from .params import BoundedIntConverter, YearConverter


class BluedomesConfig(AppConfig):
    name = "bluedomes"
    default_auto_field = "django.db.models.BigAutoField"
    # This module also holds the admin's config below; this one is the app's.
    default = True

    def ready(self):
        # Before any URLconf is imported, so every app's routes can use them.
        register_converter(BoundedIntConverter, "id")
        register_converter(YearConverter, "year")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site's own admin site (dashboard, profile),
    named in INSTALLED_APPS by its path."""

    default = False
    default_site = "bluedomes.admin_site.BlueDomesAdminSite"
