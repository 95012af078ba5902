"""Polylang's languages and translation groups, as a WXR export carries them.

Polylang keeps an item's language as a term of the ``language`` taxonomy
(nicename ``ru``, ``kk``…) and its translation group as a term of the
``post_translations`` taxonomy that every translation of the post shares
(nicename ``pll_…``). Both arrive as ``<category domain="…">`` on the item."""

from collections import defaultdict

from articles.languages import default_language, normalise
from articles.models import Article


def item_language(item):
    """The article language of a WXR item: its Polylang language when the
    site knows it, else the site's default."""
    for term in item.terms:
        if term.domain == "language":
            # Polylang's slugs are codes, sometimes with a region ("pt-br").
            code = normalise(term.slug) or normalise(term.slug.split("-")[0])
            if code:
                return code
    return default_language()


def translation_group(item):
    for term in item.terms:
        if term.domain == "post_translations" and term.slug:
            return term.slug
    return None


class TranslationGroups:
    """Collects the imported articles of each Polylang group and links them
    once all are stored: the first imported becomes the group's original."""

    def __init__(self):
        self.members = defaultdict(list)

    def add(self, item, article_pk):
        group = translation_group(item)
        if group:
            self.members[group].append(article_pk)

    def link(self):
        for pks in self.members.values():
            first, *others = pks
            Article.objects.filter(pk=first).update(translation_of=None)
            if others:
                Article.objects.filter(pk__in=others).update(translation_of=first)
