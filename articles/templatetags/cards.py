"""``{% cards articles %}`` and ``{% byline article %}``: the article cards of
the home page and the archives, and the byline they share with the article
page.

Written in Python rather than included templates: through Django's template
engine the ten cards of a list took a third of an uncached home page (3.3 of
10 ms), as the comment thread's entries did (comments.thread_markup).
Every value is escaped here, by the standard library's escape (Django's
checks each argument for lazy text first: a third of a card's time), or is
already safe HTML."""

import functools
from html import escape
from types import SimpleNamespace

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bluedomes import dates
from bluedomes.paths import path_of

from .articles_tags import responsive_image

register = template.Library()

LEAD_IMAGE_SIZES = "(min-width: 50rem) 46rem, 100vw"
CARD_IMAGE_SIZES = "(min-width: 50rem) 15rem, 100vw"


@functools.lru_cache(maxsize=8)
def _words(language):
    """The cards' fixed words in ``language``, looked up once, escaped."""
    return SimpleNamespace(
        date=dates.formatter(str(dates.DATE)),
        by=escape(_("by")),
        more=escape(_("Continue reading")),
    )


def byline_markup(article, words):
    local = timezone.localtime(article.published_at)
    author = article.author
    username = author.get_username()
    return (
        '<p class="byline">\n'
        f'  <time class="dt-published" datetime="{local.isoformat()}">{escape(words.date(local))}</time>\n'
        '  <span aria-hidden="true">·</span>\n'
        f'  {words.by} <a class="byline__author p-author h-card" href="{escape(path_of("articles:author", username))}"'
        f' rel="author">{escape(author.get_full_name() or username)}</a>\n'
        '</p>'
    )


def _kicker(article):
    categories = article.categories.all()
    if not categories:
        return ""
    links = ", ".join(
        f'<a href="{escape(category.get_absolute_url())}">{escape(category.name)}</a>' for category in categories
    )
    return f'    <p class="card__kicker">{links}</p>\n'


def card_markup(article, lead, words):
    """One card; the lead card (the first of the home page) has a wide,
    eagerly loaded picture."""
    url = escape(article.get_absolute_url())
    title = escape(article.title)
    text_attrs = f'lang="{escape(article.language)}" dir="{article.direction}"'
    parts = [f'<article class="card{" card--lead" if lead else ""}">\n']
    if article.featured_image:
        picture = (
            responsive_image(article.featured_image, sizes=LEAD_IMAGE_SIZES, loading="eager")
            if lead else responsive_image(article.featured_image, sizes=CARD_IMAGE_SIZES)
        )
        parts.append(f'  <a class="card__image" href="{url}" tabindex="-1" aria-hidden="true">\n'
                     f'    {picture}\n  </a>\n')
    parts += [
        '  <div class="card__body">\n',
        _kicker(article),
        f'    <h2 class="card__title" {text_attrs}><a href="{url}" rel="bookmark">{title}</a></h2>\n',
        f'    {byline_markup(article, words)}\n',
        f'    <p class="card__summary" {text_attrs}>{escape(article.summary)}</p>\n',
        f'    <a class="card__more" href="{url}">{words.more}<span class="visually-hidden">: {title}</span>'
        ' <span aria-hidden="true">→</span></a>\n',
        '  </div>\n</article>',
    ]
    return "".join(parts)


@register.simple_tag
def cards(articles, lead=False):
    """The cards of ``articles``; with ``lead``, the first is the lead card."""
    words = _words(get_language())
    return mark_safe("\n".join(
        card_markup(article, lead and number == 0, words) for number, article in enumerate(articles)
    ))


@register.simple_tag
def byline(article):
    return mark_safe(byline_markup(article, _words(get_language())))
