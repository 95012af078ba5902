"""Old WordPress paths, consulted by wordpress.legacy.LegacyURLMiddleware
only after the site's own URLconf answered 404. Each "view" here returns the
new URL (the middleware answers 301) or raises Http404; none renders a page.
Order matters: the last pattern takes any path, as WordPress pages did."""

from django.urls import path

from . import legacy

urlpatterns = [
    path("wp-content/uploads/<path:path>", legacy.upload),
    path("feed/<str:kind>/", legacy.feed),
    path("comments/feed/<str:kind>/", legacy.comments_feed),
    path("page/<id:number>/", legacy.front_page),
    path("category/<path:slugs>/", legacy.category),
    path("tag/<path:slugs>/", legacy.tag),
    path("author/<str:name>/", legacy.author),
    path("author/<str:name>/<path:rest>/", legacy.author),
    path("<year:year>/<id:month>/<id:day>/<str:slug>/feed/", legacy.article_feed),
    path("<year:year>/<id:month>/<id:day>/<str:slug>/feed/<str:kind>/", legacy.article_feed),
    path("<year:year>/<id:month>/<id:day>/<str:slug>/", legacy.article),
    path("<year:year>/<id:month>/<id:day>/<str:slug>/<path:rest>/", legacy.article),
    path("<path:path>/", legacy.page),
]
