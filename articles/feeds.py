"""RSS 2.0 and Atom feeds: the whole site, one category, one tag.

Every link is absolute on SITE_URL, so feed readers get the canonical
address even when the request came in through another host name."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from bluedomes.site import absolute_url

from . import languages
from .models import Article, Category, Tag

FEED_LENGTH = 20


@dataclass
class SiteScope:
    """The whole site's feed's object: only the language it is filtered to."""

    feed_language: str | None = None


def requested_language(request):
    """?lang=ru filters a feed to one language; an unknown code is a 404."""
    raw = request.GET.get("lang")
    if raw is None:
        return None
    code = languages.normalise(raw)
    if code is None:
        raise Http404
    return code


class ArticlesFeed(Feed):
    """The latest published articles of the site."""

    url_name = "articles:feed_rss"

    def get_object(self, request, *args, **kwargs):
        return SiteScope(requested_language(request))

    def get_feed(self, obj, request):
        # A feed filtered to one language says so (<language>) and speaks it.
        language = obj.feed_language
        if language not in languages.interface_languages():
            return super().get_feed(obj, request)
        with translation.override(language):
            return super().get_feed(obj, request)

    def title(self, obj=None):
        return settings.SITE_NAME

    def description(self, obj=None):
        return settings.SITE_TAGLINE

    def link(self, obj=None):
        return absolute_url(reverse("articles:home"))

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name))

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).in_language(obj.feed_language).for_reading()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.author.get_full_name() or item.author.get_username()

    def item_categories(self, item):
        return [category.name for category in item.categories.all()] + [tag.name for tag in item.tags.all()]


class AtomArticlesFeed(ArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:feed_atom"

    def subtitle(self, obj=None):
        return self.description(obj)


class CategoryFeedMixin:
    url_name = "articles:category_feed_rss"

    def get_object(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        category.feed_language = requested_language(request)
        return category

    def title(self, obj=None):
        return _("%(site)s — %(category)s") % {"site": settings.SITE_NAME, "category": obj.name}

    def description(self, obj=None):
        return obj.description or _("Articles filed under %(category)s.") % {"category": obj.name}

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return Article.objects.published().filter(categories=obj)


class TagFeedMixin(CategoryFeedMixin):
    url_name = "articles:tag_feed_rss"

    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        tag.feed_language = requested_language(request)
        return tag

    def title(self, obj=None):
        return _("%(site)s — tagged %(tag)s") % {"site": settings.SITE_NAME, "tag": obj.name}

    def description(self, obj=None):
        return _("Articles tagged %(tag)s.") % {"tag": obj.name}

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class AuthorFeedMixin(CategoryFeedMixin):
    url_name = "articles:author_feed_rss"

    def get_object(self, request, username):
        # Only someone with published articles has a feed, as only they have an author page.
        author = get_object_or_404(get_user_model(), username=username)
        if not Article.objects.published().filter(author=author).exists():
            raise Http404("No published articles by this author.")
        author.feed_language = requested_language(request)
        return author

    def _name(self, obj):
        return obj.get_full_name() or obj.get_username()

    def title(self, obj=None):
        return _("%(site)s — by %(author)s") % {"site": settings.SITE_NAME, "author": self._name(obj)}

    def description(self, obj=None):
        return _("Articles by %(author)s.") % {"author": self._name(obj)}

    def link(self, obj=None):
        return absolute_url(reverse("articles:author", kwargs={"username": obj.get_username()}))

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, kwargs={"username": obj.get_username()}))

    def articles(self, obj):
        return Article.objects.published().filter(author=obj)


class AuthorFeed(AuthorFeedMixin, ArticlesFeed):
    pass


class AtomAuthorFeed(AuthorFeedMixin, AtomArticlesFeed):
    url_name = "articles:author_feed_atom"


class CategoryFeed(CategoryFeedMixin, ArticlesFeed):
    pass


class AtomCategoryFeed(CategoryFeedMixin, AtomArticlesFeed):
    url_name = "articles:category_feed_atom"


class TagFeed(TagFeedMixin, ArticlesFeed):
    pass


class AtomTagFeed(TagFeedMixin, AtomArticlesFeed):
    url_name = "articles:tag_feed_atom"
