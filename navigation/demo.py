"""The demo site's menus: the header with two submenus, and a footer with
the pages a visitor looks for there (About, Privacy, Contact) when they
exist; without a Privacy page, the commenters' privacy notice stands in.
Made once: a site that has menus keeps them."""

from django.urls import reverse

from articles.languages import interface_languages
from articles.models import Category, Page, Tag

from .defaults import add_header_items
from .models import Menu, MenuItem

# Category slug → the tags listed under it.
SUBMENUS = {"economy": ["trade", "remittances", "energy"], "travel": ["rail", "mountains"]}
FOOTER_PAGES = ["about", "privacy", "contact"]
# Editor content, so written out per language rather than translated.
PRIVACY_LABELS = {"en": "Privacy", "ru": "Конфиденциальность", "kk": "Құпиялылық"}


def ensure_demo_menus(category_slugs):
    """Create the header and footer menus unless the site has menus already;
    returns how many items were made. ``category_slugs``: the header's order."""
    if Menu.objects.exists():
        return 0
    categories = Category.objects.in_bulk(category_slugs, field_name="slug")
    header = Menu.objects.create(location=Menu.Location.HEADER)
    add_header_items(MenuItem, header, [categories[slug] for slug in category_slugs if slug in categories])
    tags = Tag.objects.in_bulk([slug for slugs in SUBMENUS.values() for slug in slugs], field_name="slug")
    parents = {item.category.slug: item for item in header.items.filter(kind=MenuItem.Kind.CATEGORY)
               .select_related("category")}
    children = [
        MenuItem(menu=header, parent=parents[category], kind=MenuItem.Kind.TAG, tag=tags[slug], order=position,
                 label=tags[slug].name.capitalize())
        for category, slugs in SUBMENUS.items() if category in parents
        for position, slug in enumerate(slugs) if slug in tags
    ]
    footer = Menu.objects.create(location=Menu.Location.FOOTER)
    pages = {page.slug: page for page in Page.objects.filter(parent=None, slug__in=FOOTER_PAGES)}
    links = [MenuItem(menu=footer, kind=MenuItem.Kind.PAGE, page=pages[slug], order=position)
             for position, slug in enumerate(FOOTER_PAGES) if slug in pages]
    if "privacy" not in pages:
        links += [MenuItem(menu=footer, kind=MenuItem.Kind.URL, url=reverse("comments:privacy"), label=label,
                           language=language, order=FOOTER_PAGES.index("privacy"))
                  for language, label in PRIVACY_LABELS.items() if language in interface_languages()]
    MenuItem.objects.bulk_create(children + links)
    return header.items.count() + footer.items.count()
