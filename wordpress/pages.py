"""WordPress pages → our pages (articles.models.Page): undated, outside the
home page and feeds, found at the path of their parents' slugs (/about/team/).

Pages are few, so the first read keeps them whole and they are written
before the posts, parents before children: by then every page's new
address is known, and links to the old ones can be rewritten in every body
(the pages' own included). Keyed on WordPress's id like everything else, so
a second import updates pages in place.

What our pages cannot hold is reported, never silently dropped: a page with
a password or marked private becomes a draft (our pages are public or
drafts), and comments on a page stay behind (our pages take none)."""

import re
from urllib.parse import urlsplit

from django.db import DatabaseError, transaction
from django.urls import Resolver404, resolve

from articles.models import Article, Page
from articles.slugs import ascii_slug
from comments.models import Comment

from .values import ItemError, optional_int, unescape, wp_datetime, wp_int

SLUG_LENGTH = Page._meta.get_field("slug").max_length
PAGE_FIELDS = ("title", "slug", "parent_id", "order", "status", "author_id", "created_at")
_HREF = re.compile(r"""(\shref\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


class PageImporter:
    """``body(item, where, report)`` converts a WordPress body as the posts'
    is converted; ``author(login)`` is the user a login became."""

    def __init__(self, *, body, author, report, zone, old_site):
        self.body = body
        self.author = author
        self.report = report
        self.zone = zone
        self.old_host = urlsplit(old_site or "").netloc.lower()
        self.links = {}
        self.written = {}  # WordPress id → (Page, item)

    def run(self, items):
        """Write the pages; return {old address: new path} for rewriting links."""
        by_id = {}
        for item in items:
            try:
                wp_id = wp_int(item.post_id, "page id")
            except ItemError as error:
                self.report.skip("pages", f"{item.describe()}: {error}")
                continue
            status = item.status.strip().lower()
            if status in ("trash", "auto-draft"):
                self.report["pages"].skipped += 1
                self.report.note(f"{item.describe()} not imported: it is {'in the WordPress trash' if status == 'trash' else 'an empty auto-draft'}.")
                continue
            by_id[wp_id] = item
        existing = {page.wordpress_id: page for page in Page.objects.filter(wordpress_id__in=by_id)}
        changed = set()
        for wp_id in _parents_first(by_id):
            if self._structure(wp_id, by_id[wp_id], existing.get(wp_id), by_id):
                changed.add(wp_id)
        for wp_id, (page, item) in self.written.items():
            for old in (item.link, item.guid, f"/?page_id={wp_id}", f"/?p={wp_id}"):
                if old and (key := self._key(old)):
                    self.links[key] = page.get_absolute_url()
        for wp_id, (page, item) in self.written.items():
            self._body(page, item, changed, created=wp_id not in existing)
        return self.links

    def _structure(self, wp_id, item, page, by_id):
        """Store everything but the body; True when something changed."""
        where = item.describe()
        try:
            values = self._values(wp_id, item, where, by_id)
            with transaction.atomic():
                values["slug"] = self._unique_slug(values["slug"], values["parent_id"], wp_id, where)
                if page is None:
                    page = Page.objects.create(wordpress_id=wp_id, body="", **values)
                    # created_at is set on creation whatever it is given: the old date goes in after.
                    Page.objects.filter(pk=page.pk).update(created_at=values["created_at"])
                    self._replace_article(wp_id, page)
                    self.written[wp_id] = (page, item)
                    return True
                changes = {name: value for name, value in values.items() if getattr(page, name) != value}
                if changes:
                    Page.objects.filter(pk=page.pk).update(**changes)
                    for name, value in changes.items():
                        setattr(page, name, value)
                self.written[wp_id] = (page, item)
                return bool(changes)
        except ItemError as error:
            self.report.skip("pages", f"{where}: {error}")
        except DatabaseError as error:
            self.report.skip("pages", f"{where}: the database refused it ({error})")
        return False

    def _values(self, wp_id, item, where, by_id):
        created_at, warning = wp_datetime(item.post_date_gmt, item.post_date, "post_date", self.zone)
        if warning:
            self.report.warn("pages", f"{where}: {warning}")
        title = unescape(item.title)[:300] or f"(no title) #{wp_id}"
        status = Page.Status.PUBLISHED if item.status.strip().lower() == "publish" else Page.Status.DRAFT
        if item.post_password:
            status = Page.Status.DRAFT
            self.report.warn(
                "pages", f"{where}: password-protected in WordPress; pages here have no password, so it is a draft. "
                "Publish it when its text may be public, or move the text into a password-protected article.",
            )
        elif item.status.strip().lower() not in ("publish", "draft"):
            self.report.warn("pages", f"{where}: “{item.status}” in WordPress; pages here are published or drafts, so it is a draft")
        if item.comments:
            self.report.warn(
                "pages", f"{where}: its {len(item.comments)} comment(s) were not imported, as pages here take no "
                "comments; keep the export if you need them",
            )
        return {
            "title": title,
            "slug": ascii_slug(item.post_name, SLUG_LENGTH) or ascii_slug(title, SLUG_LENGTH) or f"page-{wp_id}",
            "parent_id": self._parent(wp_id, item, where, by_id),
            "order": optional_int(item.menu_order) or 0,
            "status": status,
            # Our pages may have no author (theirs left the site); WordPress's always have one.
            "author_id": self.author(item.creator).pk if item.creator.strip() else None,
            "created_at": created_at,
        }

    def _parent(self, wp_id, item, where, by_id):
        """The written page this one goes under: its WordPress parent, or the
        nearest ancestor that keeps it within Page.MAX_DEPTH."""
        chain, parent_id = [], optional_int(item.post_parent)
        while parent_id and parent_id in by_id and parent_id not in chain and parent_id != wp_id:
            chain.append(parent_id)
            parent_id = optional_int(by_id[parent_id].post_parent)
        if optional_int(item.post_parent) and not chain:
            self.report.warn("pages", f"{where}: its parent page #{item.post_parent} is not in the export; it is a top-level page")
        # chain runs from the parent up; the page may sit at most MAX_DEPTH - 1 levels below the top.
        keep = chain[-(Page.MAX_DEPTH - 1):] if len(chain) >= Page.MAX_DEPTH else chain
        if len(keep) < len(chain):
            self.report.warn("pages", f"{where}: nested deeper than the {Page.MAX_DEPTH} levels pages have here; filed higher up")
        for ancestor in keep:
            if ancestor in self.written:
                return self.written[ancestor][0].pk
        return None

    def _unique_slug(self, base, parent_id, wp_id, where):
        """``base`` unless a sibling has it, or (at the top) a route of the site answers that path."""
        siblings = Page.objects.filter(parent_id=parent_id).exclude(wordpress_id=wp_id)
        taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken or (parent_id is None and _shadowed(slug)):
            number += 1
            suffix = f"-{number}"
            slug = base[: SLUG_LENGTH - len(suffix)] + suffix
        if slug != base:
            self.report.warn("pages", f"{where}: the address /{base}/ is taken here; the page is at /{slug}/")
        return slug

    def _replace_article(self, wp_id, page):
        """An import made before pages existed turned this page into an article:
        the page takes its place, and the article's address redirects to it
        (wordpress.legacy finds the page by the old permalink's slug and date)."""
        article = Article.objects.filter(wordpress_id=wp_id).first()
        if article is None:
            return
        comments = Comment.objects.for_article(article).count()
        if comments:
            self.report.warn(
                "pages", f"#{wp_id} “{page.title}”: an earlier import made it an article, which is kept as it has "
                f"{comments} comment(s); delete the article once they are not needed",
            )
            return
        old_url = article.get_absolute_url()
        article.delete()
        self.report.note(
            f"#{wp_id} “{page.title}” was imported as an article before; it is a page at "
            f"{page.get_absolute_url()} now, and {old_url} redirects there."
        )

    def _body(self, page, item, changed, created):
        where = item.describe()
        body = rewrite_links(self.body(item, where, self.report), self.links, self.old_host)
        body_changed = body != page.body
        if body_changed:
            Page.objects.filter(pk=page.pk).update(body=body)
            page.body = body
        if created:
            self.report.count("pages", "created")
        elif body_changed or page.wordpress_id in changed:
            self.report.count("pages", "updated")
        else:
            self.report.count("pages", "unchanged")

    def _key(self, url):
        return link_key(url, self.old_host)


def _parents_first(by_id):
    """WordPress ids ordered so every parent in the export comes before its children."""
    ordered, seen = [], set()

    def visit(wp_id, path=()):
        if wp_id in seen or wp_id in path:
            return
        parent = optional_int(by_id[wp_id].post_parent)
        if parent in by_id:
            visit(parent, (*path, wp_id))
        seen.add(wp_id)
        ordered.append(wp_id)

    for wp_id in sorted(by_id):
        visit(wp_id)
    return ordered


def _shadowed(slug):
    """True when another view of the site answers /<slug>/: a page there could never be reached."""
    try:
        return resolve(f"/{slug}/").url_name != "page"
    except Resolver404:
        return False


def link_key(url, old_host):
    """An old address as links compare: path and query on the old site, or None for another site."""
    parts = urlsplit(url.strip())
    if parts.netloc and parts.netloc.lower() != old_host:
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return path + (f"?{parts.query}" if parts.query else "")


def rewrite_links(html, links, old_host):
    """``html`` with links to old page addresses pointing at the pages here."""
    if not links:
        return html

    def replace(match):
        key = link_key(match.group(3), old_host)
        target = links.get(key) if key else None
        return f"{match.group(1)}{match.group(2)}{target}{match.group(2)}" if target else match.group(0)

    return _HREF.sub(replace, html)
