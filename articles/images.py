"""Pictures: checking an upload, storing a clean original, making renditions.

Every way a picture enters bluedomes (the admin's image form, the editor's
upload, the demo content, an import) goes through ``validate_image`` and
``save_upload``; ``make_renditions`` is an explicit call, not a signal, so
whoever stores a picture decides when the resizing work is done."""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

from .models import Image, Rendition
from .slugs import ascii_slug

# Pillow's format name → the name stored on Rendition.format.
ALLOWED_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp"}
PILLOW_NAMES = {name: pillow for pillow, name in ALLOWED_FORMATS.items()}
RENDITION_WIDTHS = (480, 960, 1600)
# What survives from a picture's metadata. EXIF (GPS position, camera serial),
# XMP and comments are dropped; colour profile and transparency are kept
# because without them the picture would look different.
KEPT_INFO = {"icc_profile", "transparency", "duration", "loop", "background", "dpi"}
SAVE_OPTIONS = {
    "jpeg": {"quality": 88, "optimize": True, "progressive": True},
    "png": {"optimize": False},
    "gif": {},
    "webp": {"quality": 82, "method": 4},
}


def max_bytes():
    return settings.BLUEDOMES_IMAGE_MAX_BYTES


def max_pixels():
    return settings.BLUEDOMES_IMAGE_MAX_PIXELS


def validate_image(file):
    """Raise ValidationError unless ``file`` is a picture we accept.

    Accepted means: within the byte cap, a JPEG, PNG, GIF or WebP that Pillow
    identifies, verifies and fully decodes, with no more pixels than the cap.
    The pixel count is read from the header before any decoding, so a small
    file claiming a gigantic canvas (a decompression bomb) is refused without
    allocating its memory. Returns the format name ("jpeg", "png", ...)."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes():
        raise ValidationError(
            _("This file is %(size)s; pictures may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        )
    try:
        with _open(file) as picture:
            pillow_format = picture.format
            width, height = picture.size
            if pillow_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("%(format)s pictures are not accepted: upload a JPEG, PNG, GIF or WebP file."),
                    code="format",
                    params={"format": pillow_format or _("This kind of")},
                )
            _check_pixels(width, height)
            _check_frames(picture, width, height)
            picture.verify()
        # verify() leaves the picture unusable; decoding it in full is the
        # only way to find a truncated or corrupt body.
        with _open(file) as picture:
            picture.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception:
        # Pillow reports unreadable data with many exception types (OSError,
        # SyntaxError, ValueError, struct.error...): all mean the same here.
        raise ValidationError(
            _("This file is not a picture we can read. Upload a JPEG, PNG, GIF or WebP image."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(0)
    return ALLOWED_FORMATS[pillow_format]


def _open(file):
    file.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; here the
        # warning is as final as the error.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        return PILImage.open(file)


def _check_pixels(width, height):
    if width * height > max_pixels():
        raise _too_many_pixels(width, height)


def _check_frames(picture, width, height):
    """Storing an animation decodes and re-encodes every frame, so the cap
    counts every frame's pixels. Counting frames reads only their headers."""
    frames = getattr(picture, "n_frames", 1)
    if frames > 1 and frames * width * height > max_pixels():
        limit = f"{max_pixels() / 1_000_000:g}"
        raise ValidationError(
            _(
                "This animation has %(frames)s frames of %(width)s×%(height)s pixels; all frames together "
                "may hold at most %(limit)s megapixels. Use fewer frames or a smaller picture."
            ),
            code="too_many_frames",
            params={"frames": frames, "width": width, "height": height, "limit": limit},
        )


def _too_many_pixels(width=None, height=None):
    limit = f"{max_pixels() / 1_000_000:g}"
    if width and height:
        return ValidationError(
            _("This picture is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels."),
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": limit},
        )
    return ValidationError(
        _("This picture has too many pixels; the limit is %(limit)s megapixels."),
        code="too_many_pixels",
        params={"limit": limit},
    )


def clean_original(file):
    """The upload re-encoded without location or other metadata.

    EXIF orientation is applied to the pixels first, so the picture still
    stands the right way up once the EXIF block is gone. Returns
    ``(ContentFile, width, height, format)``; the file's name has the
    extension of its real format."""
    fmt = validate_image(file)
    with _open(file) as picture:
        animated = getattr(picture, "is_animated", False)
        if animated:
            # exif_transpose would flatten the animation to one frame.
            clean = picture
        else:
            clean = ImageOps.exif_transpose(picture)
        clean.info = {key: value for key, value in clean.info.items() if key in KEPT_INFO}
        data = _encode(clean, fmt, save_all=animated)
        width, height = clean.size
    # Transliterated like slugs: "Көк күмбез.jpg" is stored as kok-kumbez.jpg, not picture.jpg.
    name = os.path.splitext(os.path.basename(file.name or ""))[0]
    stem = ascii_slug(name, 80, fallback_prefix="picture") or "picture"
    file.seek(0)
    return ContentFile(data, name=f"{stem}.{EXTENSIONS[fmt]}"), width, height, fmt


def _encode(picture, fmt, save_all=False):
    options = dict(SAVE_OPTIONS[fmt])
    if icc_profile := picture.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if save_all:
        options["save_all"] = True
    if fmt == "jpeg" and picture.mode not in ("RGB", "L", "CMYK"):
        picture = picture.convert("RGB")
    if fmt == "webp" and picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
    buffer = io.BytesIO()
    picture.save(buffer, PILLOW_NAMES[fmt], **options)
    return buffer.getvalue()


def _has_alpha(picture):
    return picture.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in picture.info


@transaction.atomic
def save_upload(image, file):
    """Store ``file`` as ``image``'s picture (clean original + renditions).

    ``image`` is a new or existing articles.Image; its other fields (alt
    text, caption, uploaded_by) are saved as they are. Raises
    ValidationError when the file is not an acceptable picture."""
    content, width, height, _fmt = clean_original(file)
    old_name = image.file.name if image.pk else None
    image.file.save(content.name, content, save=False)
    # ImageField measures the upload it was given, which is already read.
    image.width, image.height = width, height
    image.save()
    if old_name and old_name != image.file.name:
        transaction.on_commit(lambda: image.file.storage.delete(old_name))
    make_renditions(image)
    return image


def create_image(file, **fields):
    """A new articles.Image from an upload, with its renditions."""
    return save_upload(Image(**fields), file)


def rendition_widths(width):
    """The widths made for a picture ``width`` pixels wide.

    Each standard width smaller than the picture, plus the picture's own
    width (capped at the largest standard one), so even a small picture has
    a WebP rendition and nothing is ever enlarged."""
    return sorted({w for w in RENDITION_WIDTHS if w < width} | {min(width, RENDITION_WIDTHS[-1])})


@transaction.atomic
def make_renditions(image):
    """(Re)make ``image``'s renditions: each width in the original format and WebP.

    Animated pictures get none: resizing every frame costs more than it
    saves, and a still rendition would stop them moving. Pages fall back to
    the original when a picture has no renditions."""
    for old in list(image.renditions.all()):
        name = old.file.name
        old.delete()
        transaction.on_commit(lambda name=name: image.file.storage.delete(name))
    image.file.open("rb")
    try:
        with PILImage.open(image.file) as picture:
            fmt = ALLOWED_FORMATS[picture.format]
            if getattr(picture, "is_animated", False):
                return []
            source = ImageOps.exif_transpose(picture)
            source.info = {key: value for key, value in source.info.items() if key in KEPT_INFO}
            if source.mode in ("P", "1", "I;16", "I", "F") or (source.mode == "L" and _has_alpha(source)):
                source = source.convert("RGBA" if _has_alpha(source) else "RGB")
            stem = os.path.splitext(os.path.basename(image.file.name))[0]
            renditions = []
            for width in rendition_widths(source.width):
                height = max(1, round(source.height * width / source.width))
                resized = source if width == source.width else source.resize((width, height), PILImage.LANCZOS)
                for rendition_fmt in dict.fromkeys((fmt, "webp")):
                    renditions.append(_store_rendition(image, resized, rendition_fmt, stem, width, height))
            return renditions
    finally:
        image.file.close()


def _store_rendition(image, picture, fmt, stem, width, height):
    rendition = Rendition(image=image, format=fmt)
    rendition.file.save(f"{stem}-{width}w.{EXTENSIONS[fmt]}", ContentFile(_encode(picture, fmt)), save=False)
    rendition.width, rendition.height = width, height
    rendition.save()
    return rendition
