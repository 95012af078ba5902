"""What the site holds beside its articles: static pages, author profiles
and the messages sent through a page's contact form."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bluedomes.site import absolute_url

from .content import Image


class PageQuerySet(models.QuerySet):
    def published(self):
        """Visible to readers: published, and every page above it published too,
        so hiding a section hides what is filed under it."""
        return self.filter(status=Page.Status.PUBLISHED).exclude(
            models.Q(parent__status=Page.Status.DRAFT) | models.Q(parent__parent__status=Page.Status.DRAFT)
        )

    def at_path(self, path):
        """The page at ``path`` ("about/team/"), or None: each slug must be the
        child of the one before it. One query, whatever the depth."""
        slugs = [slug for slug in path.strip("/").split("/") if slug]
        if not slugs or len(slugs) > Page.MAX_DEPTH:
            return None
        candidates = self.filter(slug=slugs[-1]).select_related(*Page.ANCESTORS)
        for page in candidates:
            if page.slugs() == slugs:
                return page
        return None


class Page(models.Model):
    """A static page (About, Contact, a team page under About): not dated,
    never in the home page, archives, search or article feeds; found at the
    path of its parents' slugs and its own (/about/team/)."""

    MAX_DEPTH = 3
    ANCESTORS = ("parent", "parent__parent")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent"),
        help_text=_("The page this one is filed under: its address starts with the parent's."),
    )
    order = models.IntegerField(_("order"), default=0, help_text=_("Smaller numbers come first among siblings."))
    body = models.TextField(_("body"), blank=True)
    has_contact_form = models.BooleanField(
        _("contact form"), default=False,
        help_text=_("Show a form under the text whose messages reach the editors by email."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The page's id on the WordPress site it came from: old /?page_id= links
    # find it, and a second import updates it instead of adding another.
    wordpress_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="unique_page_slug_per_parent"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(parent__isnull=True), name="unique_top_level_page_slug"
            ),
        ]

    def __str__(self):
        return " / ".join(page.title for page in self.lineage())

    def lineage(self):
        """The pages from the top-level one down to this one."""
        pages, page = [], self
        while page is not None and len(pages) <= self.MAX_DEPTH:
            pages.append(page)
            page = page.parent
        return pages[::-1]

    def slugs(self):
        return [page.slug for page in self.lineage()]

    def get_absolute_url(self):
        return reverse("page", kwargs={"path": "/".join(self.slugs()) + "/"})

    def get_full_url(self):
        return absolute_url(self.get_absolute_url())

    @property
    def is_public(self):
        return all(page.status == self.Status.PUBLISHED for page in self.lineage())


class AuthorProfile(models.Model):
    """What the author page shows about a writer: a short bio, a picture and links."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile", verbose_name=_("author"),
    )
    bio = models.TextField(_("bio"), blank=True, max_length=2000)
    picture = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("picture"),
    )
    links = models.TextField(
        _("links"), blank=True, max_length=2000,
        help_text=_("One address per line: a website, a Mastodon or Telegram profile…"),
    )

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self):
        return str(self.user)

    def link_list(self):
        """The links that are http(s) addresses; anything else is not shown."""
        return [line.strip() for line in self.links.splitlines() if line.strip().startswith(("https://", "http://"))]


class ContactMessage(models.Model):
    """A message sent through a page's contact form, stored before anything
    else happens, so neither Akismet nor mail being down loses it
    (articles.contact delivers it and retries)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be delivered")
        SENT = "sent", _("Sent to the editors")
        SPAM = "spam", _("Spam")

    page = models.ForeignKey(Page, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    message = models.TextField(_("message"))
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.name} <{self.email}>"
