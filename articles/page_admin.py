"""Static pages in the admin: the article editor's body, a parent and an order,
and the revisions, autosave and edit lock articles have."""

from django import forms
from django.contrib import admin
from django.urls import Resolver404, resolve
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from .forms import EDITOR_EXTENSIONS
from .models import ContactMessage, Page
from .revisions.admin import RevisionsAdmin
from .richtext import one_line, sanitize_body


class PageAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        label=_("Body"), required=False, config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_body, widget=AdminProseEditorWidget,
    )

    class Meta:
        model = Page
        fields = ["title", "slug", "parent", "order", "status", "body", "has_contact_form"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_title(self):
        return one_line(self.cleaned_data["title"])

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("title"):
            data["slug"] = slugify(data["title"])[:100]
        parent = data.get("parent")
        if parent is not None:
            lineage = parent.lineage()
            if self.instance.pk and any(page.pk == self.instance.pk for page in lineage):
                self.add_error("parent", _("A page cannot be filed under itself or one of its own sub-pages."))
            elif len(lineage) >= Page.MAX_DEPTH:
                self.add_error("parent", _("Pages nest at most %(depth)s deep.") % {"depth": Page.MAX_DEPTH})
        if data.get("slug") and not self.errors:
            self._check_address_is_free(data)
        return data

    def _check_address_is_free(self, data):
        """A page's address must not be one the site already answers (/search/,
        /feed/, a year archive): that route would win and the page never show."""
        parent = data.get("parent")
        path = "/" + "/".join([*(parent.slugs() if parent else []), data["slug"]]) + "/"
        try:
            taken = resolve(path).url_name != "page"
        except Resolver404:
            taken = False
        if taken:
            self.add_error("slug", _("The address %(path)s is already used by the site; choose another slug.")
                           % {"path": path})


@admin.register(Page)
class PageAdmin(RevisionsAdmin, admin.ModelAdmin):
    form = PageAdminForm
    list_display = ("__str__", "status", "order", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = Page.ANCESTORS
    ordering = ("parent__order", "order", "title")

    class Media:
        css = {"all": ["admin-extra/article-form.css"]}
        js = ["admin-extra/field-names.js", "admin-extra/menubar-states.js"]

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """What came through contact forms, kept even when mail failed: nothing to edit."""

    list_display = ("name", "email", "page", "status", "attempts", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "email", "message")
    readonly_fields = [field.name for field in ContactMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
