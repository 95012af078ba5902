"""Forms of the authoring admin: the article form with its rich-text body,
and the picture upload fields used by the image admin and the editor."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from . import images, languages
from .models import Article, Image
from .richtext import derive_excerpt, one_line, sanitize_body
from .slugs import slug_for, unique_slug

ACCEPTED_TYPES = "image/jpeg,image/png,image/gif,image/webp"

# What the editor offers, kept to what richtext.ALLOWED_TAGS lets through:
# anything else an author made would vanish on save.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Code": True,
    "CodeBlock": True,
    "Subscript": True,
    "Superscript": True,
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # The figure's "Browse..." button opens our picker, where an author
    # uploads a picture or chooses one already on the site.
    "Figure": {"pickerUrl": reverse_lazy("admin:articles_article_image_picker")},
    "Caption": True,
    "Image": True,
    "Fullscreen": True,
}


class PictureField(forms.FileField):
    """A file field that accepts only what articles.images accepts.

    Django's own ImageField turns a decompression bomb into a generic
    "upload a valid image" error (or lets the warning case through); this
    field gives the reason (too big, too many pixels, not a picture)."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES})

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        # Only a new upload needs checking; the stored file already was.
        if isinstance(value, UploadedFile):
            images.validate_image(value)
        return value


class ImageUploadForm(forms.Form):
    """A new picture with what readers of screen readers and captions see."""

    file = PictureField(label=_("Picture"))
    alt_text = forms.CharField(
        label=_("Alt text"), max_length=300, required=False,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=500, required=False)

    def save(self, user):
        return images.create_image(
            self.cleaned_data["file"],
            alt_text=self.cleaned_data["alt_text"],
            caption=self.cleaned_data["caption"],
            uploaded_by=user,
        )


class ImageAdminForm(forms.ModelForm):
    """The image admin's form: the upload is a plain field, not the model's
    file, so articles.images stores a cleaned copy instead of the raw upload."""

    upload = PictureField(label=_("Picture"), required=False)

    class Meta:
        model = Image
        fields = ["alt_text", "caption"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].required = not self.instance.pk
        if self.instance.pk:
            self.fields["upload"].label = _("Replace picture")


def media_buttons():
    """The buttons under the body that open the gallery and document window
    (articles.media_picker, static/admin-extra/media-insert.js). A lone
    YouTube, Vimeo, X or Spotify link becomes an embed on the page."""
    picker = reverse("admin:articles_article_media_picker")
    return format_html(
        '<span class="media-buttons"><button type="button" class="button" data-media-picker="{}?mode=gallery">{}</button> '
        '<button type="button" class="button" data-media-picker="{}?mode=document">{}</button></span> {}',
        picker, _("Insert a gallery"), picker, _("Link a document"),
        _("To embed a YouTube, Vimeo, X or Spotify post, paste its address alone on an empty line."),
    )


class ArticleAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        label=_("Body"),
        required=False,
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_body,
        widget=AdminProseEditorWidget,
    )
    featured_upload = PictureField(
        label=_("Upload a featured image"), required=False,
        help_text=_("Or choose one already on the site above."),
    )
    featured_alt_text = forms.CharField(label=_("Its alt text"), max_length=300, required=False)
    featured_caption = forms.CharField(label=_("Its caption"), max_length=500, required=False)

    class Meta:
        model = Article
        fields = [
            "title", "slug", "author", "body", "excerpt", "featured_image", "categories", "tags",
            "status", "published_at", "sticky", "is_private", "password", "allow_comments", "allow_pingbacks",
            "language", "translation_of",
        ]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "excerpt": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "slug": {
                "unique_for_date": _(
                    "Another article published on the same day already has this slug. "
                    "Change the slug or the publication date."
                ),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled from the title when left empty (the admin's preview
        # usually has done it already).
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Latin letters, digits and hyphens. Left empty, it is made from the title."
        )
        if "language" in self.fields:
            self.fields["language"] = forms.ChoiceField(
                label=_("Language"), choices=languages.choices(), initial=self.instance.language,
                required=False,
            )
        if "translation_of" in self.fields:
            self.fields["translation_of"].help_text = _(
                "The same article in another language: readers are offered each translation."
            )
        self.status_note = ""
        if "body" in self.fields:
            self.fields["body"].help_text = media_buttons()

    def clean_title(self):
        return one_line(self.cleaned_data["title"])

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("title") and "slug" not in self.errors:
            data["slug"] = self._slug_from_title(data)
        data["language"] = data.get("language") or self.instance.language
        self._check_translation(data)
        self._derive_excerpt(data)
        self._schedule_future_publication(data)
        return data

    def _slug_from_title(self, data):
        """The title transliterated (articles.slugs), made unique among the
        articles of the same publication day."""
        max_length = Article._meta.get_field("slug").max_length
        base = slug_for("article", data["title"])
        published_at = data.get("published_at") or timezone.now()
        same_day = Article.objects.filter(published_at__date=timezone.localtime(published_at).date())
        if self.instance.pk:
            same_day = same_day.exclude(pk=self.instance.pk)
        return unique_slug(base, lambda slug: same_day.filter(slug=slug).exists(), max_length)

    def _check_translation(self, data):
        """A translation joins its original's group, where each language
        appears once."""
        original = data.get("translation_of")
        if not original:
            return
        root = original.translation_of or original
        if self.instance.pk and root.pk == self.instance.pk:
            self.add_error("translation_of", _("An article cannot be a translation of itself."))
            return
        if self.instance.pk and self.instance.translations.exists():
            self.add_error("translation_of", _(
                "Other articles are already translations of this one: choose this article as "
                "their original in the other article instead."
            ))
            return
        data["translation_of"] = root
        group = Article.objects.translations_of(root)
        if self.instance.pk:
            group = group.exclude(pk=self.instance.pk)
        if data.get("language") and group.filter(language=data["language"]).exists():
            self.add_error("translation_of", _("This article already has a translation in that language."))

    def _derive_excerpt(self, data):
        """Blank, or still the one derived from the old body: derive it anew,
        so an excerpt nobody wrote follows the body as it is edited."""
        excerpt = (data.get("excerpt") or "").strip()
        previous_body = self.instance.body if self.instance.pk else ""
        if not excerpt or excerpt == derive_excerpt(previous_body):
            data["excerpt"] = derive_excerpt(data.get("body") or "")

    def _schedule_future_publication(self, data):
        """Published with a future date means scheduled, and scheduled with a
        past date means published now: the status says what readers will see."""
        status, published_at = data.get("status"), data.get("published_at")
        if not published_at:
            return
        when = date_format(timezone.localtime(published_at), "DATETIME_FORMAT")
        if status == Article.Status.PUBLISHED and published_at > timezone.now():
            data["status"] = Article.Status.SCHEDULED
            self.status_note = _(
                "The publication date is in the future, so the article is scheduled: "
                "it will appear by itself on %(date)s."
            ) % {"date": when}
        elif status == Article.Status.SCHEDULED and published_at <= timezone.now():
            data["status"] = Article.Status.PUBLISHED
            self.status_note = _(
                "The publication date (%(date)s) has already passed, so the article is published now."
            ) % {"date": when}


class TermAdminForm(forms.ModelForm):
    """A category's or tag's form: the slug, left empty, is made from the
    name by the same transliteration as articles' (articles.slugs)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Latin letters, digits and hyphens. Left empty, it is made from the name."
        )

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name") and "slug" not in self.errors:
            model = self._meta.model
            kind = model._meta.model_name
            others = model.objects.exclude(pk=self.instance.pk) if self.instance.pk else model.objects.all()
            data["slug"] = unique_slug(
                slug_for(kind, data["name"]), lambda slug: others.filter(slug=slug).exists(),
                model._meta.get_field("slug").max_length,
            )
        return data
