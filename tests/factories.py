"""Small factories shared by every test package: real rows, real image files.

Each takes keyword overrides for any model field and fills the rest with
plausible values, so a test states only what it is about."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage

from articles.models import Article, Category, Image, Rendition, Tag

_seq = itertools.count(1)

PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}


def make_user(**kw):
    """A user with a usable password (kw "password", default "pw-secret-123")."""
    n = next(_seq)
    password = kw.pop("password", "pw-secret-123")
    kw.setdefault("username", f"user{n}")
    kw.setdefault("email", f"{kw['username']}@example.org")
    kw.setdefault("first_name", "Test")
    kw.setdefault("last_name", f"Writer {n}")
    groups = kw.pop("groups", ())
    user = get_user_model().objects.create_user(password=password, **kw)
    if groups:
        user.groups.add(*groups)
    return user


def make_category(**kw):
    n = next(_seq)
    kw.setdefault("name", f"Category {n}")
    kw.setdefault("slug", slugify(kw["name"]))
    return Category.objects.create(**kw)


def make_tag(**kw):
    n = next(_seq)
    kw.setdefault("name", f"tag {n}")
    kw.setdefault("slug", slugify(kw["name"]))
    return Tag.objects.create(**kw)


def image_bytes(width=800, height=600, fmt="jpeg", color=(40, 90, 160)):
    """The encoded bytes of a real picture Pillow can open again."""
    buffer = io.BytesIO()
    mode = "P" if fmt == "gif" else "RGB"
    PILImage.new("RGB", (width, height), color).convert(mode).save(buffer, PILLOW_FORMATS[fmt])
    return buffer.getvalue()


def make_image(width=800, height=600, fmt="jpeg", renditions=(), **kw):
    """An Image row backed by a real file in MEDIA_ROOT.

    ``renditions`` is a list of widths: for each, a real resized file is stored
    in WebP and in the original format, as articles.images would make them.
    Tests of articles.images itself should call that module instead."""
    n = next(_seq)
    kw.setdefault("alt_text", f"Test picture {n}")
    image = Image(**kw)
    image.file.save(f"test-{n}.{EXTENSIONS[fmt]}", ContentFile(image_bytes(width, height, fmt)), save=False)
    # FieldFile.save measures the already-consumed upload and finds nothing.
    image.width, image.height = width, height
    image.save()
    for rendition_width in renditions:
        rendition_height = max(1, round(height * rendition_width / width))
        for rendition_fmt in dict.fromkeys(("webp", fmt)):
            rendition = Rendition(image=image, format=rendition_fmt)
            rendition.file.save(
                f"test-{n}-{rendition_width}.{EXTENSIONS[rendition_fmt]}",
                ContentFile(image_bytes(rendition_width, rendition_height, rendition_fmt)),
                save=False,
            )
            rendition.width, rendition.height = rendition_width, rendition_height
            rendition.save()
    return image


def make_article(**kw):
    """A published article dated a day ago unless told otherwise.

    Accepts ``categories`` and ``tags`` as lists of objects; ``author``
    defaults to a fresh user."""
    n = next(_seq)
    categories = kw.pop("categories", ())
    tags = kw.pop("tags", ())
    kw.setdefault("title", f"Test article number {n}")
    kw.setdefault("slug", slugify(kw["title"])[:200])
    kw.setdefault("body", f"<p>The body of test article {n}, with a few words to read.</p>")
    kw.setdefault("status", Article.Status.PUBLISHED)
    kw.setdefault("published_at", timezone.now() - timedelta(days=1))
    if "author" not in kw:
        kw["author"] = make_user()
    article = Article.objects.create(**kw)
    if categories:
        article.categories.add(*categories)
    if tags:
        article.tags.add(*tags)
    return article
