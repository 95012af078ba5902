"""Template helpers of the public theme: responsive images (featured and in
the body), absolute URLs, pagination links that keep the query string."""

import html
import re
from pathlib import PurePosixPath

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from bluedomes.site import absolute_url

from ..embeds import render_embeds
from ..galleries import GALLERY_IMAGE_SIZES, wrap_galleries
from ..languages import language_name
from ..models import Image
from ..richtext import without_more_marker

register = template.Library()


@register.filter
def language_menu_name(code):
    """A language code as its speakers name it in a menu ("kk" → "Қазақша")."""
    return language_name(code)

FORMATS_BY_EXTENSION = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp"}
# Large enough for every social network's card, small enough to fetch quickly.
SHARE_IMAGE_WIDTH = 1200


def original_format(image):
    return FORMATS_BY_EXTENSION.get(PurePosixPath(image.file.name).suffix.lower(), "")


def _candidates(image, fmt):
    """(url, width) pairs in one format, smallest first, the original last when it is wider."""
    # .all() and a Python filter, not .filter(): the renditions are prefetched.
    renditions = sorted((r for r in image.renditions.all() if r.format == fmt), key=lambda r: r.width)
    candidates = [(r.file.url, r.width) for r in renditions]
    if original_format(image) == fmt and image.width and (not candidates or image.width > candidates[-1][1]):
        candidates.append((image.file.url, image.width))
    return candidates


def _srcset(candidates):
    return format_html_join(", ", "{} {}w", candidates)


@register.simple_tag
def responsive_image(image, sizes="100vw", loading="lazy", css_class="", alt=None):
    """<picture> with a WebP <source> and an <img> in the original format, both with srcset.

    Usage: {% responsive_image article.featured_image sizes="(min-width: 48rem) 46rem, 100vw" %}
    Needs ``image.renditions`` prefetched to stay one query per page, not one per image."""
    if not image or not image.file:
        return ""
    fallback = _candidates(image, original_format(image))
    img = format_html(
        '<img src="{}"{} sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}>',
        image.file.url,
        format_html(' srcset="{}"', _srcset(fallback)) if fallback else "",
        sizes,
        image.width,
        image.height,
        image.alt_text if alt is None else alt,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )
    webp = _candidates(image, "webp")
    if not webp or original_format(image) == "webp":
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>', _srcset(webp), sizes, img
    )


# The body is sanitised by articles.richtext, whose serialiser writes every
# attribute as name="value" with quotes escaped, so these patterns are exact.
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
BODY_IMAGE_SIZES = "(min-width: 50rem) 46rem, 100vw"


@register.filter
def responsive_body(body):
    """The sanitised body as readers see it: each picture the editor inserted
    (``data-file``) given its srcset, galleries made grids (articles.galleries),
    lone provider URLs made click-to-load embeds (articles.embeds).

    All the body's pictures are fetched together: two queries however many
    there are. Pictures without a known ``data-file`` are left as written;
    the teaser marker is removed."""
    body = render_embeds(without_more_marker(body))
    tags = [dict(ATTRIBUTE.findall(tag)) for tag in IMG_TAG.findall(body or "")]
    ids = {int(attrs["data-file"]) for attrs in tags if attrs.get("data-file", "").isdigit()}
    images = Image.objects.prefetch_related("renditions").in_bulk(ids) if ids else {}

    def replace(match, sizes=BODY_IMAGE_SIZES):
        attrs = dict(ATTRIBUTE.findall(match.group(0)))
        image = images.get(int(attrs["data-file"])) if attrs.get("data-file", "").isdigit() else None
        if image is None:
            return match.group(0)
        return responsive_image(image, sizes=sizes, alt=html.unescape(attrs.get("alt", image.alt_text)))

    def gallery(run):
        pictures = IMG_TAG.sub(lambda match: replace(match, GALLERY_IMAGE_SIZES), run)
        return f'<div class="gallery">{pictures}</div>'

    body = wrap_galleries(body, gallery)
    return mark_safe(IMG_TAG.sub(replace, body) if images else body)


@register.filter
def absolute(path):
    """A site path made absolute on SITE_URL (feeds, canonical links, Open Graph)."""
    return absolute_url(path)


@register.simple_tag
def share_image_url(image):
    """Absolute URL of the image for Open Graph / Twitter cards, in a format every network reads."""
    if not image or not image.file:
        return ""
    candidates = _candidates(image, original_format(image)) if original_format(image) != "webp" else []
    fitting = [c for c in candidates if c[1] <= SHARE_IMAGE_WIDTH]
    url = (fitting[-1] if fitting else (candidates[0] if candidates else (image.file.url, 0)))[0]
    return absolute_url(url)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """"?page=N" keeping the other parameters of the current URL (the search query)."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
