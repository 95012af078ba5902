"""The site's URLs plus the framework floor: a trivial view behind the full
middleware stack, the fastest any Django page on this server can be."""

from django.http import HttpResponse
from django.urls import path

from bluedomes import urls as site_urls

FLOOR_PATH = "bench/floor/"


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH, floor, name="bench-floor"), *site_urls.urlpatterns]

for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)
