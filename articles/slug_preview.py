"""The admin's live slug: forms whose slug is filled from another field while
the author types, by asking the server rather than transliterating in the
browser, so the preview and the saved slug come from one table
(articles.slugs). Django's prepopulated_fields is not used: its URLify drops
Kazakh and Uzbek letters."""

from django import forms
from django.http import JsonResponse
from django.urls import reverse

from .slugs import SLUG_KINDS, slug_for


class SlugPreviewMixin:
    """For a ModelAdmin: the slug field is filled live from ``slug_source``
    by static/admin-extra/slug-preview.js, as a ``slug_kind`` slug."""

    slug_source = "title"
    slug_kind = "article"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["slug"].widget.attrs.update({
            "data-slug-preview": reverse("admin:articles_article_slug_preview"),
            "data-slug-source": f"id_{self.slug_source}",
            "data-slug-kind": self.slug_kind,
        })
        return form

    @property
    def media(self):
        return super().media + forms.Media(js=["admin-extra/slug-preview.js"])


def slug_preview(request):
    """GET ?kind=article|category|tag&title=…: the slug that text would get
    (staff only: mounted through the admin site's admin_view)."""
    kind = request.GET.get("kind", "article")
    if kind not in SLUG_KINDS:
        kind = "article"
    return JsonResponse({"slug": slug_for(kind, request.GET.get("title", "")[:300])})
