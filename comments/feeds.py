"""Comment feeds, RSS 2.0 and Atom: the whole site and one article.
Approved comments and pings of published articles only; links absolute on SITE_URL."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article
from bluedomes.site import absolute_url

from .models import Comment, CommentPages
from .text import render_comment

FEED_LENGTH = 30


def with_articles(comments, limit):
    """Attach each comment's article (one query for all of them) and drop
    those whose article is not, or no longer, published, or is behind a password."""
    comments = list(comments)
    articles = Article.objects.published().unprotected().in_bulk({int(c.object_pk) for c in comments if c.object_pk.isdigit()})
    kept = []
    for comment in comments:
        comment.article = articles.get(int(comment.object_pk)) if comment.object_pk.isdigit() else None
        if comment.article is not None:
            kept.append(comment)
    return kept[:limit]


class LatestCommentsFeed(Feed):
    url_name = "comments:feed_rss"

    def title(self, obj=None):
        return _("Comments for %(site)s") % {"site": settings.SITE_NAME}

    def description(self, obj=None):
        return _("The latest comments on %(site)s") % {"site": settings.SITE_NAME}

    def link(self, obj=None):
        return settings.SITE_URL + "/"

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name))

    def comments(self, obj):
        return Comment.objects.approved().filter(content_type=ContentType.objects.get_for_model(Article))

    def items(self, obj=None):
        # Over-fetch a little: comments of unpublished articles are dropped after.
        latest = self.comments(obj).select_related(None).order_by("-submit_date", "-pk")[: FEED_LENGTH * 2]
        return with_articles(latest, FEED_LENGTH)

    def item_title(self, item):
        if item.is_ping:
            return _("%(type)s on “%(title)s” from %(source)s") % {
                "type": item.get_type_display(), "title": item.article.title, "source": item.user_name,
            }
        return _("Comment on “%(title)s” by %(name)s") % {"title": item.article.title, "name": item.user_name}

    def item_description(self, item):
        return render_comment(item.comment)

    def item_link(self, item):
        # One CommentPages per article in the feed, not one per comment.
        pages = self.__dict__.setdefault("_pages", {})
        if item.article.pk not in pages:
            pages[item.article.pk] = CommentPages(item.article)
        return item.get_full_url(item.article, pages[item.article.pk])

    def item_guid(self, item):
        return f"{settings.SITE_URL}/?comment={item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.submit_date

    def item_author_name(self, item):
        return item.user_name or _("Anonymous")

    def item_author_link(self, item):
        return item.user_url if item.user_url.startswith(("http://", "https://")) else None


class LatestCommentsAtomFeed(LatestCommentsFeed):
    feed_type = Atom1Feed
    url_name = "comments:feed_atom"

    def subtitle(self, obj=None):
        return self.description(obj)


class ArticleCommentsFeed(LatestCommentsFeed):
    url_name = "comments:article_feed_rss"

    def get_object(self, request, pk):
        return get_object_or_404(Article.objects.published().unprotected(), pk=pk)

    def title(self, obj=None):
        return _("Comments on: %(title)s") % {"title": obj.title}

    def description(self, obj=None):
        return Truncator(obj.summary).chars(200)

    def link(self, obj=None):
        return obj.get_full_url()

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, args=[obj.pk]))

    def comments(self, obj):
        return Comment.objects.approved().for_article(obj)


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed
    url_name = "comments:article_feed_atom"

    def subtitle(self, obj=None):
        return self.description(obj)
