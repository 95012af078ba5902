"""Old WordPress links → 301 to where the same thing lives now.

Links people shared keep working after the switch: ``/?p=123``, percent-
encoded slugs, ``/feed/rss2/``, nicename author pages, hierarchical category
paths, ``/wp-content/uploads/…`` files, attachment pages and their
shortlinks (to the picture's file or the document). The article permalinks, archives,
feeds, ``/category/<slug>/`` and ``/tag/<slug>/`` already have WordPress's
shape, so the site's own views answer those directly.

Query-string links on the front page are answered before the home page
view. Every other old link is looked up in ``wordpress.urls`` only
after the site's own URLs have answered 404 (as django.contrib.redirects
does), so an old-link route can never hide a page of the site."""

import datetime

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify

from articles.models import Article, Category, Page, Tag
from articles.slugs import ascii_slug
from bluedomes.params import parse_id

from .media import attachment_page_target, attachment_target, find_document, find_image

LEGACY_URLCONF = "wordpress.urls"
FRONT_PAGE_PATHS = ("/", "/index.php")
FEEDS = {"rss2": "rss", "rss": "rss", "rdf": "rss", "atom": "atom"}


class LegacyURLMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path_info in FRONT_PAGE_PATHS:
            target = front_page_target(request.GET)
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            target = old_path_target(request.path_info)
            if target is None and not request.path_info.endswith("/"):
                # WordPress answers /about and /category/a/b with a 301 to the
                # slashed address; here the 301 goes straight to where it lives now.
                target = old_path_target(request.path_info + "/")
            if target is not None and target != request.get_full_path():
                return HttpResponsePermanentRedirect(target)
        return response


def front_page_target(query):
    """Where ``/?p=…`` and its kin now live; None when the query is not an old
    WordPress one. Raises Http404 for an id nothing was imported under."""
    for key in ("p", "page_id"):
        if key in query:
            article = Article.objects.published().filter(wordpress_id=_int(query[key])).first()
            if article is not None:
                return article.get_absolute_url()
            page = Page.objects.published().filter(wordpress_id=_int(query[key])).first()
            if page is not None:
                return page.get_absolute_url()
            # Attachments share WordPress's id sequence, and their shortlinks are /?p=ID too.
            query = {"attachment_id": query[key]}
    if "attachment_id" in query:
        target = attachment_target(_int(query["attachment_id"]))
        if target is None:
            raise Http404("No imported attachment has this WordPress id.")
        return target
    if "feed" in query:
        if query["feed"].startswith("comments-"):
            return reverse("comments:feed_rss")
        return reverse(f"articles:feed_{FEEDS.get(query['feed'], 'rss')}")
    if "s" in query:
        return reverse("articles:search") + "?" + urlencode({"q": query["s"]})
    return None


def old_path_target(path):
    """The new URL for an old WordPress path, or None."""
    try:
        match = resolve(path, urlconf=LEGACY_URLCONF)
    except Resolver404:
        return None
    try:
        return match.func(*match.args, **match.kwargs)
    except Http404:
        return None


def _int(value):
    number = parse_id(value)
    if number is None:
        raise Http404("Not a WordPress id.")
    return number


# --- the targets, one per kind of old link (see wordpress.urls) -----


def upload(path):
    image = find_image(path)
    if image is not None and image.file:
        return image.file.url
    document = find_document(path)
    if document is None:
        raise Http404
    return document.get_absolute_url()


def article(year, month, day, slug, rest=""):
    # /<post permalink>/<attachment slug>/ was the page of a file uploaded to the post.
    if rest and "/" not in rest.strip("/") and (target := attachment_page_target(rest.strip("/"))):
        return target
    try:
        return find_article(year, month, day, slug).get_absolute_url()
    except Http404:
        return moved_page(year, month, day, slug).get_absolute_url()


def article_feed(year, month, day, slug, kind="rss2"):
    found = find_article(year, month, day, slug)
    name = "comments:article_feed_atom" if FEEDS.get(kind) == "atom" else "comments:article_feed_rss"
    return reverse(name, kwargs={"pk": found.pk})


def feed(kind):
    if kind not in FEEDS:
        raise Http404
    return reverse(f"articles:feed_{FEEDS[kind]}")


def comments_feed(kind):
    if kind not in FEEDS:
        raise Http404
    return reverse(f"comments:feed_{FEEDS[kind]}")


def front_page(number):
    return _with_page(reverse("articles:home"), number)


def category(slugs):
    # /category/parent/child/ under WordPress; categories are flat here.
    path, kind = _split_feed(slugs)
    path, number = _split_page(path)
    slug = ascii_slug(path.rsplit("/", 1)[-1], 100, fallback_prefix="category")
    found = Category.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    if kind:
        return reverse(f"articles:category_feed_{kind}", kwargs={"slug": found.slug})
    return _with_page(found.get_absolute_url(), number)


def tag(slugs):
    path, kind = _split_feed(slugs)
    path, number = _split_page(path)
    found = Tag.objects.filter(slug=ascii_slug(path, 100, fallback_prefix="tag")).first()
    if found is None:
        raise Http404
    if kind:
        return reverse(f"articles:tag_feed_{kind}", kwargs={"slug": found.slug})
    return _with_page(found.get_absolute_url(), number)


def author(name, rest=""):
    """WordPress's author URLs use the "nicename" (the login made URL-safe:
    jane.doe → jane-doe); ours use the username."""
    wanted = _nicename(name)
    users = get_user_model().objects.filter(articles__wordpress_id__isnull=False).distinct()
    _, kind = _split_feed(f"author/{rest}")
    for user in users:
        if _nicename(user.get_username()) == wanted:
            name = f"articles:author_feed_{kind}" if kind else "articles:author"
            return reverse(name, kwargs={"username": user.get_username()})
    raise Http404


def _nicename(login):
    # WordPress's sanitize_title() turns dots into dashes before the rest.
    return slugify(login.replace(".", "-"))


def page(path):
    """WordPress pages live at /<slug>/ (or /<parent>/<slug>/), and posts
    there too under a /%postname%/ permalink; /<post>/feed/ is its comments feed."""
    path, kind = _split_feed(path)
    slugs = [ascii_slug(part, 200) for part in path.strip("/").split("/")]
    if not kind:
        found = Page.objects.published().at_path("/".join(slugs)) or _only(
            Page.objects.published().filter(wordpress_id__isnull=False, slug=slugs[-1])
        )
        if found is not None:
            return found.get_absolute_url()
    post = _only(Article.objects.published().filter(wordpress_id__isnull=False, slug=slugs[-1]))
    if post is None:
        # An attachment page: /<slug>/, or below the page it was uploaded to.
        if not kind and (target := attachment_page_target(path.strip("/").rsplit("/", 1)[-1])):
            return target
        raise Http404
    if kind:
        return reverse(f"comments:article_feed_{kind}", kwargs={"pk": post.pk})
    return post.get_absolute_url()


def _only(queryset):
    """The one row of ``queryset``, or None when there is none or more than one."""
    found = list(queryset[:2])
    return found[0] if len(found) == 1 else None


def moved_page(year, month, day, slug):
    """The page an earlier import had made an article of, by that article's
    date permalink (the page keeps the WordPress date and slug)."""
    named = _day(year, month, day)
    for candidate in Page.objects.published().filter(wordpress_id__isnull=False, slug=ascii_slug(slug, 100)):
        if abs((timezone.localtime(candidate.created_at).date() - named).days) <= 1:
            return candidate
    raise Http404


def find_article(year, month, day, slug):
    """The published article an old permalink names. The day may be off by
    one when the old site ran in another time zone than TIME_ZONE."""
    day_named = _day(year, month, day)
    candidates = Article.objects.published().filter(slug=ascii_slug(slug, 200))
    near = []
    for candidate in candidates:
        distance = abs((timezone.localtime(candidate.published_at).date() - day_named).days)
        if distance <= 1:
            near.append((distance, candidate.pk, candidate))
    if not near:
        raise Http404
    return min(near)[2]


def _day(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Http404 from None


def _split_feed(path):
    """"politics/feed/atom" → ("politics", "atom"): WordPress appends a feed to any archive's path."""
    parts = path.strip("/").split("/")
    if len(parts) >= 2 and parts[-1] == "feed":
        return "/".join(parts[:-1]), "rss"
    if len(parts) >= 3 and parts[-2] == "feed" and parts[-1] in FEEDS:
        return "/".join(parts[:-2]), FEEDS[parts[-1]]
    return path, None


def _split_page(path):
    """"politics/page/2" → ("politics", 2): WordPress paginates archives in the path."""
    parts = path.strip("/").split("/")
    if len(parts) >= 3 and parts[-2] == "page" and parse_id(parts[-1]) is not None:
        return "/".join(parts[:-2]), parse_id(parts[-1])
    return "/".join(parts), None


def _with_page(url, number):
    return url if not number or number == 1 else f"{url}?{urlencode({'page': number})}"
