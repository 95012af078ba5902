from django.urls import path, register_converter

from bluedomes import ratelimit

from . import documents, feeds, pages, views


class TwoDigitConverter:
    """Month and day as WordPress writes them ("01"), kept as strings for the date views."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "dd")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.ArticlesFeed(), name="feed_rss"),
    path("feed/atom/", feeds.AtomArticlesFeed(), name="feed_atom"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed_rss"),
    path("category/<slug:slug>/feed/atom/", feeds.AtomCategoryFeed(), name="category_feed_atom"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed_rss"),
    path("tag/<slug:slug>/feed/atom/", feeds.AtomTagFeed(), name="tag_feed_atom"),
    path("author/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("author/<str:username>/feed/", feeds.AuthorFeed(), name="author_feed_rss"),
    path("author/<str:username>/feed/atom/", feeds.AtomAuthorFeed(), name="author_feed_atom"),
    path("documents/<id:pk>/<str:filename>", documents.serve, name="document"),
    path("preview/<id:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("contact/<id:pk>/", pages.ContactView.as_view(), name="contact"),
    path("like/<id:pk>/", views.LikeView.as_view(), name="like"),
    path("unlock/<id:pk>/", ratelimit.rate_limited("article-unlock", limit=10, window=60)(
        views.UnlockView.as_view()), name="unlock"),
    path("<year:year>/", views.YearView.as_view(), name="year"),
    path("<year:year>/<dd:month>/", views.MonthView.as_view(), name="month"),
    path("<year:year>/<dd:month>/<dd:day>/", views.DayView.as_view(), name="day"),
    path("<year:year>/<dd:month>/<dd:day>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path(
        "<year:year>/<dd:month>/<dd:day>/<slug:slug>/comment-page-<id:cpage>/",
        views.ArticleDetailView.as_view(), name="comment_page",
    ),
]
