from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the site's own admin site (dashboard, profile)."""

    default_site = "bluedomes.admin_site.BlueDomesAdminSite"
