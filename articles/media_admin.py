"""The media library's documents in the admin: upload, list, replace.

Uploads go through articles.documents (content checked against the name,
size cap), so a refused file is a form error with the reason. Authors
upload and keep their own documents; Editors look after everyone's."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bluedomes.roles import may_change_upload

from . import documents
from .models import Document


class DocumentField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": documents.ACCEPT})

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            documents.validate_document(value)
        return value


class DocumentAdminForm(forms.ModelForm):
    upload = DocumentField(
        label=_("File"), required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text."),
    )

    class Meta:
        model = Document
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].required = not self.instance.pk
        self.fields["title"].required = False
        self.fields["title"].help_text = _("What readers see as the link. Left empty, the file's name.")
        if self.instance.pk:
            self.fields["upload"].label = _("Replace file")

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if not data.get("title") and upload:
            data["title"] = upload.name.rsplit(".", 1)[0][:300]
        if not data.get("title") and not self.instance.pk and "upload" not in self.errors:
            self.add_error("title", _("Give the document a title."))
        return data


class UploadAdmin(admin.ModelAdmin):
    """What the picture and document admins share: each changes only what
    its user may change (bluedomes.roles.may_change_upload)."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_change_upload(request.user, obj)


@admin.register(Document)
class DocumentAdmin(UploadAdmin):
    form = DocumentAdminForm
    list_display = ("title", "kind", "file_size", "uploaded_by", "created_at", "link")
    list_filter = ("kind",)
    list_select_related = ("uploaded_by",)
    search_fields = ("title", "file")
    readonly_fields = ("link", "kind", "file_size", "uploaded_by", "created_at")
    fields = ("title", "upload", "link", "kind", "file_size", "uploaded_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        upload = form.cleaned_data.get("upload")
        if upload:
            old_name = obj.file.name if change else None
            documents.store_document(obj, upload)
            if old_name and old_name != obj.file.name:
                transaction.on_commit(lambda: obj.file.storage.delete(old_name))
        else:
            obj.save()

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("address"))
    def link(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)
