"""WordPress attachments → articles.Image.

Files come from ``--media-dir``, a copy of the old site's wp-content/uploads,
matched by the path below wp-content/uploads/ in the attachment's URL. They
enter through articles.images like any upload (checked, stripped of EXIF,
given renditions); a missing or unreadable file is reported, not fatal."""

import os
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.html import strip_tags
from PIL import Image as PILImage

from articles import images
from articles.models import Image

from .content import uploads_path

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

    def image_pk(self, wp_id):
        target = self.by_wp_id.get(wp_id)
        return target[1] if target else None

    def import_attachment(self, item, wp_id, uploader, report):
        """Create or update the Image for one attachment item; report what happened."""
        path = uploads_path(item.attachment_url)
        if path is None:
            report.skip("images", f"attachment {item.describe()}: its URL “{item.attachment_url}” is not below wp-content/uploads/")
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
            report.skip("images", f"attachment {item.describe()}: {path} is not a picture (bluedomes keeps JPEG, PNG, GIF and WebP)")
            return
        source = self._source(path)
        if source is None:
            where = f"{self.media_dir}/{path}" if self.media_dir else f"{path} (no --media-dir given)"
            report.skip("images", f"attachment {item.describe()}: file missing: {where}")
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

    def discard_written(self):
        """Delete the files this run stored: their rows were rolled back."""
        storage = Image._meta.get_field("file").storage
        for name in self.written:
            storage.delete(name)
        self.written.clear()

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
