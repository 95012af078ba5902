from django.views.generic import DetailView, ListView

from .models import Article


class HomeView(ListView):
    queryset = Article.objects.published().for_listing()
    template_name = "articles/home.html"


class ArticleDetailView(DetailView):
    queryset = Article.objects.published()
    template_name = "articles/detail.html"
