"""Galleries: several pictures with their captions shown as one grid.

How a gallery is stored: as a run of sibling figures, each marked
``class="gallery"``::

    <figure class="gallery"><img src="…" alt="…" data-file="21"><figcaption>…</figcaption></figure>
    <figure class="gallery"><img src="…" alt="…" data-file="22"></figure>

and not as one element holding the figures: the rich-text editor's figure
holds one picture and a caption, and keeps the figure's class, so each
picture of a gallery stays editable there (alt text, caption, order) and a
save brings nothing else through the editor or the allow-list
(articles.richtext allows that one class value on figures). Adjacent gallery
figures are one gallery; a paragraph between them starts another. The page
wraps each run in ``<div class="gallery">`` (a grid in the stylesheet) and
gives its pictures sizes for a grid cell; ``data-file`` still gives each its
srcset of renditions (articles.templatetags.articles_tags)."""

import re

from django.utils.html import escape

from .editor import display_url

GALLERY_CLASS = "gallery"
GALLERY_FIGURE = f'<figure class="{GALLERY_CLASS}">'
_RUN = re.compile(r'(?:<figure class="gallery">.*?</figure>\s*)+', re.IGNORECASE | re.DOTALL)
# A cell is a third of the 46rem column at most, half of a phone's screen.
GALLERY_IMAGE_SIZES = "(min-width: 50rem) 15rem, (min-width: 30rem) 33vw, 50vw"


def wrap_galleries(body, render_run):
    """The body with each gallery replaced by ``render_run(markup)``."""
    return _RUN.sub(lambda match: render_run(match.group(0).strip()), body or "")


def gallery_html(figures):
    """A gallery's stored markup from ``(image, caption)`` pairs: what the
    editor's gallery button and the WordPress import insert."""
    parts = []
    for image, caption in figures:
        url = display_url(image)
        figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        parts.append(
            f'{GALLERY_FIGURE}<img src="{escape(url)}" alt="{escape(image.alt_text)}" '
            f'data-file="{image.pk}">{figcaption}</figure>'
        )
    return "".join(parts)
