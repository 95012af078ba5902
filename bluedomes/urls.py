from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from articles.pages import PageView
from articles.sitemaps import sitemaps
from comments import urls as comment_urls

from . import health, language

urlpatterns = [
    # Before the admin: the password reset lives under admin/ as Django's admin expects.
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("language/<str:code>/", language.switch_language, name="switch_language"),
    path("", include("comments.pings.urls")),
    path("comments/subscriptions/", include(comment_urls.subscription_patterns)),
    path("follow/", include("subscribers.urls")),
    path("", include("comments.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("", include("articles.urls")),
    # Last, so a page never shadows another route: it gets whatever path of
    # slugs nothing else answered (/about/, /about/team/).
    re_path(r"^(?P<path>(?:[-\w]+/){1,3})$", PageView.as_view(), name="page"),
]

if settings.DEBUG:
    # The local run serves uploads itself; with DEBUG off the web server in
    # front of gunicorn must serve MEDIA_ROOT at MEDIA_URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
