"""The admin site under the site's own name, with a dashboard for its front
page. Installed through ``bluedomes.apps.AdminConfig`` so that
``django.contrib.admin.site`` is this site for every app that registers with it."""

from django.conf import settings
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from comments.moderator import dashboard

from . import profile


class BlueDomesAdminSite(admin.AdminSite):
    index_template = "admin/dashboard.html"
    index_title = _("Dashboard")

    @property
    def site_header(self):
        return settings.SITE_NAME

    @property
    def site_title(self):
        return settings.SITE_NAME

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard.context(request), **(extra_context or {})})

    def get_urls(self):
        return [
            path("profile/", self.admin_view(profile.ProfileView.as_view(admin_site=self)), name="profile"),
            *super().get_urls(),
        ]
