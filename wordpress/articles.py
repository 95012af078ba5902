"""Writing imported posts as articles.

New posts are created a run at a time, each table in one statement for the
run. A post an earlier import stored is compared with its row, so that only
what changed is written and a re-run of the same file writes nothing."""

from django.utils import timezone

from articles.models import Article

from .day_slugs import DaySlugs

ARTICLE_FIELDS = (
    "title", "slug", "author_id", "body", "excerpt", "status", "published_at",
    "allow_comments", "allow_pingbacks", "is_private", "password", "sticky", "featured_image_id", "language",
)
# (link table, its column, the post's attribute holding the ids)
LINKS = (
    (Article.categories.through, "category_id", "category_ids"),
    (Article.tags.through, "tag_id", "tag_ids"),
)


class ArticleWriter:
    """Writes posts (objects with ``values``, ``category_ids``, ``tag_ids``,
    ``report`` and an ``article`` this sets) as articles."""

    def __init__(self):
        self.day_slugs = DaySlugs()
        # Spares a lookup per post on a first import, where none exists yet.
        self.stored_ids = set(Article.objects.filter(wordpress_id__isnull=False).values_list("wordpress_id", flat=True))

    def is_stored(self, post):
        return post.values["wordpress_id"] in self.stored_ids

    def create(self, posts):
        """Create new posts' articles and links. Each one's slug is held as
        it is chosen, so a later post of the same day gets another."""
        for post in posts:
            values = post.values
            values["slug"] = self.day_slugs.free(values["slug"], values["wordpress_id"], values["published_at"])
            self.day_slugs.hold(values["wordpress_id"], values["slug"], values["published_at"])
            post.article = Article(**values)
        Article.objects.bulk_create([post.article for post in posts])
        for through, column, ids in LINKS:
            through.objects.bulk_create(
                [through(article_id=post.article.pk, **{column: pk}) for post in posts for pk in getattr(post, ids)]
            )
        for post in posts:
            post.report.count("articles", "created")

    def forget(self, posts):
        """The posts' writes were rolled back: a new one's slug is free again
        (a stored one keeps the slug its row still has)."""
        for post in posts:
            if not self.is_stored(post):
                self.day_slugs.release(post.values["wordpress_id"])

    def store(self, post):
        """Create or update one post's article; True if it was created."""
        values = post.values
        row = None
        if self.is_stored(post):
            row = Article.objects.filter(wordpress_id=values["wordpress_id"]).values("pk", *ARTICLE_FIELDS).first()
        if row is None:
            self.create([post])
            return True
        same_place = (
            row["slug"] == values["slug"]
            and timezone.localdate(row["published_at"]) == timezone.localdate(values["published_at"])
        )
        if not same_place:
            values["slug"] = self.day_slugs.free(values["slug"], values["wordpress_id"], values["published_at"])
        post.article = Article(pk=row["pk"], **values)
        changed = {name: value for name in ARTICLE_FIELDS if row[name] != (value := values[name])}
        links_changed = [
            _set_links(through, column, row["pk"], getattr(post, ids)) for through, column, ids in LINKS
        ]
        if changed or any(links_changed):
            Article.objects.filter(pk=row["pk"]).update(**changed, updated_at=timezone.now())
            post.report.count("articles", "updated")
        else:
            post.report.count("articles", "unchanged")
        return False

    def stored(self, article):
        """``article`` was written with the slug it has now."""
        self.day_slugs.hold(article.wordpress_id, article.slug, article.published_at)


def _set_links(through, column, article_pk, wanted):
    """Make the article's links in ``through`` exactly ``wanted``; True if anything changed."""
    current = set(through.objects.filter(article_id=article_pk).values_list(column, flat=True))
    missing, extra = wanted - current, current - wanted
    if missing:
        through.objects.bulk_create([through(article_id=article_pk, **{column: pk}) for pk in missing])
    if extra:
        through.objects.filter(article_id=article_pk, **{f"{column}__in": extra}).delete()
    return bool(missing or extra)
