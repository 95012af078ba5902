"""The readers' side: lists of articles, the article page, search and likes.

Every list is the same published queryset fetched for cards; the views only
choose the filter and the heading."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DateDetailView, DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView, _date_from_string

from bluedomes import dates
from bluedomes.anonymous_posts import csrf_unless_anonymous
from comments import thread_cache
from comments.models import CommentPages
from comments.pings.discovery import PingDiscoveryMixin

from . import languages, likes, page_cache, protection, reading, related
from .models import Article, AuthorProfile, Category, Tag
from .search import clean_query, search_articles


class ArticleListMixin:
    """Published articles, fetched for cards in a fixed number of queries,
    paginated; readers without state of their own share one stored copy of
    each page (articles.page_cache)."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    archive_title = ""

    def get_queryset(self):
        return Article.objects.published().in_language(self.content_language()).for_listing()

    def content_language(self):
        """The language the reader filtered the list to (?lang=ru), or None
        for all; an unknown code is a 404 rather than a copy to cache."""
        raw = self.request.GET.get("lang")
        if raw is None:
            return None
        code = languages.normalise(raw)
        if code is None:
            raise Http404
        return code

    def get_paginate_by(self, queryset):
        return settings.BLUEDOMES_ARTICLES_PER_PAGE

    def get_archive_title(self, context):
        return self.archive_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["archive_title"] = self.get_archive_title(context)
        context["content_language"] = self.content_language()
        context["language_filter"] = languages.choices()
        if "archive_object" in context:
            context.setdefault("feed_key", context["archive_object"].slug)
        return context

    def get(self, request, *args, **kwargs):
        if not page_cache.cacheable_list_request(request):
            return super().get(request, *args, **kwargs)
        content, content_version = page_cache.lookup_list(request)
        if content is not None:
            return HttpResponse(content)
        response = super().get(request, *args, **kwargs).render()
        page_cache.store_list(request, response, content_version)
        return response


class HomeView(ArticleListMixin, ListView):
    """Newest first; sticky articles, as in WordPress, lead the first page
    only, moved out of their place in it, and keep their dated place on later pages."""

    template_name = "articles/home.html"
    sticky_count = 0

    def get_paginator(self, queryset, *args, **kwargs):
        # The paginator's count and whether anything is sticky, in one
        # query: most sites have no sticky article and then read none.
        paginator = super().get_paginator(queryset, *args, **kwargs)
        counts = queryset.aggregate(total=Count("pk"), sticky=Count("pk", filter=Q(sticky=True)))
        paginator.count, self.sticky_count = counts["total"], counts["sticky"]
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.content_language() is None and paginator.count:
            # The list every reader opens first: its page through prepared SQL.
            page.object_list = object_list = reading.home_page(page.start_index() - 1, page.end_index())
        return paginator, page, object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1 and self.sticky_count:
            sticky = list(self.get_queryset().filter(sticky=True))
            context["articles"] = sticky + [article for article in context["articles"] if not article.sticky]
        return context


class CategoryView(ArticleListMixin, ListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(categories=self.category)

    def get_archive_title(self, context):
        return _("Category: %(name)s") % {"name": self.category.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            archive_object=self.category,
            archive_description=self.category.description,
            feed_rss="articles:category_feed_rss",
            feed_atom="articles:category_feed_atom",
            **kwargs,
        )


class TagView(ArticleListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_archive_title(self, context):
        return _("Tag: %(name)s") % {"name": self.tag.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            archive_object=self.tag,
            feed_rss="articles:tag_feed_rss",
            feed_atom="articles:tag_feed_atom",
            **kwargs,
        )


class AuthorView(ArticleListMixin, ListView):
    # An author page exists only for someone with published articles, so the
    # URL does not reveal which other usernames exist.
    allow_empty = False

    def get_queryset(self):
        self.author = get_object_or_404(get_user_model(), username=self.kwargs["username"])
        return super().get_queryset().filter(author=self.author)

    def get_archive_title(self, context):
        return _("Author: %(name)s") % {"name": self.author.get_full_name() or self.author.get_username()}

    def get_context_data(self, **kwargs):
        profile = AuthorProfile.objects.select_related("picture").filter(user=self.author).first()
        return super().get_context_data(
            author_profile=profile,
            archive_description=profile.bio if profile else "",
            feed_rss="articles:author_feed_rss",
            feed_atom="articles:author_feed_atom",
            feed_key=self.author.get_username(),
            **kwargs,
        )


class YearView(ArticleListMixin, YearArchiveView):
    make_object_list = True

    def get_archive_title(self, context):
        return _("Archives: %(year)s") % {"year": context["year"].year}


class MonthView(ArticleListMixin, MonthArchiveView):
    def get_archive_title(self, context):
        return _("Archives: %(month)s") % {"month": date_format(context["month"], "F Y")}


class DayView(ArticleListMixin, DayArchiveView):
    def get_archive_title(self, context):
        return _("Archives: %(day)s") % {"day": date_format(context["day"], str(dates.DATE))}


class SearchView(ArticleListMixin, ListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q"))
        return search_articles(self.query, super().get_queryset())

    def get_archive_title(self, context):
        if self.query:
            return _("Search results for “%(query)s”") % {"query": self.query}
        return _("Search")

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class ArticlePageMixin:
    """The article page's context: neighbours, translations and the likes
    line; its interface speaks the article's language when the site has it."""

    template_name = "articles/detail.html"
    context_object_name = "article"
    # True while rendering the copy every reader shares (articles.page_cache).
    page_holes = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        previous_article, next_article = related.neighbours(article)
        context.update(
            previous_article=previous_article,
            next_article=next_article,
            is_preview=not article.is_public,
            is_locked=protection.is_locked(self.request, article),
            related_articles=related.related_articles(article),
            # Three meta tags show it; the property strips and cuts the body each time.
            summary=article.summary,
            translations=related.translations(article),
        )
        if self.page_holes:
            # The shared copy's forms carry no token (bluedomes.anonymous_posts).
            context.update(csrf_token="", likes_hole=page_cache.likes_hole())
            return context
        request = self.request
        like_count, liked = likes.like_state(article, likes.reader_token(request), likes.reader_ip_hash(request))
        with translation.override(languages.page_language(article.language)):
            likes_text = likes.likes_text(like_count)
        context.update(like_count=like_count, likes_text=likes_text, liked=liked)
        return context

    def render_to_response(self, context, **response_kwargs):
        # Rendered now, not later by the handler, while the article's
        # language is active.
        language = languages.page_language(self.object.language)
        with translation.override(language):
            response = super().render_to_response(context, **response_kwargs).render()
        response["Content-Language"] = language
        return response


class ArticleDetailView(PingDiscoveryMixin, ArticlePageMixin, DateDetailView):
    """The permalink. Whoever may edit an article also reaches it here before
    it is public, as a preview (Article.objects.previewable_by)."""

    # Named, so the date mixin learns the field's type without building the queryset twice.
    model = Article
    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"

    def get_queryset(self):
        return Article.objects.previewable_by(self.request.user).for_reading()

    def get_allow_future(self):
        # The queryset already keeps future articles from whoever may not preview them.
        return True

    def get_object(self, queryset=None):
        """A reader who is not signed in may read what is published, the
        rule every prepared call runs; anyone else, and anything but one
        article found, takes the generic view's way (its 404 included)."""
        if queryset is None and not self.request.user.is_authenticated:
            date = _date_from_string(
                self.get_year(), self.get_year_format(), self.get_month(), self.get_month_format(),
                self.get_day(), self.get_day_format(),
            )
            day = self._make_single_date_lookup(date)
            found = reading.published_on_day(day["published_at__gte"], day["published_at__lt"], self.kwargs["slug"])
            if len(found) == 1:
                return found[0]
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment_page=self.kwargs.get("cpage"), **kwargs)

    def get(self, request, *args, **kwargs):
        """Readers without state of their own share one stored copy of the
        page, with their likes line filled in (articles.page_cache).
        A stored comment page was a page that existed when stored, and goes
        stale with the comments and settings that decide it."""
        if not page_cache.cacheable_request(request):
            moved = "cpage" in kwargs and self._comment_page_redirect(self.get_object())
            return moved or super().get(request, *args, **kwargs)
        page, content_version = page_cache.lookup(request)
        if page is None:
            self.object = self.get_object()
            moved = self._comment_page_redirect(self.object)
            if moved:
                return moved
            # Each version is read before what it describes: a change during
            # the render leaves a copy that is already stale.
            thread_version = thread_cache.thread_version(self.object.pk)
            self.page_holes = True
            context = self.get_context_data(object=self.object, thread_version=thread_version)
            response = self.render_to_response(context)
            page = page_cache.store(
                request, self.object, response.content.decode(response.charset),
                content_version=content_version, thread_version=thread_version,
                language=languages.page_language(self.object.language),
            )
        return page_cache.serve(request, page)

    def _comment_page_redirect(self, article):
        """A comment page (``comment-page-N/``) past the last is a 404; the
        one the permalink shows first answers there only."""
        if "cpage" not in self.kwargs:
            return None
        pages = CommentPages(article)
        if self.kwargs["cpage"] == pages.default:
            return redirect(pages.path(pages.default), permanent=True)
        if not 1 <= self.kwargs["cpage"] <= pages.count:
            raise Http404("No such comment page")
        return None


def render_article(request, article, *, comment_form, status, password_error=False):
    """The article page for ``article`` with ``comment_form`` in place of an
    empty form: a refused comment comes back on its own page, showing its
    messages beside the kept text (a wrong password likewise)."""
    view = ArticleDetailView()
    view.setup(request, **article.permalink_kwargs())
    view.object = article
    context = view.get_context_data(object=article, comment_form=comment_form, password_error=password_error)
    return view.render_to_response(context, status=status)


@method_decorator(staff_member_required, name="dispatch")
class ArticlePreviewView(ArticlePageMixin, DetailView):
    """The admin's "view on site", whatever the article's status or date, for
    whoever may edit it; anyone else gets a 404, as if it did not exist."""

    def get_queryset(self):
        return Article.objects.previewable_by(self.request.user).for_reading()


# Both forms are in the shared cached page (bluedomes.anonymous_posts).
@method_decorator(csrf_unless_anonymous, name="dispatch")
class UnlockView(View):
    """POST the password of a protected article: right, the reader goes back
    to it unlocked; wrong, the form comes back with the message under it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        article = get_object_or_404(Article.objects.previewable_by(request.user), pk=pk)
        if not article.is_protected:
            return redirect(article.get_absolute_url())
        if protection.password_matches(article, request.POST.get("password")):
            response = redirect(article.get_absolute_url())
            protection.remember_unlocked(request, response, article)
            return response
        return render_article(request, article, comment_form=None, status=403, password_error=True)


@method_decorator(csrf_unless_anonymous, name="dispatch")
class LikeView(View):
    """POST: like an article. A form redirects back; fetch() gets JSON."""

    http_method_names = ["post"]

    def post(self, request, pk):
        article = get_object_or_404(Article.objects.published(), pk=pk)
        hashed_ip = likes.reader_ip_hash(request)
        if likes.rate_limited(hashed_ip):
            response = render(request, "articles/rate_limited.html", {"article": article}, status=429)
            response["Retry-After"] = str(likes.RATE_PERIOD)
            return response
        token = likes.reader_token(request) or likes.new_reader_token()
        created = likes.add_like(article, token, hashed_ip)
        if "application/json" in request.headers.get("Accept", ""):
            count = article.likes.count()
            with translation.override(languages.page_language(article.language)):
                text = likes.likes_text(count)
            response = JsonResponse({"count": count, "text": text, "liked": True, "created": created})
        else:
            response = redirect(article.get_absolute_url() + "#likes")
        likes.remember_reader(response, request, token)
        return response
