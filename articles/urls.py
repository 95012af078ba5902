from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<slug:slug>/", views.HomeView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.HomeView.as_view(), name="tag"),
]
