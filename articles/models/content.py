"""Articles and what they are made of: categories, tags, pictures and their
renditions, and readers' likes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bluedomes.paths import path_of
from bluedomes.roles import may_edit_any_article, may_publish
from bluedomes.site import absolute_url

from ..languages import default_language, text_direction
from ..richtext import derive_excerpt, plain_text


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_of("articles:category", slug=self.slug)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_of("articles:tag", slug=self.slug)


class Image(models.Model):
    """An uploaded picture: the featured image of articles or one placed in a body.
    Renditions (several widths, WebP beside the original format) are made by
    articles.images when the image is saved through it."""

    file = models.ImageField(_("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(_("alt text"), max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Path below wp-content/uploads/ for images brought over from WordPress,
    # so that old /wp-content/uploads/... links can be redirected.
    wordpress_path = models.CharField(max_length=500, blank=True, db_index=True)
    wordpress_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text or self.file.name


class Rendition(models.Model):
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=10)  # "webp", "jpeg", "png", "gif"
    file = models.ImageField(upload_to="renditions/%Y/%m/", width_field="width", height_field="height")

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "width", "format"], name="unique_rendition"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.width}w {self.format}"


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to readers: published, or scheduled whose time has come, and
        not private. No job flips a scheduled article; the date alone makes it public."""
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=now or timezone.now(),
            is_private=False,
        )

    def previewable_by(self, user):
        """What ``user`` may read on the site: the published articles, plus
        every article for Editors and administrators, or their own for an
        Author. Moderators and other staff see only what readers see."""
        if may_edit_any_article(user):
            return self.all()
        if may_publish(user):
            return self.filter(models.Q(pk__in=self.published().values("pk")) | models.Q(author=user))
        return self.published()

    def unprotected(self):
        """Without the password-protected ones: for what shows their text or comments to anyone."""
        return self.filter(password="")

    def for_listing(self):
        """What a list of article cards shows, fetched in a fixed number of queries."""
        return self.select_related("author", "featured_image").prefetch_related(
            "categories", "featured_image__renditions"
        )

    def for_reading(self):
        """What the article page and the feeds show: a card's fields and the tags."""
        return self.for_listing().prefetch_related("tags")

    def in_language(self, code):
        """Only articles written in ``code``; everything when ``code`` is None."""
        return self.filter(language=code) if code else self

    def translations_of(self, *articles):
        """Every article of the translation groups of ``articles``, themselves included."""
        roots = {article.translation_root for article in articles}
        return self.filter(models.Q(pk__in=roots) | models.Q(translation_of__in=roots))

    def older_than(self, article):
        """Articles before ``article`` in reading order (-published_at, -id)."""
        return self.filter(
            models.Q(published_at__lt=article.published_at)
            | models.Q(published_at=article.published_at, id__lt=article.id)
        )

    def newer_than(self, article):
        """Articles after ``article``, nearest first."""
        return self.filter(
            models.Q(published_at__gt=article.published_at)
            | models.Q(published_at=article.published_at, id__gt=article.id)
        ).order_by("published_at", "id")

    def around(self, article):
        """The articles just before and just after ``article`` in reading
        order (at most two), in one query: two scalar subqueries on the date index."""
        older = self.older_than(article).order_by("-published_at", "-id").values("pk")[:1]
        newer = self.newer_than(article).values("pk")[:1]
        return self.filter(models.Q(pk=models.Subquery(older)) | models.Q(pk=models.Subquery(newer)))


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique_for_date="published_at")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles", verbose_name=_("author")
    )
    body = models.TextField(_("body"), blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("Left blank, it is taken from the body."))
    featured_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="featured_in",
        verbose_name=_("featured image"),
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="articles", verbose_name=_("categories"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    allow_pingbacks = models.BooleanField(_("allow pingbacks"), default=True)
    is_private = models.BooleanField(
        _("private"), default=False, help_text=_("Only its author and editors can read a private article."),
    )
    sticky = models.BooleanField(
        _("sticky"), default=False, help_text=_("Shown at the top of the home page's first page."),
    )
    # Kept readable, as WordPress keeps it: editors pass it on to the readers it is meant for.
    password = models.CharField(
        _("password"), max_length=100, blank=True,
        help_text=_("With a password, readers see the article's text and comments only after typing it."),
    )
    email_subscribers = models.BooleanField(
        _("email to subscribers"), default=True,
        help_text=_("Send this article to the site's email subscribers when it goes live (once)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    wordpress_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    # No choices here: the list comes from settings (articles.languages), and
    # a migration must not change with the environment.
    language = models.CharField(_("language"), max_length=12, default=default_language, db_index=True)
    # Polylang's translation group, kept flat: every translation points at
    # the same first article, which points at nothing.
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="translations",
        verbose_name=_("translation of"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "published_at"])]
        constraints = [
            # An empty slug makes every link to the article unbuildable, and
            # with it every page that lists it: refused by the database too.
            models.CheckConstraint(condition=~models.Q(slug=""), name="article_slug_not_empty"),
        ]
        # What separates Editors from Authors: change_article alone lets an
        # Author edit (and publish) only the articles they wrote.
        permissions = [("edit_any_article", _("Can edit and publish any author's articles"))]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at <= timezone.now()
            and not self.is_private
        )

    @property
    def accepts_pings(self):
        """Pingbacks and webmentions are taken, and advertised, only for a
        public article whose author left them open."""
        return self.allow_pingbacks and self.is_public

    @property
    def display_status(self):
        """What an author sees: a published article with a future date is scheduled."""
        if self.status != self.Status.DRAFT and self.published_at > timezone.now():
            return self.Status.SCHEDULED.label
        if self.status == self.Status.SCHEDULED:
            return self.Status.PUBLISHED.label
        return self.get_status_display()

    def permalink_kwargs(self):
        """The date permalink's parts, in the site's time zone as WordPress writes them."""
        local = timezone.localtime(self.published_at)
        return {"year": str(local.year), "month": f"{local.month:02d}", "day": f"{local.day:02d}", "slug": self.slug}

    def get_absolute_url(self):
        return path_of("articles:detail", **self.permalink_kwargs())

    def get_full_url(self):
        return absolute_url(self.get_absolute_url())

    @property
    def direction(self):
        return text_direction(self.language)

    @property
    def translation_root(self):
        """The article a translation group is filed under: the one the others translate."""
        return self.translation_of_id or self.pk

    @property
    def is_protected(self):
        return bool(self.password)

    @property
    def summary(self):
        """What lists, feeds and meta tags show: the excerpt, or the body's
        first words, as plain text either way; nothing of a protected article."""
        if self.is_protected:
            return str(_("There is no excerpt because this article is protected by a password."))
        return plain_text(self.excerpt) or derive_excerpt(self.body)


class Like(models.Model):
    """One reader's like. Readers have no accounts: a like is recognised by a
    signed cookie token, and by a hash of the IP within a time window."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="likes")
    visitor_token = models.CharField(max_length=64, db_index=True)
    ip_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor_token"], name="one_like_per_visitor"),
        ]

    def __str__(self):
        return f"like of {self.article_id}"
