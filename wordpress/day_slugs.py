"""Which slugs each day already holds, for the imported articles' permalinks.

A permalink carries only the day (/2024/05/17/slug/), so two articles of
one day need different slugs. Asking the database once per post cost a
tenth of a big import's time; this reads the day and slug of every article
once, then follows what the import writes."""

from collections import defaultdict

from django.utils import timezone

from articles.models import Article


class DaySlugs:
    def __init__(self):
        # (local day, slug) -> WordPress ids of the articles holding it
        # (None for one written on this site).
        self.holders = defaultdict(set)
        self.held_by = {}
        rows = Article.objects.values_list("slug", "published_at", "wordpress_id")
        for slug, published_at, wp_id in rows.iterator(chunk_size=2000):
            self._add(wp_id, (timezone.localdate(published_at), slug))

    def free(self, base, wp_id, published_at, max_length=200):
        """``base`` unless another article has it on the same day: then a
        "-2", "-3"… suffix, keeping within ``max_length``."""
        day = timezone.localdate(published_at)
        slug, number = base, 1
        while self.holders.get((day, slug), set()) - {wp_id}:
            number += 1
            suffix = f"-{number}"
            slug = base[: max_length - len(suffix)] + suffix
        return slug

    def hold(self, wp_id, slug, published_at):
        """The article ``wp_id`` is stored with ``slug`` on its day: the one it had before is free again."""
        old = self.held_by.get(wp_id)
        if old is not None:
            self.holders[old].discard(wp_id)
        self._add(wp_id, (timezone.localdate(published_at), slug))

    def _add(self, wp_id, key):
        self.holders[key].add(wp_id)
        if wp_id is not None:
            self.held_by[wp_id] = key

    def release(self, wp_id):
        """What ``wp_id`` holds is free again: its article was not written after all."""
        key = self.held_by.pop(wp_id, None)
        if key is not None:
            self.holders[key].discard(wp_id)
