from django.apps import AppConfig
from django.urls import register_converter

from .params import BoundedIntConverter, YearConverter


class BluedomesConfig(AppConfig):
    name = "bluedomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Before any URLconf is imported, so every app's routes can use them.
        register_converter(BoundedIntConverter, "id")
        register_converter(YearConverter, "year")
