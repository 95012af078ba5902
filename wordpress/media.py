"""WordPress attachments → articles.Image and articles.Document.

Files come from ``--media-dir``, a copy of the old site's wp-content/uploads,
matched by the path below wp-content/uploads/ in the attachment's URL.
Pictures enter through articles.images like any upload (checked, stripped of
EXIF, given renditions), PDFs and office files through articles.documents
(their content checked against their name); a missing or unreadable file is
reported, not fatal. The library also answers what a post's body needs:
where an old file or attachment page now lives, and which pictures a
``[gallery]`` shows (the ids it lists, or else the pictures attached to the
post in their menu order, as WordPress shows them)."""

import os
import re
from collections import defaultdict
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.html import strip_tags
from PIL import Image as PILImage

from articles import documents, images
from articles.galleries import gallery_html
from articles.models import Document, Image

from .content import gallery_ids, uploads_path

# photo-300x200.jpg is WordPress's 300-pixel copy of photo.jpg.
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
PICTURE_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp"}


def candidate_paths(path):
    """The attachment paths an uploads URL may stand for, most exact first.

    Posts link WordPress's resized copies (photo-300x200.jpg), and since
    WordPress 5.3 a large upload is served as photo-scaled.jpg while its
    copies keep the original stem: all of them mean one imported image."""
    path = path.lstrip("/")
    candidates = [path]
    base = _SIZE_SUFFIX.sub("", path)
    candidates.append(base)
    stem, extension = os.path.splitext(base)
    if not stem.endswith("-scaled"):
        candidates.append(f"{stem}-scaled{extension}")
    return list(dict.fromkeys(candidates))


def find_image(path):
    """The Image a /wp-content/uploads/<path> link stands for: an imported
    picture by its old path, or one of ours by its storage name (our own
    WordPress export gives those URLs)."""
    candidates = candidate_paths(path)
    found = {image.wordpress_path: image for image in Image.objects.filter(wordpress_path__in=candidates)}
    imported = next((found[candidate] for candidate in candidates if candidate in found), None)
    return imported or Image.objects.filter(file=path.lstrip("/")).first()


def find_document(path):
    """The Document a /wp-content/uploads/<path> link stands for: an imported
    one by its old path, or one of ours by its storage name (our export's URLs)."""
    path = path.lstrip("/")
    return Document.objects.filter(wordpress_path=path).first() or Document.objects.filter(file=path).first()


def attachment_target(wp_id):
    """Where the attachment WordPress numbered ``wp_id`` lives now, or None."""
    document = Document.objects.filter(wordpress_id=wp_id).first()
    if document is not None:
        return document.get_absolute_url()
    image = Image.objects.filter(wordpress_id=wp_id).exclude(file="").first()
    return image.file.url if image else None


def attachment_page_target(slug):
    """The document whose attachment page had ``slug``, or None (pictures' pages are their posts')."""
    document = Document.objects.filter(wordpress_slug=slug).first() if slug else None
    return document.get_absolute_url() if document else None


class MediaLibrary:
    """The attachments of one import, and where each one now lives."""

    def __init__(self, media_dir, *, dry_run):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.by_path = {}
        self.by_wp_id = {}
        self.existing = {}
        # Files stored by this run, removed again if the run is rolled back.
        self.written = []
        fields = ("pk", "wordpress_id", "wordpress_path", "file", "alt_text", "caption")
        for image in Image.objects.filter(wordpress_id__isnull=False).only(*fields):
            self.existing[image.wordpress_id] = image
            self._remember(image)
        self.documents = {}
        self.document_urls = {}
        for document in Document.objects.filter(wordpress_id__isnull=False):
            self.documents[document.wordpress_id] = document
            self._remember_document(document)
        # Attachment ids by the post they were uploaded to, with their menu order.
        self.children = defaultdict(list)
        # The old site's attachment pages (their <link>) and its host names.
        self.pages = {}
        self.hosts = set()

    def _remember(self, image):
        target = (image.file.url, image.pk)
        self.by_wp_id[image.wordpress_id] = target
        if image.wordpress_path:
            self.by_path[image.wordpress_path] = target

    def resolve(self, path, attachment_id=None):
        """``(url, image pk)`` of the imported image for an uploads path, or None."""
        if path in self.by_path:
            return self.by_path[path]
        if attachment_id in self.by_wp_id:
            return self.by_wp_id[attachment_id]
        for candidate in candidate_paths(path)[1:]:
            if candidate in self.by_path:
                return self.by_path[candidate]
        return None

    def _remember_document(self, document):
        target = (document.get_absolute_url(), None)
        if document.wordpress_path:
            self.by_path[document.wordpress_path] = target
        self.document_urls[document.wordpress_id] = target[0]

    def attachment_url(self, wp_id):
        """Where attachment ``wp_id`` lives now: its document, or its picture's file."""
        if wp_id in self.document_urls:
            return self.document_urls[wp_id]
        target = self.by_wp_id.get(wp_id)
        return target[0] if target else None

    def resolve_page(self, url):
        """The new address of an old attachment page link (``/?attachment_id=N``,
        ``/?p=N``, or the page's own permalink), or None for any other link."""
        parts = urlsplit(unescape(url or "").strip())
        if parts.netloc and parts.netloc.lower() not in self.hosts:
            return None
        query = parse_qs(parts.query)
        for key in ("attachment_id", "p"):
            value = (query.get(key) or [""])[0]
            if value.isdigit() and (target := self.attachment_url(int(value))):
                return target
        wp_id = self.pages.get(parts.path.rstrip("/") + "/") if parts.netloc and parts.path.strip("/") else None
        return self.attachment_url(wp_id) if wp_id else None

    def gallery_expander(self, post_id):
        """``expand_gallery`` for wordpress.content.convert, for the post ``post_id``."""

        def expand(attributes):
            ids = gallery_ids(attributes) or [wp_id for _order, wp_id in sorted(self.children.get(post_id, []))]
            pictures = [self.existing[wp_id] for wp_id in ids if wp_id in self.existing and self.existing[wp_id].file]
            if not pictures:
                return None
            return gallery_html((picture, picture.caption) for picture in pictures)

        return expand

    def image_pk(self, wp_id):
        target = self.by_wp_id.get(wp_id)
        return target[1] if target else None

    def import_attachment(self, item, wp_id, uploader, report):
        """Create or update the Image or Document for one attachment item; report what happened."""
        path = uploads_path(item.attachment_url)
        if path is None:
            report.skip("images", f"attachment {item.describe()}: its URL “{item.attachment_url}” is not below wp-content/uploads/")
            return
        self._note_page(item, wp_id)
        if os.path.splitext(path)[1].lower() in documents.EXTENSIONS:
            self._import_document(item, wp_id, path, uploader, report)
            return
        fields = {
            "alt_text": item.meta.get("_wp_attachment_image_alt", "").strip()[:300],
            "caption": strip_tags(item.excerpt or "").strip()[:500],
            "wordpress_path": path,
        }
        image = self.existing.get(wp_id)
        if image is not None:
            changed = {name: value for name, value in fields.items() if getattr(image, name) != value}
            if changed:
                Image.objects.filter(pk=image.pk).update(**changed)
                for name, value in changed.items():
                    setattr(image, name, value)
                self._remember(image)
            report.count("images", "updated" if changed else "unchanged")
            return
        if os.path.splitext(path)[1].lower() not in PICTURE_EXTENSIONS:
            report.skip("images", (
                f"attachment {item.describe()}: {path} is neither a picture (JPEG, PNG, GIF, WebP) "
                "nor a document (PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text)"
            ))
            return
        source = self._source_or_skip(item, path, "images", report)
        if source is None:
            return
        image = Image(wordpress_id=wp_id, uploaded_by=uploader, **fields)
        try:
            with open(source, "rb") as handle:
                upload = File(handle, name=os.path.basename(path))
                if self.dry_run:
                    self._pretend_store(image, upload, path)
                else:
                    images.save_upload(image, upload)
                    self.written.append(image.file.name)
                    self.written.extend(rendition.file.name for rendition in image.renditions.all())
        except ValidationError as error:
            report.skip("images", f"attachment {item.describe()}: {path}: {' '.join(error.messages)}")
            return
        self.existing[wp_id] = image
        self._remember(image)
        report.count("images", "created")

    def _note_page(self, item, wp_id):
        parent = (item.post_parent or "").strip()
        order = (item.menu_order or "").strip()
        if parent.isdigit() and parent != "0":
            self.children[int(parent)].append((int(order) if order.isdigit() else 0, wp_id))
        link = urlsplit((item.link or "").strip())
        if link.netloc:
            self.hosts.add(link.netloc.lower())
            if link.path.strip("/") and not link.query:
                self.pages[link.path.rstrip("/") + "/"] = wp_id

    def _import_document(self, item, wp_id, path, uploader, report):
        fields = {
            "title": unescape(item.title or "").strip()[:300] or os.path.basename(path),
            "wordpress_path": path,
            "wordpress_slug": (item.post_name or "").strip()[:200],
        }
        document = self.documents.get(wp_id)
        if document is not None:
            changed = {name: value for name, value in fields.items() if getattr(document, name) != value}
            if changed:
                Document.objects.filter(pk=document.pk).update(**changed)
                for name, value in changed.items():
                    setattr(document, name, value)
                self._remember_document(document)
            report.count("documents", "updated" if changed else "unchanged")
            return
        source = self._source_or_skip(item, path, "documents", report)
        if source is None:
            return
        document = Document(wordpress_id=wp_id, uploaded_by=uploader, **fields)
        try:
            with open(source, "rb") as handle:
                upload = File(handle, name=os.path.basename(path))
                if self.dry_run:
                    document.kind = documents.validate_document(upload)
                    document.file.name = f"documents/{path}"
                    document.save()
                else:
                    documents.store_document(document, upload)
                    self.written.append(document.file.name)
        except ValidationError as error:
            report.skip("documents", f"attachment {item.describe()}: {path}: {' '.join(error.messages)}")
            return
        self.documents[wp_id] = document
        self._remember_document(document)
        report.count("documents", "created")

    def discard_written(self):
        """Delete the files this run stored: their rows were rolled back."""
        storage = Image._meta.get_field("file").storage
        for name in self.written:
            storage.delete(name)
        self.written.clear()

    def _source_or_skip(self, item, path, kind, report):
        """The export's copy of ``path``, or None after reporting it missing."""
        source = self._source(path)
        if source is None:
            where = f"{self.media_dir}/{path}" if self.media_dir else f"{path} (no --media-dir given)"
            report.skip(kind, f"attachment {item.describe()}: file missing: {where}")
        return source

    def _source(self, path):
        if self.media_dir is None:
            return None
        source = (self.media_dir / path).resolve()
        # The path comes from the export: never let "../" read outside the copy.
        if not source.is_relative_to(self.media_dir) or not source.is_file():
            return None
        return source

    def _pretend_store(self, image, upload, path):
        """Dry run: check the picture as a real run would, store a row that the
        rollback removes, write no file."""
        images.validate_image(upload)
        with PILImage.open(upload) as picture:
            image.width, image.height = picture.size
        upload.seek(0)
        image.file.name = f"images/{path}"
        image.save()
