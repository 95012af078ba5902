"""The WordPress import: a WXR file (and a copy of wp-content/uploads) →
users, categories, tags, images, articles and comments.

The file is read twice, streaming both times. The first read checks that it
is a whole, well-formed export and keeps the small things every post refers
to (authors, terms, attachments); only then does the second read write, in
one transaction, so a broken file or a crash imports nothing.

New posts are written a hundred at a time, each table in one statement for
the lot: one statement per post per table made a PostgreSQL import twice
as slow as SQLite's, in round trips alone. If the database refuses
anything in such a run, the run is rolled back and written again one post
per savepoint, so one bad post is reported and skipped and the others land.

Everything is keyed on WordPress's ids (and authors on their login, terms
on their slug), so running the same file again updates what changed and
creates nothing twice.

Articles and comments are written with bulk_create/update, which send no
post_save: saving an imported article would otherwise ping every site the
old archive ever linked to (WordPress's own importer suppresses its pings
the same way), and comments must not reach the notification pipeline."""

import os
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django_comments_xtd.models import max_thread_level_for_content_type

from articles import page_cache
from articles.models import Article
from articles.richtext import ALLOWED_TAGS, derive_excerpt, plain_text, sanitize_body
from articles.slugs import ascii_slug
from comments import thread_cache

from . import timezones, wxr
from .articles import ArticleWriter
from .content import convert
from .discussion import CommentImporter
from .header import Directory
from .media import MediaLibrary
from .kept import kept_features, kept_lines
from .pages import PageImporter, rewrite_links
from .polylang import TranslationGroups, item_language
from .report import Report
from .scan import ARTICLE_TYPES, scan
from .values import ItemError, optional_int, unescape, wp_datetime, wp_int

STATUSES = {
    "publish": (Article.Status.PUBLISHED, False),
    "future": (Article.Status.SCHEDULED, False),
    "draft": (Article.Status.DRAFT, False),
    "pending": (Article.Status.DRAFT, False),
    # Published, for the people who may see private articles; not public.
    "private": (Article.Status.PUBLISHED, True),
}
# Markup our body allow-list removes whose loss a person should check:
# embeds and tables vanish, the rest only lose their formatting.
_LOSSY_TAGS = {
    "iframe", "video", "audio", "embed", "object", "table", "script", "style", "form", "svg", "canvas",
    "cite", "hr", "sup", "sub", "dl", "details",
}
_RENAMED_TAGS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
_RENAMED_RE = re.compile(r"<(/?)(b|i|h1|h5|h6)(\s[^>]*)?>", re.I)
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_EMPTY_FIGURE = re.compile(r"<figure>\s*</figure>")


# New posts written together; big enough that the statements per post
# vanish, small enough that a run held in memory stays small.
POSTS_PER_RUN = 100


class Skip(Exception):
    """An item deliberately left out (in the trash, an auto-draft)."""


@dataclass
class Post:
    """A post read and checked, with its own report, ready to be written."""

    item: wxr.Item
    values: dict
    category_ids: set
    tag_ids: set
    report: Report
    article: Article | None = None


class WordPressImporter:
    def __init__(self, path, *, media_dir=None, dry_run=False, progress=None):
        """``progress(stage, done, total)`` is told how far each stage is:
        "reading" (bytes of the file), "pictures" and "articles" (items)."""
        self.path = path
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.progress = progress or (lambda stage, done, total: None)
        self.report = Report()

    def run(self):
        """Import the file and return the Report. Raises wxr.WXRError (having
        written nothing) when the file is unusable."""
        size = os.path.getsize(self.path)
        found = scan(self.path, lambda done: self.progress("reading", done, size))
        self.progress("reading", size, size)
        self._note_scan(found)
        with transaction.atomic():
            self.media = MediaLibrary(self.media_dir, dry_run=self.dry_run)
            try:
                # Renewed once below, not per term or author saved.
                with page_cache.content_changes_held():
                    self._import(found)
            except BaseException:
                self.media.discard_written()
                raise
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                # Bulk writes send no post_save: retire the changed threads
                # and every stored page (articles.page_cache) in the same
                # transaction, once for the whole file rather than per post.
                thread_cache.bump_quietly(self.changed_threads)
                thread_cache.renew_version(page_cache.CONTENT_KEY)
        return self.report

    def _note_scan(self, found):
        version = found.channel.wxr_version
        if version not in wxr.SUPPORTED_VERSIONS:
            self.report.note(f"WXR version {version} is newer than the 1.0–1.2 this importer knows; read it as 1.2.")
        self.zone = self._note_time_zone(found.clock)
        for post_type, count in sorted(found.other_types.items()):
            self.report.note(f"{count} item(s) of type “{post_type}” not imported (only posts, pages and attachments are).")
        self.scan = found

    def _note_time_zone(self, clock):
        """Tell the editor the old site's time zone; return it for dates that have no GMT value."""
        candidates = clock.candidates()
        offsets = " and ".join(timezones.describe(offset) for offset in clock.offsets)
        if not candidates:
            if offsets:
                self.report.note(f"The old site's clock ran at {offsets}, which no one time zone explains.")
            return None
        if candidates[0] == settings.TIME_ZONE:
            self.report.note(f"The old site's times ({offsets}) match this site's TIME_ZONE={settings.TIME_ZONE}.")
        else:
            self.report.note(
                f"The old site's times were {offsets}: its time zone is {' or '.join(candidates)}. This site shows "
                f"times in TIME_ZONE={settings.TIME_ZONE}; set TIME_ZONE={candidates[0]} in its environment to show "
                "them as the old site did. Old date links keep working either way."
            )
        return zoneinfo.ZoneInfo(candidates[0])

    def _import(self, found):
        self.directory = Directory(self.report)
        for author in found.authors:
            self.directory.author(author)
        self.directory.terms(found.terms)
        content_type = ContentType.objects.get_for_model(Article)
        self.comments = CommentImporter(
            users_by_wp_id=self.directory.users_by_wp_id,
            content_type=content_type,
            max_level=max_thread_level_for_content_type(content_type),
            zone=self.zone,
        )
        for done, item in enumerate(found.attachments, 1):
            self._attachment(item)
            self.progress("pictures", done, len(found.attachments))
        if found.attachments and not self.media_dir:
            self.report.note("No --media-dir was given, so no attachment files were imported.")
        self.old_host, self.page_links = "", {}
        pages = PageImporter(
            body=self._body, author=self.directory.user_for_login, report=self.report, zone=self.zone,
            old_site=found.channel.base_site_url or found.channel.link,
        )
        self.page_links, self.old_host = pages.run(found.pages), pages.old_host
        self.articles = ArticleWriter()
        self.translations = TranslationGroups()
        self.kept = Counter()
        self.changed_threads = set()
        done, run = 0, []
        self.progress("articles", done, found.article_items)
        for record in wxr.read(self.path):
            if isinstance(record, wxr.Item) and record.post_type in ARTICLE_TYPES:
                run.append(record)
                if len(run) == POSTS_PER_RUN:
                    self._items(run)
                    done += len(run)
                    self.progress("articles", done, found.article_items)
                    run = []
        self._items(run)
        self.progress("articles", done + len(run), found.article_items)
        self.translations.link()
        for line in kept_lines(self.kept, pages.written):
            self.report.note(line)
        if self.comments.deepest > self.comments.max_level:
            # Levels count from 0 (top-level comments); the setting counts the levels shown.
            needed, shown = self.comments.deepest + 1, self.comments.max_level + 1
            self.report.note(
                f"The export has comments nested {needed} levels deep; this site shows {shown} "
                f"(COMMENTS_THREAD_DEPTH). Set COMMENTS_THREAD_DEPTH={needed} in the site's environment and import "
                "the same file again: each reply then goes back under the comment it answered."
            )
        _refresh_statistics()

    def _attachment(self, item):
        try:
            wp_id = wp_int(item.post_id, "attachment id")
            uploader = self.directory.user_for_login(item.creator) if item.creator.strip() else None
            with transaction.atomic():
                self.media.import_attachment(item, wp_id, uploader, self.report)
        except ItemError as error:
            self.report.skip("images", f"attachment {item.describe()}: {error}")
        except DatabaseError as error:
            self.report.skip("images", f"attachment {item.describe()}: the database refused it ({error})")

    # --- posts and pages ---------------------------------------------------

    def _items(self, items):
        """Write a run of posts: those stored by an earlier import one by one
        (each is compared with its row), the new ones together."""
        new = []
        for item in items:
            post = self._read_post(item)
            if post is None:
                continue
            if self.articles.is_stored(post):
                self._write_one(post)
            else:
                new.append(post)
        if not new:
            return
        try:
            with transaction.atomic():
                self.articles.create(new)
                self.comments.run_on_new_articles(
                    [(post.article, post.item.comments, post.report, post.item.describe()) for post in new]
                )
        except DatabaseError:
            self.articles.forget(new)
            for post in new:
                if (again := self._read_post(post.item)) is not None:
                    self._write_one(again)
            return
        for post in new:
            self._finish(post, thread_changed=True)

    def _read_post(self, item):
        """The item as a Post, or None when it is skipped (and reported)."""
        report = Report()
        try:
            values = self._article_values(item, report)
            # Authors and terms are shared by many posts: they are created
            # outside the posts' savepoints, so a later rollback of a post
            # cannot take away rows other posts already point to.
            values["author_id"] = self.directory.user_for_login(item.creator).pk
            category_ids, tag_ids = self.directory.item_terms(item)
        except Skip as reason:
            self.report["articles"].skipped += 1
            self.report.note(f"{item.describe()} not imported: {reason}.")
            return None
        except ItemError as error:
            self.report.skip("articles", f"{item.describe()}: {error}")
            return None
        return Post(item, values, category_ids, tag_ids, report)

    def _write_one(self, post):
        """Write one post in a savepoint of its own."""
        item = post.item
        try:
            with transaction.atomic():
                created = self.articles.store(post)
                moved = self.comments.run(post.article, item.comments, post.report, article_is_new=created, where=item.describe())
        except DatabaseError as error:
            self.articles.forget([post])
            self.report.skip("articles", f"{item.describe()}: the database refused it ({error})")
            return
        self.articles.stored(post.article)
        changed = moved or any(post.report[kind].created or post.report[kind].updated for kind in ("articles", "comments"))
        self._finish(post, thread_changed=changed)

    def _finish(self, post, *, thread_changed):
        if thread_changed:
            # Bulk writes send no post_save, so the signal that retires
            # an article's cached comment thread never fires.
            self.changed_threads.add(post.article.pk)
        self.report.merge(post.report)
        self.kept.update(kept_features(post.item, post.article))
        self.translations.add(post.item, post.article.pk)

    def _article_values(self, item, report):
        """The article's fields from the item, or Skip/ItemError. Writes nothing."""
        wp_id = wp_int(item.post_id, "post id")
        wp_status = item.status.strip().lower()
        if wp_status == "trash":
            raise Skip("it is in the WordPress trash")
        if wp_status == "auto-draft":
            raise Skip("it is an empty auto-draft")
        where = item.describe()
        status, is_private = STATUSES.get(wp_status, (None, False))
        if wp_status == "pending":
            report.warn("articles", f"{where}: pending review in WordPress; imported as a draft for an editor to publish")
        if status is None:
            status = Article.Status.DRAFT
            report.warn("articles", f"{where}: unknown status “{item.status}”, imported as a draft")
        if item.meta.get(wxr.PRIVATE_META) == "1":
            is_private = True
        password = item.post_password
        if len(password) > Article._meta.get_field("password").max_length:
            # Shortened, it would be another password: the text stays hidden instead.
            password, is_private = "", True
            report.warn("articles", f"{where}: its password is longer than this site keeps; imported as private")
        published_at, warning = wp_datetime(item.post_date_gmt, item.post_date, "post_date", self.zone)
        if warning:
            report.warn("articles", f"{where}: {warning}")
        if not item.creator.strip():
            raise ItemError("it has no author (dc:creator)")
        title = unescape(item.title)[:300]
        if not title:
            title = f"(no title) #{wp_id}"
            report.warn("articles", f"{where}: no title; called “{title}”")
        body = self._body(item, where, report)
        return {
            "wordpress_id": wp_id,
            "title": title,
            "slug": ascii_slug(item.post_name, 200) or ascii_slug(title, 200) or f"post-{wp_id}",
            "body": body,
            "excerpt": plain_text(item.excerpt) or derive_excerpt(body),
            "status": status,
            "published_at": published_at,
            "allow_comments": item.comment_status.strip() == "open",
            "allow_pingbacks": item.ping_status.strip() == "open",
            "is_private": is_private,
            "password": password,
            "sticky": item.post_type == "post" and item.is_sticky.strip() == "1",
            "featured_image_id": self.media.image_pk(optional_int(item.meta.get("_thumbnail_id"))),
            "language": item_language(item),
        }

    def _body(self, item, where, report):
        conversion = convert(
            item.content, resolve_image=self.media.resolve, resolve_page=self.media.resolve_page,
            expand_gallery=self.media.gallery_expander(wp_int(item.post_id, "post id")),
        )
        for name in conversion.shortcodes:
            report.shortcodes[name][where] += conversion.shortcodes[name]
        if conversion.unresolved_uploads:
            files = ", ".join(dict.fromkeys(conversion.unresolved_uploads))
            report.warn("articles", f"{where}: links files that were not imported: {files}")
        html = _RENAMED_RE.sub(lambda m: f"<{m.group(1)}{_RENAMED_TAGS[m.group(2).lower()]}{m.group(3) or ''}>", conversion.body)
        for tag in {name.lower() for name in _TAG_NAME.findall(html)} & _LOSSY_TAGS - ALLOWED_TAGS:
            report.dropped_markup[tag][where] += 1
        # An embed inside a figure leaves the figure empty once the iframe is gone.
        body = _EMPTY_FIGURE.sub("", sanitize_body(html)).strip()
        return rewrite_links(body, self.page_links, self.old_host)


def _refresh_statistics():
    """A bulk load leaves the query planner's statistics stale: SQLite then
    looks up an article's comments through the content-type index, which
    every comment shares, and a re-import (or a page) scans them all."""
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
