from django.apps import AppConfig


class BluedomesConfig(AppConfig):
    name = "bluedomes"
    default_auto_field = "django.db.models.BigAutoField"
