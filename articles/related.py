"""Articles related to one another: those sharing the most tags and
categories with it, newest first among equals."""

from django.db.models import Count, Q

from .models import Article

RELATED_COUNT = 3


def related_articles(article, limit=RELATED_COUNT):
    """Up to ``limit`` published articles sharing a tag or category with
    ``article``, best first, in one query (titles and dates only). Reads ``article``'s tags and
    categories through its prefetch when it has one, so this costs the same
    few queries whatever the numbers of articles and terms."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    category_ids = [category.pk for category in article.categories.all()]
    if not (tag_ids or category_ids):
        return []
    shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True) + Count(
        "categories", filter=Q(categories__in=category_ids), distinct=True
    )
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(Q(tags__in=tag_ids) | Q(categories__in=category_ids))
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-id")
    )
    return list(candidates.only("title", "slug", "published_at")[:limit])
