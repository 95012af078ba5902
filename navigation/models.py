"""The header and footer menus editors put together in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.languages import interface_languages
from articles.models import Article, Category, Page, Tag
from articles.richtext import one_line
from bluedomes.prepared import PreparedQuery

from .links import validate_menu_url


def holds_published(relation, outer="pk"):
    """True where the category or tag at ``outer`` holds at least one article
    readers may see (``relation``: "categories" or "tags"): the only ones worth
    a link, since the others lead to an empty list."""
    return Exists(Article.objects.published().filter(**{relation: OuterRef(outer)}))


def categories_in_use(now=None):
    """The categories holding an article readers may see (the header's
    automatic menu): as a set of ids rather than holds_published's EXISTS,
    which Django takes half as long again to build."""
    return Category.objects.filter(pk__in=Article.objects.published(now).values("categories"))


# Every reader page asks this: Django took 0.6 ms to build and compile it.
_categories_in_use = PreparedQuery(Category, categories_in_use)


def shown_categories():
    """The header's automatic menu: the categories in use, read now."""
    return _categories_in_use(timezone.now())


class Menu(models.Model):
    class Location(models.TextChoices):
        HEADER = "header", _("Header")
        FOOTER = "footer", _("Footer")

    location = models.CharField(_("location"), max_length=10, choices=Location.choices, unique=True)

    class Meta:
        ordering = ["location"]
        verbose_name = _("menu")
        verbose_name_plural = _("menus")

    def __str__(self):
        return str(self.get_location_display())


# Every reader page asks which menus exist before it reads any of them.
_menu_locations = PreparedQuery(Menu, lambda: Menu.objects.values_list("location", flat=True))


def menu_locations():
    """The locations that have a menu, even an empty one."""
    return set(_menu_locations())


class MenuItemQuerySet(models.QuerySet):
    def for_language(self, language=None):
        """Items for every language or for readers of the interface
        ``language`` (all of them when None)."""
        return self if language is None else self.filter(Q(language="") | Q(language=language))

    def with_targets(self):
        """Items with their menu and whatever they link to, in one query: a
        page's parents too (its address is built from their slugs, and it is
        public only if they are), and whether a category or tag holds an
        article readers may see. ``MenuItem.is_visible`` reads all that.
        Columns and EXISTS rather than a filter on four subqueries: Django's
        building of such a filter costs more than the rest of the menus."""
        return self.select_related(
            "menu", "category", "tag", "article", "page", *(f"page__{name}" for name in Page.ANCESTORS)
        ).annotate(
            category_in_use=holds_published("categories", "category_id"),
            tag_in_use=holds_published("tags", "tag_id"),
        )


class MenuItem(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")
        ARTICLE = "article", _("Article")
        URL = "url", _("Address")

    # Which field holds the target of each kind; the others stay empty.
    TARGETS = {Kind.PAGE: "page", Kind.CATEGORY: "category", Kind.TAG: "tag", Kind.ARTICLE: "article",
               Kind.URL: "url"}

    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="items", verbose_name=_("menu"))
    # SET_NULL: removing an item that has a submenu moves its children up to
    # the top level instead of silently taking them with it.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        verbose_name=_("under"), help_text=_("Leave empty for a top-level item; menus nest one level deep."),
    )
    order = models.IntegerField(_("order"), default=0, help_text=_("Smaller numbers come first."))
    kind = models.CharField(_("links to"), max_length=10, choices=Kind.choices, default=Kind.PAGE)
    # CASCADE on every target: an item whose page, article, category or tag
    # is deleted has nothing left to link to. The admin's delete confirmation
    # lists the menu items that go with it, so the editor sees it first.
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"),
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("category"),
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                            verbose_name=_("tag"))
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("article"),
    )
    url = models.CharField(
        _("address"), max_length=500, blank=True, validators=[validate_menu_url],
        help_text=_("https://… for another site, or a path on this one such as /search/."),
    )
    label = models.CharField(
        _("label"), max_length=100, blank=True,
        help_text=_("Left empty, the title of the page, article, category or tag is shown."),
    )
    # No choices here, as for articles: the list comes from settings.
    language = models.CharField(
        _("language"), max_length=12, blank=True,
        help_text=_("Show the item only to readers of this interface language; empty for everyone."),
    )
    new_tab = models.BooleanField(_("open in a new tab"), default=False)

    objects = MenuItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        constraints = [
            models.CheckConstraint(
                name="menu_item_one_target",
                condition=Q(kind="page", page__isnull=False, category=None, tag=None, article=None, url="")
                | Q(kind="category", category__isnull=False, page=None, tag=None, article=None, url="")
                | Q(kind="tag", tag__isnull=False, page=None, category=None, article=None, url="")
                | Q(kind="article", article__isnull=False, page=None, category=None, tag=None, url="")
                | Q(kind="url", page=None, category=None, tag=None, article=None) & ~Q(url=""),
            ),
        ]

    def __str__(self):
        if self.parent_id is not None:
            return f"{self.parent.title()} › {self.title()}"
        return self.title()

    def is_visible(self):
        """Whether readers may see the item (read by ``with_targets()``): an
        address always; a page or article when it is public; a category or
        tag when it holds a published article. An article sent back to draft
        drops out of the menu by itself, and comes back when it is published
        again."""
        if self.kind == self.Kind.URL:
            return True
        if self.kind == self.Kind.CATEGORY:
            return self.category_in_use
        if self.kind == self.Kind.TAG:
            return self.tag_in_use
        target = self.target()
        return target is not None and target.is_public

    def target(self):
        return getattr(self, self.TARGETS[self.kind], None) if self.kind in self.TARGETS else None

    def title(self):
        """The label, or else the target's own title."""
        if self.label:
            return self.label
        target = self.target()
        if isinstance(target, (Category, Tag)):
            return target.name
        return getattr(target, "title", "") or ""

    def link(self):
        if self.kind == self.Kind.URL:
            return self.url
        return self.target().get_absolute_url()

    def clean(self):
        self.label = one_line(self.label)
        errors = {}
        self._clean_target(errors)
        self._clean_parent(errors)
        if self.language and self.language not in interface_languages():
            errors["language"] = _("The interface does not speak this language.")
        if errors:
            raise ValidationError(errors)

    def _clean_target(self, errors):
        wanted = self.TARGETS.get(self.kind)
        if wanted is None:
            return  # the kind's own choices refuse it
        for name in self.TARGETS.values():
            value = self.url if name == "url" else getattr(self, f"{name}_id")
            if name == wanted and not value:
                errors[name] = _("Give the address.") if name == "url" else _("Choose what this item links to.")
            elif name != wanted and value:
                errors[name] = _("Leave this empty for an item of this kind.")
        if self.kind == self.Kind.URL and not self.label.strip():
            errors["label"] = _("An address needs a label: there is no title to show.")

    def _clean_parent(self, errors):
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk and parent.pk == self.pk:
            errors["parent"] = _("An item cannot be under itself.")
        elif parent.menu_id != self.menu_id:
            errors["parent"] = _("Choose an item of the same menu.")
        elif parent.parent_id is not None:
            errors["parent"] = _("Menus nest one level deep: choose a top-level item.")
        elif self.pk and self.children.exists():
            errors["parent"] = _("This item has items under it, so it must stay at the top level.")
