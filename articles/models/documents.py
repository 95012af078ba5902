"""Documents in the media library: PDF reports and office files linked from articles."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """An uploaded document. Its kind is what articles.documents found in the
    file's first bytes, not what its name claims; readers get it from
    ``get_absolute_url``, served with that kind's type (articles.documents.serve)."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"
        PPTX = "pptx", "PowerPoint (.pptx)"
        ODT = "odt", "OpenDocument text (.odt)"
        ODS = "ods", "OpenDocument spreadsheet (.ods)"
        CSV = "csv", "CSV"
        TXT = "txt", _("Plain text")

    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # As Image's: the old /wp-content/uploads/... path and attachment id, so
    # that the old site's links to the file and its attachment page redirect.
    wordpress_path = models.CharField(max_length=500, blank=True, db_index=True)
    wordpress_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    # The attachment page's slug: /<slug>/ and /<post permalink>/<slug>/ were its addresses.
    wordpress_slug = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        return reverse("articles:document", kwargs={"pk": self.pk, "filename": self.filename})
