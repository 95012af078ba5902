"""The readers' side of static pages: one view answering every path that no
other route took (bluedomes/urls.py lists it last)."""

from django.http import Http404
from django.views.generic import DetailView

from .models import Page


class PageView(DetailView):
    """A published page at its path; a draft only for whoever may change pages,
    as a preview. Anything else is a 404, which old WordPress links then get
    a chance to answer (wordpress.legacy)."""

    template_name = "articles/page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        pages = Page.objects.all()
        if not self.request.user.has_perm("articles.change_page"):
            pages = pages.published()
        page = pages.at_path(self.kwargs["path"])
        if page is None or not (page.is_public or self.request.user.has_perm("articles.change_page")):
            raise Http404("No page at this address.")
        return page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        context.update(
            is_preview=not page.is_public,
            ancestors=page.lineage()[:-1],
            children=page.children.published().order_by("order", "title") if page.pk else [],
        )
        return context
