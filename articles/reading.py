"""What readers open most, read through SQL Django builds once per process
(bluedomes.prepared): the home page's cards and an article at its permalink,
each with its categories and tags."""

from django.utils import timezone

from bluedomes.prepared import PreparedQuery

from .models import Article

_home_page = PreparedQuery(
    Article, lambda now, bottom, top: Article.objects.published(now).for_listing()[bottom:top]
)

_published_on_day = PreparedQuery(
    Article,
    lambda now, since, until, slug: Article.objects.published(now)
    .for_reading()
    .filter(published_at__gte=since, published_at__lt=until, slug=slug)[:2],
)


def home_page(bottom, top):
    """The cards from ``bottom`` to ``top`` of every published article, newest first."""
    return _home_page(timezone.now(), fixed=(bottom, top))


def published_on_day(since, until, slug):
    """The published articles at ``slug`` between ``since`` and ``until``:
    one, or none, or (should the database hold two) two."""
    return _published_on_day(timezone.now(), since, until, slug)
