"""The whole site → a WordPress export (WXR 1.2), the file Tools → Export
writes: what WordPress's importer reads, and what ``import_wordpress`` reads
back into a fresh bluedomes with nothing changed.

Ids: what came from WordPress keeps its WordPress id, so the export of an
imported site names everything as the old site did; what was made here gets
the next ids above every WordPress id (posts and attachments share one
sequence in WordPress). Bodies are written as one Classic block: WordPress
shows a block's HTML as it is, and our own import then skips wpautop, so
the HTML that comes back is the HTML that left. Pictures are attachments
whose URLs sit below ``/wp-content/uploads/`` on this site (which answers
them), and ``copy_media`` lays their files out as that folder, for
``import_wordpress --media-dir``; documents (PDFs, office files) are
attachments the same way, and links to them in bodies point there too.
Galleries leave as they are stored, figures of class "gallery": WordPress
shows them as a column of captioned pictures, our import as a gallery.

The file is written as it is read, one article and its comments at a time."""

import html
import re
import shutil
from datetime import UTC
from itertools import count
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.utils import timezone

from articles.models import Article, Category, Document, Image, Page, Tag
from articles.richtext import more_as_comment
from bluedomes.site import absolute_url
from comments.models import Comment

from . import wxr
from .content import UPLOADS_MARKER

WXR_VERSION = "1.2"
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
POST_STATUS = {
    Article.Status.DRAFT: "draft", Article.Status.SCHEDULED: "future", Article.Status.PUBLISHED: "publish",
}
COMMENT_APPROVED = {
    Comment.Status.APPROVED: "1", Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam", Comment.Status.TRASH: "trash",
}
COMMENT_TYPE = {Comment.Type.COMMENT: "comment"}
AKISMET_RESULT = {Comment.Verdict.SPAM: "true", Comment.Verdict.DISCARD: "true", Comment.Verdict.HAM: "false"}
CLASSIC_BLOCK = "<!-- wp:freeform -->{}<!-- /wp:freeform -->"
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\ssrc="([^"]*)"')
# Our pictures' ids mean nothing to WordPress, and the importing site gives its own.
_DATA_FILE = re.compile(r'\sdata-file="(\d+)"')
_DOCUMENT_HREF = re.compile(r'href="(/documents/(\d+)/[^"]*)"')
ZERO_DATE = "0000-00-00 00:00:00"


def cdata(text):
    """``text`` as CDATA sections; "]]>" inside it is split across two, as WordPress does."""
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def element(name, value):
    return f"<{name}>{escape(str(value))}</{name}>"


def wrapped(name, text):
    """An element whose text is CDATA, as WordPress writes names and HTML."""
    return f"<{name}>{cdata(text)}</{name}>"


def entities(text):
    """Plain text (a title, a name) as WordPress stores it: HTML, with ``&``
    and ``<`` as entities; the import decodes them again."""
    return html.escape(text or "", quote=False)


def wp_dates(moment):
    """WordPress's local and GMT date strings for an aware datetime."""
    if moment is None:
        return ZERO_DATE, ZERO_DATE
    local = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    return local, moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def upload_path(image):
    """The file's path below wp-content/uploads/: WordPress's own for an
    imported picture, our storage name for one uploaded here."""
    return image.wordpress_path or image.file.name


class Ids:
    """WordPress ids for articles, pictures, comments and users."""

    def __init__(self):
        used = [
            Article.objects.aggregate(top=Max("wordpress_id"))["top"] or 0,
            Image.objects.aggregate(top=Max("wordpress_id"))["top"] or 0,
            Document.objects.aggregate(top=Max("wordpress_id"))["top"] or 0,
            Page.objects.aggregate(top=Max("wordpress_id"))["top"] or 0,
        ]
        self._next_post = count(max(used) + 1)
        self._next_comment = count((Comment.objects.aggregate(top=Max("wordpress_id"))["top"] or 0) + 1)
        self.images = {}
        self.documents = {}
        self.articles = {}
        self.pages = {}
        self.comments = {}

    def post(self, obj, mapping):
        if obj.pk not in mapping:
            mapping[obj.pk] = obj.wordpress_id or next(self._next_post)
        return mapping[obj.pk]

    def comment(self, comment):
        if comment.pk not in self.comments:
            self.comments[comment.pk] = comment.wordpress_id or next(self._next_comment)
        return self.comments[comment.pk]


class Exporter:
    def __init__(self, stream):
        self.stream = stream
        self.ids = Ids()
        self.media_prefix = settings.MEDIA_URL
        self.uploads_url = absolute_url(UPLOADS_MARKER.rstrip("/")) + "/"

    def write(self, *parts):
        self.stream.write("".join(parts))

    def run(self):
        # Pictures first: an article's featured image and body refer to their ids.
        images = list(Image.objects.select_related("uploaded_by").order_by("pk"))
        for image in images:
            self.ids.post(image, self.ids.images)
        self.images_by_url = {image.file.url: image for image in images if image.file}
        self.images_by_pk = {image.pk: image for image in images}
        documents = list(Document.objects.select_related("uploaded_by").order_by("pk"))
        for document in documents:
            self.ids.post(document, self.ids.documents)
        self.documents_by_pk = {document.pk: document for document in documents}
        self._header()
        for image in images:
            self._attachment(image)
        for document in documents:
            self._document(document)
        articles = Article.objects.select_related("author").prefetch_related("categories", "tags").order_by("pk")
        for article in articles.iterator(chunk_size=200):
            self._article(article)
        pages = list(Page.objects.select_related("author").order_by("pk"))
        for page in pages:
            self.ids.post(page, self.ids.pages)
        for page in pages:
            self._page(page)
        self.write("</channel>\n</rss>\n")

    def _header(self):
        namespaces = " ".join(f"xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in NAMESPACES.items())
        site = settings.SITE_URL
        self.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n',
            "<!-- generator: bluedomes export_wordpress -->\n",
            f'<rss version="2.0" {namespaces}>\n<channel>\n',
            element("title", settings.SITE_NAME), "\n",
            element("link", site), "\n",
            element("description", settings.SITE_TAGLINE), "\n",
            element("pubDate", timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")), "\n",
            element("language", settings.LANGUAGE_CODE), "\n",
            element("wp:wxr_version", WXR_VERSION), "\n",
            element("wp:base_site_url", site), "\n",
            element("wp:base_blog_url", site), "\n",
        )
        self._authors()
        for number, category in enumerate(Category.objects.order_by("pk"), 1):
            self.write(
                "<wp:category>", element("wp:term_id", number), element("wp:category_nicename", category.slug),
                element("wp:category_parent", ""), wrapped("wp:cat_name", entities(category.name)),
                wrapped("wp:category_description", entities(category.description)), "</wp:category>\n",
            )
        for number, tag in enumerate(Tag.objects.order_by("pk"), 1):
            self.write(
                "<wp:tag>", element("wp:term_id", number), element("wp:tag_slug", tag.slug),
                wrapped("wp:tag_name", entities(tag.name)), "</wp:tag>\n",
            )

    def _authors(self):
        uploaders = Image.objects.exclude(uploaded_by=None).values("uploaded_by")
        document_uploaders = Document.objects.exclude(uploaded_by=None).values("uploaded_by")
        page_authors = Page.objects.exclude(author=None).values("author")
        writers = (
            get_user_model().objects.filter(
                Q(articles__isnull=False) | Q(pk__in=uploaders) | Q(pk__in=document_uploaders)
                | Q(pk__in=page_authors)
            ).distinct().order_by("pk")
        )
        for user in writers:
            self.write(
                "<wp:author>", element("wp:author_id", user.pk), wrapped("wp:author_login", user.get_username()),
                wrapped("wp:author_email", user.email),
                wrapped("wp:author_display_name", entities(user.get_full_name() or user.get_username())),
                wrapped("wp:author_first_name", entities(user.first_name)),
                wrapped("wp:author_last_name", entities(user.last_name)), "</wp:author>\n",
            )

    def _attachment(self, image):
        wp_id = self.ids.images[image.pk]
        url = self.uploads_url + upload_path(image)
        local, gmt = wp_dates(image.created_at)
        self.write(
            "<item>", element("title", image.alt_text or Path(image.file.name).stem), element("link", url),
            wrapped("dc:creator", image.uploaded_by.get_username() if image.uploaded_by else ""),
            element("guid", url).replace("<guid>", '<guid isPermaLink="false">'),
            wrapped("content:encoded", ""), wrapped("excerpt:encoded", image.caption),
            element("wp:post_id", wp_id), element("wp:post_date", local), element("wp:post_date_gmt", gmt),
            element("wp:comment_status", "closed"), element("wp:ping_status", "closed"),
            element("wp:post_name", Path(image.file.name).stem), element("wp:status", "inherit"),
            element("wp:post_parent", 0), element("wp:post_type", "attachment"), element("wp:post_password", ""),
            element("wp:attachment_url", url),
            self._meta("_wp_attached_file", upload_path(image)), self._meta("_wp_attachment_image_alt", image.alt_text),
            "</item>\n",
        )

    def _document(self, document):
        url = self.uploads_url + upload_path(document)
        local, gmt = wp_dates(document.created_at)
        self.write(
            "<item>", wrapped("title", document.title), element("link", url),
            wrapped("dc:creator", document.uploaded_by.get_username() if document.uploaded_by else ""),
            element("guid", url).replace("<guid>", '<guid isPermaLink="false">'),
            wrapped("content:encoded", ""), wrapped("excerpt:encoded", ""),
            element("wp:post_id", self.ids.documents[document.pk]), element("wp:post_date", local),
            element("wp:post_date_gmt", gmt), element("wp:comment_status", "closed"),
            element("wp:ping_status", "closed"),
            element("wp:post_name", document.wordpress_slug or Path(document.file.name).stem),
            element("wp:status", "inherit"), element("wp:post_parent", 0), element("wp:post_type", "attachment"),
            element("wp:post_password", ""), element("wp:attachment_url", url),
            self._meta("_wp_attached_file", upload_path(document)), "</item>\n",
        )

    def _meta(self, key, value):
        return f"<wp:postmeta>{element('wp:meta_key', key)}{wrapped('wp:meta_value', value)}</wp:postmeta>"

    def _body(self, article):
        """The body with our pictures' URLs pointing into the uploads folder,
        each tagged with its attachment's wp-image-N class as WordPress tags them."""

        def rewrite(match):
            tag = match.group(0)
            data_file, src = _DATA_FILE.search(tag), _SRC.search(tag)
            # The editor's pictures name their image; the src may be one of its renditions.
            image = self.images_by_pk.get(int(data_file.group(1))) if data_file else None
            image = image or (self.images_by_url.get(src.group(1)) if src else None)
            tag = _DATA_FILE.sub("", tag)
            if image is None or src is None:
                return tag
            url = self.uploads_url + upload_path(image)
            return tag.replace(src.group(0), f' src="{url}" class="wp-image-{self.ids.images[image.pk]}"', 1)

        def rewrite_document(match):
            document = self.documents_by_pk.get(int(match.group(2)))
            if document is None or match.group(1) != document.get_absolute_url():
                return match.group(0)
            return f'href="{self.uploads_url}{upload_path(document)}"'

        body = more_as_comment(_DOCUMENT_HREF.sub(rewrite_document, _IMG_TAG.sub(rewrite, article.body)))
        return CLASSIC_BLOCK.format(body) if body else ""

    def _article(self, article):
        wp_id = self.ids.post(article, self.ids.articles)
        local, gmt = wp_dates(article.published_at)
        if article.status == Article.Status.DRAFT:
            # WordPress leaves a draft's GMT date empty: its date is not fixed yet.
            gmt = ZERO_DATE
        status = POST_STATUS[article.status]
        if article.is_private and status != "draft":
            status = "private"
        if status in ("future", "publish"):
            # Our status and the date together say whether it is out yet; WordPress's status alone.
            status = "future" if article.published_at > timezone.now() else "publish"
        link = article.get_full_url()
        self.write(
            "<item>", wrapped("title", entities(article.title)), element("link", link),
            wrapped("dc:creator", article.author.get_username()),
            element("guid", link).replace("<guid>", '<guid isPermaLink="false">'), element("description", ""),
            wrapped("content:encoded", self._body(article)),
            wrapped("excerpt:encoded", article.excerpt),
            element("wp:post_id", wp_id), element("wp:post_date", local), element("wp:post_date_gmt", gmt),
            element("wp:comment_status", "open" if article.allow_comments else "closed"),
            element("wp:ping_status", "open" if article.allow_pingbacks else "closed"),
            element("wp:post_name", article.slug), element("wp:status", status), element("wp:post_parent", 0),
            element("wp:menu_order", 0), element("wp:post_type", "post"), wrapped("wp:post_password", article.password),
            element("wp:is_sticky", int(article.sticky)),
        )
        for category in article.categories.all():
            self.write(_term("category", category))
        for tag in article.tags.all():
            self.write(_term("post_tag", tag))
        if article.is_private and status == "draft":
            # WordPress has no private draft; the meta keeps ours one when it comes back.
            self.write(self._meta(wxr.PRIVATE_META, "1"))
        if article.featured_image_id in self.ids.images:
            self.write(self._meta("_thumbnail_id", str(self.ids.images[article.featured_image_id])))
        # Parents before their replies, so each reply can name its parent's id.
        for comment in Comment.objects.for_article(article).order_by("thread_id", "order"):
            self._comment(comment)
        self.write("</item>\n")

    def _page(self, page):
        local, gmt = wp_dates(page.created_at)
        status = "publish" if page.status == Page.Status.PUBLISHED else "draft"
        link = page.get_full_url()
        self.write(
            "<item>", wrapped("title", entities(page.title)), element("link", link),
            wrapped("dc:creator", page.author.get_username() if page.author else ""),
            element("guid", link).replace("<guid>", '<guid isPermaLink="false">'), element("description", ""),
            wrapped("content:encoded", self._body(page)), wrapped("excerpt:encoded", ""),
            element("wp:post_id", self.ids.pages[page.pk]), element("wp:post_date", local), element("wp:post_date_gmt", gmt),
            element("wp:comment_status", "closed"), element("wp:ping_status", "closed"),
            element("wp:post_name", page.slug), element("wp:status", status),
            element("wp:post_parent", self.ids.pages.get(page.parent_id, 0)), element("wp:menu_order", page.order),
            element("wp:post_type", "page"), wrapped("wp:post_password", ""), element("wp:is_sticky", 0),
            "</item>\n",
        )

    def _comment(self, comment):
        local, gmt = wp_dates(comment.submit_date)
        parent = self.ids.comments.get(comment.parent_id, 0) if comment.parent_id != comment.pk else 0
        self.write(
            "<wp:comment>", element("wp:comment_id", self.ids.comment(comment)),
            wrapped("wp:comment_author", entities(comment.user_name)),
            wrapped("wp:comment_author_email", comment.user_email),
            element("wp:comment_author_url", comment.source_url or comment.user_url),
            element("wp:comment_author_IP", comment.ip_address or ""),
            element("wp:comment_date", local), element("wp:comment_date_gmt", gmt),
            wrapped("wp:comment_content", comment.comment),
            element("wp:comment_approved", COMMENT_APPROVED[comment.status]),
            element("wp:comment_type", COMMENT_TYPE.get(comment.type, comment.type)),
            element("wp:comment_parent", parent), element("wp:comment_user_id", comment.user_id or 0),
        )
        if comment.akismet_verdict in AKISMET_RESULT:
            self.write(
                "<wp:commentmeta>", element("wp:meta_key", "akismet_result"),
                wrapped("wp:meta_value", AKISMET_RESULT[comment.akismet_verdict]), "</wp:commentmeta>",
            )
        self.write("</wp:comment>\n")


def _term(domain, term):
    return f'<category domain="{domain}" nicename={quoteattr(term.slug)}>{cdata(entities(term.name))}</category>'


def export(stream):
    """Write the whole site to ``stream`` (text) as WXR 1.2."""
    Exporter(stream).run()


def copy_media(target):
    """Copy every picture's original file and every document to ``target``/<its upload path>, a
    folder ``import_wordpress --media-dir`` reads. Returns how many."""
    target = Path(target)
    copied = 0
    files = [*Image.objects.exclude(file="").order_by("pk"), *Document.objects.exclude(file="").order_by("pk")]
    for item in files:
        destination = target / upload_path(item)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with item.file.open("rb") as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out)
        copied += 1
    return copied
