"""The menu a site starts from: the header the theme showed before menus
could be edited (the home page, then each category), for existing sites by
migration and for the demo."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from articles.languages import interface_languages


def home_links():
    """The home page's link under the name the theme always gave it, as
    (label, language) pairs: one item for every language when the
    catalogues agree, else one per interface language, so each reader keeps
    reading it in theirs."""
    labels = {}
    for code in interface_languages():
        with translation.override(code):
            labels[code] = gettext("Latest")
    if len(set(labels.values())) == 1:
        return [(labels[interface_languages()[0]], "")]
    return [(label, code) for code, label in labels.items()]


def add_header_items(MenuItem, menu, categories, start=0):
    """Add the home link and one item per category to ``menu``; returns the
    next free order. ``MenuItem`` may be a migration's historical model."""
    home = reverse("articles:home")
    items = [MenuItem(menu=menu, kind="url", url=home, label=label, language=language, order=start)
             for label, language in home_links()]
    items += [MenuItem(menu=menu, kind="category", category=category, order=start + position)
              for position, category in enumerate(categories, start=1)]
    MenuItem.objects.bulk_create(items)
    return start + len(categories) + 1
