"""sitemap.xml: every published article and page, plus the archives that list them;
a translated article names its translations as hreflang alternates.

Locations are built on SITE_URL rather than the Sites framework's domain, so
the sitemap names the same canonical addresses as the pages and feeds."""

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from bluedomes.site import absolute_url

from . import languages
from .models import Article, Category, Page, Tag


class SiteURLSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteURLSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at", "translation_of")

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)

    def get_urls(self, page=1, site=None, protocol=None):
        """Each translated article with its published translations as
        hreflang alternates, as its page's <head> names them: one query for
        the whole sitemap page, however many groups it holds."""
        urls = super().get_urls(page, site, protocol)
        groups = defaultdict(list)
        members = Article.objects.published().translations_of(*(url["item"] for url in urls))
        for member in members.only("slug", "published_at", "language", "translation_of"):
            groups[member.translation_root].append(member)
        for url in urls:
            group = groups.get(url["item"].translation_root, [])
            if len(group) > 1:
                url["alternates"] = [
                    {"location": absolute_url(member.get_absolute_url()), "lang_code": member.language}
                    for member in languages.in_site_order(group)
                ]
        return urls


class HomeSitemap(SiteURLSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]


class ArchiveSitemap(SiteURLSitemap):
    """Archives with at least one published article, newest article's date as lastmod."""

    changefreq = "weekly"
    priority = 0.5
    model = None
    relation = "articles"

    def items(self):
        published = Article.objects.published()
        return (
            self.model.objects.filter(**{f"{self.relation}__in": published})
            .annotate(latest=Max(f"{self.relation}__published_at"))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.latest


class CategorySitemap(ArchiveSitemap):
    model = Category


class TagSitemap(ArchiveSitemap):
    model = Tag


class AuthorSitemap(ArchiveSitemap):
    model = get_user_model()

    def location(self, item):
        return reverse("articles:author", kwargs={"username": item.get_username()})


class PageSitemap(SiteURLSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Page.objects.published().select_related(*Page.ANCESTORS)

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "pages": PageSitemap,
}
