"""The editor's "Insert a gallery" and "Link a document" window.

The buttons under the body field (ArticleAdminForm) open this window; the
author ticks pictures (a gallery) or chooses a document, and
static/admin-extra/media-picker.js hands the markup to the editor that
opened it (static/admin-extra/media-insert.js inserts it). The markup is the
stored form of articles.galleries and a plain link to the document, so the
body's allow-list keeps both on save. Mounted by ArticleAdmin.get_urls
behind the admin's login."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .editor import display_url
from .models import Document, Image

SHOWN = 60


class MediaPickerView(PermissionRequiredMixin, TemplateView):
    admin_site = None
    permission_required = "articles.view_article"
    raise_exception = True
    template_name = "admin/articles/media_picker.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mode = "document" if self.request.GET.get("mode") == "document" else "gallery"
        pictures = Image.objects.prefetch_related("renditions").order_by("-created_at")[:SHOWN]
        documents = Document.objects.order_by("-created_at")[:SHOWN]
        context.update(
            self.admin_site.each_context(self.request),
            title=_("Insert a gallery") if mode == "gallery" else _("Link a document"),
            is_popup=True,
            mode=mode,
            pictures=pictures,
            documents=documents,
            picker_data={
                "pictures": {
                    str(image.pk): {"id": image.pk, "url": display_url(image), "alt": image.alt_text,
                                    "caption": image.caption}
                    for image in pictures
                },
                "documents": {
                    str(document.pk): {
                        "url": document.get_absolute_url(),
                        "text": f"{document.title} ({document.get_kind_display()}, {filesizeformat(document.size)})",
                    }
                    for document in documents
                },
            },
        )
        return context
