"""The readers' side of static pages: one view answering every path that no
other route took (bluedomes/urls.py lists it last)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from bluedomes.ratelimit import rate_limited

from . import contact
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
        if page.has_contact_form:
            context.setdefault("contact_form", contact.ContactForm())
            context["contact_sent"] = self.request.GET.get("sent") == "1"
        return context


@method_decorator(
    # The comment form's limit: the same people, the same abuse.
    rate_limited("contact-form", limit=lambda: settings.COMMENTS_POST_RATE_LIMIT,
                 window=lambda: settings.COMMENTS_POST_RATE_WINDOW),
    name="post",
)
class ContactView(PageView):
    """POST a page's contact form: stored and queued, or the page again with
    every error under its field and the text kept (400)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        page = get_object_or_404(Page.objects.published().filter(has_contact_form=True), pk=pk)
        form = contact.ContactForm(request.POST)
        if not form.is_valid():
            self.object = page
            return self.render_to_response(self.get_context_data(object=page, contact_form=form), status=400)
        # A bot that filled the honeypot is told nothing: it sees what a person sees.
        if not form.is_bot():
            contact.store_message(form, page, request)
        return redirect(page.get_absolute_url() + "?sent=1#contact")
