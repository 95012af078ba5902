"""Menus in the admin: one page per menu, its items edited in place."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from articles.languages import interface_languages, language_name

from . import menus
from .models import Menu, MenuItem


class TargetAutocomplete(AutocompleteSelect):
    """The article or tag search box. The item's own target was read with
    it (MenuItemInline.get_queryset): shown from there, not asked for again
    row by row."""

    known = None

    def optgroups(self, name, value, attr=None):
        if self.known is None or {str(v) for v in value if v} != {str(self.known.pk)}:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(self.known)
        options.append(self.create_option(name, self.known.pk, label, True, len(options)))
        return [(None, options, 0)]


def _language_choices():
    return [("", _("Every language")), *((code, language_name(code)) for code in interface_languages())]


class MenuItemForm(forms.ModelForm):
    """One item, on two lines; what each field means is said once above the
    items (MenuAdmin's description) rather than under every item."""

    language = forms.ChoiceField(label=_("Language"), choices=_language_choices, required=False)

    class Meta:
        model = MenuItem
        fields = ["order", "parent", "kind", "page", "category", "tag", "article", "url", "label", "language",
                  "new_tab"]
        widgets = {"order": forms.NumberInput(attrs={"class": "vIntegerField menu-order"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""
            # No add / change / view buttons beside each target: the item
            # line stays short, and pages are written on their own screen.
            for permission in ("add", "change", "delete", "view"):
                if hasattr(field.widget, f"can_{permission}_related"):
                    setattr(field.widget, f"can_{permission}_related", False)
        for name in ("article", "tag"):
            widget = self.fields[name].widget
            if getattr(self.instance, f"{name}_id", None):
                getattr(widget, "widget", widget).known = getattr(self.instance, name)
        if self.instance.pk and self.instance.kind != MenuItem.Kind.URL:
            # What readers see while the label is left empty.
            self.fields["label"].widget.attrs["placeholder"] = self.instance.title()


class MenuItemFormSet(BaseInlineFormSet):
    """Each item's "under" lists only this menu's top-level items; the
    choices of the select boxes are read once for the whole formset, not
    once per row; a new item comes after the last one."""

    CACHED = ("parent", "page", "category")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = {}
        self._next_order = max((item.order for item in self.get_queryset()), default=0) + 1

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is None:
            form.fields["order"].initial = self._next_order
        parent = form.fields["parent"]
        parent.queryset = MenuItem.objects.filter(menu=self.instance, parent=None).select_related(
            "page", "category", "tag", "article") if self.instance.pk else MenuItem.objects.none()
        for name in self.CACHED:
            if name not in self._choices:
                self._choices[name] = list(form.fields[name].choices)
            form.fields[name].choices = self._choices[name]

    def clean(self):
        """One level of nesting across the whole form: an item put under
        another in this save may not itself receive children in it."""
        super().clean()
        kept = [form for form in self.forms if form.has_changed() or form.instance.pk]
        kept = [form for form in kept if not self._should_delete_form(form) and hasattr(form, "cleaned_data")]
        parent_of = {form.instance.pk: form.cleaned_data.get("parent") for form in kept if form.instance.pk}
        for form in kept:
            parent = form.cleaned_data.get("parent")
            if parent is None:
                continue
            if parent_of.get(parent.pk) is not None:
                form.add_error("parent", _("Menus nest one level deep: choose a top-level item."))
            elif form.instance.pk and any(value is not None and value.pk == form.instance.pk
                                          for value in parent_of.values()):
                form.add_error("parent", _("This item has items under it, so it must stay at the top level."))
        if any(form.errors for form in kept):
            raise ValidationError(_("Please correct the items marked below."))


class MenuItemInline(admin.StackedInline):
    model = MenuItem
    form = MenuItemForm
    formset = MenuItemFormSet
    fk_name = "menu"
    extra = 1
    autocomplete_fields = ("article", "tag")
    fieldsets = [(None, {"fields": [
        ("kind", "page", "category", "tag", "article", "url", "label"),
        ("order", "parent", "language", "new_tab"),
    ]})]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = TargetAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        """In the order readers see them: each top-level item, then the items under it."""
        return super().get_queryset(request).select_related("parent", "page", "category", "tag", "article").order_by(
            Coalesce("parent__order", "order"), Coalesce("parent_id", "id"), F("parent_id").asc(nulls_first=True),
            "order", "id",
        )


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin):
    list_display = ("__str__", "item_count")
    readonly_fields = ("preview",)
    fieldsets = [(None, {"fields": ["location", "preview"], "description": _(
        "Each item links to a page, a category, a tag, an article or an address (https://… or a path on this "
        "site such as /search/). Its label is left empty to show the title of what it links to. Items come in "
        "the order of their numbers, smaller first; to make a submenu, put items under a top-level item (one "
        "level deep). An item limited to a language shows only to readers of that interface language. New "
        "categories are not added by themselves: add them here.")})]
    inlines = [MenuItemInline]

    class Media:
        css = {"all": ["admin-extra/menu-editor.css"]}
        js = ["admin-extra/menu-editor.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")

    @admin.display(description=_("items"))
    def item_count(self, menu):
        return len(menu.items.all())

    @admin.display(description=_("As readers see it"))
    def preview(self, menu):
        """The saved menu as the theme shows it, hidden items left out."""
        entries = menus.load(language=None).get(menu.location, []) if menu.pk else []
        return render_to_string("navigation/admin_preview.html", {"entries": entries})
