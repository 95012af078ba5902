"""The authoring admin: articles, images, categories and tags.

Who may do what is decided by the groups of articles/migrations/0003_roles.py
and, for articles, by one rule here: without ``articles.edit_any_article`` a
user sees, edits and publishes only the articles they wrote."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.template.defaultfilters import truncatechars
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bluedomes.roles import may_edit_any_article, may_publish
from comments.models import Comment
from comments.pings import outbound

# Imported for their registrations: admin autodiscovery imports only this module.
from . import editor, images, media_admin, media_picker, page_admin, profile_admin  # noqa: F401
from .forms import ArticleAdminForm, ImageAdminForm, TermAdminForm
from .languages import language_name
from .models import Article, Category, Image, Tag
from .revisions.admin import RevisionsAdmin
from .slug_preview import SlugPreviewMixin, slug_preview


def person_name(user):
    return user.get_full_name() or user.get_username()


def thumbnail_url(image):
    """The smallest stored version of ``image``, from prefetched renditions."""
    renditions = sorted(image.renditions.all(), key=lambda r: (r.width, r.format != "webp"))
    return renditions[0].file.url if renditions else image.file.url


def thumbnail(image, size=80):
    if not image or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;height:auto;border-radius:3px">',
        thumbnail_url(image), image.alt_text, size, size,
    )


def reader_url(article):
    """Where staff look at an article: the public page once readers can see
    it, the staff preview before."""
    if article.is_public:
        return article.get_absolute_url()
    try:
        return reverse("articles:preview", kwargs={"pk": article.pk})
    except NoReverseMatch:
        return article.get_absolute_url()


def comment_count(status):
    """An annotation counting an article's comments of ``status`` in one
    subquery, so the article list costs the same for 5 rows or 100."""
    comments = (
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_pk=Cast(OuterRef("pk"), CharField()),
            status=status,
        )
        .order_by()
        .values("object_pk")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(comments, output_field=IntegerField()), 0)


class StatusFilter(admin.SimpleListFilter):
    """Status as readers experience it: a "published" article with a future
    date is listed as scheduled, a due "scheduled" one as published."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.Status.choices

    def queryset(self, request, queryset):
        public = Article.objects.published().values("pk")
        if self.value() == Article.Status.DRAFT:
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == Article.Status.SCHEDULED:
            return queryset.exclude(status=Article.Status.DRAFT).exclude(pk__in=public)
        if self.value() == Article.Status.PUBLISHED:
            return queryset.filter(pk__in=public)
        return queryset


@admin.register(Article)
class ArticleAdmin(RevisionsAdmin, SlugPreviewMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = (
        "title", "language_column", "author_name", "status_column", "published_at", "comments_column", "reader_link",
    )
    list_display_links = ("title",)
    list_filter = (
        StatusFilter,
        "language",
        ("author", admin.RelatedOnlyFieldListFilter),
        "categories",
        "published_at",
    )
    list_select_related = ("author",)
    # Case folded in every script (articles.search.FoldedContains).
    search_fields = ("title__folded_contains", "excerpt__folded_contains", "body__folded_contains")
    date_hierarchy = "published_at"
    list_per_page = 50
    autocomplete_fields = ("tags", "featured_image", "translation_of")
    readonly_fields = ("featured_image_preview", "created_at", "updated_at", "linked_sites")
    save_on_top = True

    class Media:
        css = {"all": ["admin-extra/article-form.css"]}
        js = ["admin-extra/field-names.js", "admin-extra/menubar-states.js", "admin-extra/media-insert.js"]

    def get_fieldsets(self, request, obj=None):
        featured = ["featured_image", "featured_image_preview"]
        if request.user.has_perm("articles.add_image"):
            featured += ["featured_upload", "featured_alt_text", "featured_caption"]
        return [
            (None, {"fields": ["title", "slug", "body"]}),
            (_("Language"), {"fields": ["language", "translation_of"]}),
            (_("Publishing"), {"fields": ["status", "published_at", "author", "email_subscribers"]}),
            (_("Visibility"), {"fields": ["sticky", "is_private", "password"]}),
            (_("Featured image"), {"fields": featured}),
            (_("Summary and classification"), {"fields": ["excerpt", "categories", "tags"]}),
            (_("Discussion"), {"fields": ["allow_comments", "allow_pingbacks", "linked_sites"]}),
            # A new article has no history yet.
            *([(_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})] if obj else []),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "title" in form.base_fields:
            # Writing starts at the headline, not at the Save buttons above it.
            form.base_fields["title"].widget.attrs["autofocus"] = True
        if not may_edit_any_article(request.user) and "author" in form.base_fields:
            # Shown, not editable: a disabled field ignores whatever is
            # posted for it and keeps its initial value (the writer).
            writer = obj.author_id if obj else request.user.pk
            author = form.base_fields["author"]
            author.disabled = True
            author.initial = writer
            author.queryset = author.queryset.filter(pk=writer)
            author.help_text = _("Only editors can change who wrote an article.")
        return form

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Staff who can write, plus anyone who already has articles (a
            # former author must stay selectable on their old articles).
            kwargs["queryset"] = (
                get_user_model().objects.filter(Q(is_staff=True) | Q(articles__isnull=False)).distinct()
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = person_name
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(
            approved_comments=comment_count(Comment.Status.APPROVED),
            pending_comments=comment_count(Comment.Status.PENDING),
        )
        if not may_edit_any_article(request.user):
            queryset = queryset.filter(author=request.user)
        return queryset

    def _may_edit(self, request, obj):
        return may_publish(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def save_model(self, request, obj, form, change):
        if not change and not may_edit_any_article(request.user):
            obj.author = request.user
        upload = form.cleaned_data.get("featured_upload")
        if upload and request.user.has_perm("articles.add_image"):
            obj.featured_image = images.create_image(
                upload,
                alt_text=form.cleaned_data.get("featured_alt_text", ""),
                caption=form.cleaned_data.get("featured_caption", ""),
                uploaded_by=request.user,
            )
        super().save_model(request, obj, form, change)
        if form.status_note:
            self.message_user(request, form.status_note, messages.INFO)

    def view_on_site(self, obj):
        return reader_url(obj)

    def get_urls(self):
        # Before the default URLs: "<path:object_id>/" would swallow them.
        return [
            path(
                "images/picker/",
                self.admin_site.admin_view(editor.ImagePickerView.as_view(admin_site=self.admin_site)),
                name="articles_article_image_picker",
            ),
            path(
                "media/picker/",
                self.admin_site.admin_view(media_picker.MediaPickerView.as_view(admin_site=self.admin_site)),
                name="articles_article_media_picker",
            ),
            path(
                "slug-preview/",
                self.admin_site.admin_view(slug_preview),
                name="articles_article_slug_preview",
            ),
            path(
                "images/upload/",
                self.admin_site.admin_view(editor.upload_image),
                name="articles_article_image_upload",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("language"), ordering="language")
    def language_column(self, obj):
        return language_name(obj.language)

    @admin.display(description=_("author"), ordering="author__last_name")
    def author_name(self, obj):
        return person_name(obj.author)

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, obj):
        return obj.display_status

    @admin.display(description=_("comments"), ordering="approved_comments")
    def comments_column(self, obj):
        if not obj.pending_comments:
            return obj.approved_comments
        pending = ngettext("%(n)d pending", "%(n)d pending", obj.pending_comments) % {"n": obj.pending_comments}
        return format_html("{} <strong>({})</strong>", obj.approved_comments, pending)

    @admin.display(description=_("on the site"))
    def reader_link(self, obj):
        label = _("View") if obj.is_public else _("Preview")
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', reader_url(obj), label)

    @admin.display(description=_("linked sites"))
    def linked_sites(self, obj):
        if obj is None:
            return _("Sites this article links to are notified once it is published.")
        return outbound.summary_html(obj)

    @admin.display(description=_("current featured image"))
    def featured_image_preview(self, obj):
        image = obj.featured_image if obj else None
        if not image:
            return _("None yet.")
        return format_html(
            "{}<br>{}<br><em>{}</em>", thumbnail(image, 240), image.alt_text or _("(no alt text)"), image.caption
        )


@admin.register(Image)
class ImageAdmin(media_admin.UploadAdmin):
    form = ImageAdminForm
    list_display = ("preview", "label", "dimensions", "uploaded_by", "created_at")
    list_display_links = ("preview", "label")
    list_select_related = ("uploaded_by",)
    search_fields = ("alt_text", "caption", "file")
    readonly_fields = ("large_preview", "dimensions", "renditions_list", "uploaded_by", "created_at")
    fields = ("large_preview", "upload", "alt_text", "caption", "dimensions", "renditions_list", "uploaded_by")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            fields.remove("upload")
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        upload = form.cleaned_data.get("upload")
        if upload:
            images.save_upload(obj, upload)
        else:
            obj.save()

    @admin.display(description=_("picture"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("picture"))
    def large_preview(self, obj):
        return thumbnail(obj, 480) if obj.pk else "—"

    @admin.display(description=_("description"), ordering="alt_text")
    def label(self, obj):
        return truncatechars(obj.alt_text or obj.caption or obj.file.name, 80)

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.pk else "—"

    @admin.display(description=_("renditions"))
    def renditions_list(self, obj):
        if not obj.pk:
            return "—"
        return ", ".join(f"{r.width}w {r.format}" for r in obj.renditions.all()) or _("none (animated or not yet made)")


@admin.register(Category)
class CategoryAdmin(SlugPreviewMixin, admin.ModelAdmin):
    form = TermAdminForm
    slug_source, slug_kind = "name", "category"
    list_display = ("name", "slug", "article_count")
    search_fields = ("name__folded_contains", "slug", "description__folded_contains")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description=_("articles"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles


@admin.register(Tag)
class TagAdmin(SlugPreviewMixin, admin.ModelAdmin):
    form = TermAdminForm
    slug_source, slug_kind = "name", "tag"
    list_display = ("name", "slug", "article_count")
    search_fields = ("name__folded_contains", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description=_("articles"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles
