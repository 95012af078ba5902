"""Article bodies: the HTML allow-list they are cleaned with, and the plain
text excerpt derived from them.

The body is written in the admin's rich-text editor, but whatever reaches the
server is untrusted (a browser can post anything), so it is cleaned here with
nh3 before it is stored. The allow-list is what the editor can produce:
paragraphs, h2-h4, links, bold/italic, lists, quotes, figures with captions,
line breaks, code, tables, horizontal rules and superscript/subscript (for
footnote marks), plus ``<cite>``, which the editor does not make but pasted
and imported articles carry. Galleries (articles.galleries) are figures of
class "gallery", the one class kept; embeds (articles.embeds) are a
provider's URL alone in a paragraph, so no frame is ever stored."""

import functools
import html
import re
import unicodedata

import nh3
from django.utils.text import Truncator

from .embeds import without_embeds

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "a", "strong", "em", "ul", "ol", "li", "blockquote",
    "figure", "figcaption", "img", "br", "code", "pre",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr", "cite", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    # data-file is the pk of the articles.Image the editor's picker inserted,
    # so the public page can give that picture its srcset of renditions.
    "img": {"src", "alt", "width", "height", "data-file"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# A quotation in Uyghur (Arabic script) inside a Russian article keeps its
# direction and language, on any element that holds text.
DIRECTION_ATTRIBUTES = {"dir", "lang"}
for _tag in ALLOWED_TAGS - {"br", "img"}:
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, set()) | DIRECTION_ATTRIBUTES
DIRECTIONS = {"ltr", "rtl", "auto"}
# Relative URLs (our own /media/... and article paths) pass through; of the
# absolute ones only these schemes survive, so javascript:, data: and
# vbscript: URLs are dropped along with the attribute holding them.
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
EXCERPT_WORDS = 55

_DIGITS = re.compile(r"^\d{1,10}$")
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$")


def _filter_attribute(tag, attribute, value):
    """Keep numeric attributes numeric, dir a direction, lang a language tag
    and scope a table scope: anything else in them is dropped."""
    if attribute in {"width", "height", "data-file", "start", "colspan", "rowspan"}:
        return value if _DIGITS.match(value.strip()) else None
    if attribute == "scope":
        return value if value in {"row", "col", "rowgroup", "colgroup"} else None
    if attribute == "dir":
        value = value.strip().lower()
        return value if value in DIRECTIONS else None
    if attribute == "lang":
        value = value.strip()
        return value if _LANGUAGE_TAG.match(value) else None
    return value


# The one class value a body keeps: a gallery's figures (articles.galleries
# cannot be imported here, it needs the editor's picture helpers).
ALLOWED_CLASSES = {"figure": {"gallery"}}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    allowed_classes=ALLOWED_CLASSES,
    # script/style are removed with their content rather than left as text.
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)

# ProseMirror always leaves at least one empty paragraph in an empty editor.
_EMPTY_DOCUMENT = re.compile(r"^(\s*<p>\s*(<br>)?\s*</p>\s*)*$")
# A picture whose src was refused (a pasted data: URL, javascript:) would
# show as a broken image: it goes too.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# What allowed_classes leaves of a refused class (the editor's "figure").
_EMPTY_CLASS = re.compile(r' class=""')


# WordPress's teaser cut. The editor keeps no HTML comments, so an author
# types "<!--more-->" as a paragraph of its own, which is stored as that
# escaped text; a real comment (pasted source, an import) becomes the same
# paragraph before comments are stripped. WordPress's custom link text
# ("<!--more Read on-->") stays inside it, so an export gives it back.
MORE_MARKER = "<p>&lt;!--more--&gt;</p>"
_MORE_COMMENT = re.compile(r"<!--\s*more\b([^>]*?)-->", re.IGNORECASE)
_MORE_PARAGRAPH = re.compile(r"<p>\s*&lt;!--\s*more\b(.*?)--&gt;\s*</p>", re.IGNORECASE | re.DOTALL)


def more_marker(link_text=""):
    """The teaser marker as a body stores it, with WordPress's custom link text if there was one."""
    return f"<p>&lt;!--more{html.escape(link_text, quote=False)}--&gt;</p>"


def more_as_comment(body):
    """The body with its teaser marker written as WordPress writes it: ``<!--more-->``."""
    return _MORE_PARAGRAPH.sub(lambda match: f"<!--more{html.unescape(match.group(1))}-->", body or "")


def sanitize_body(value):
    """The body HTML reduced to the allow-list; an empty editor becomes ""."""
    value = _MORE_COMMENT.sub(lambda match: more_marker(match.group(1)), value or "")
    cleaned = _EMPTY_CLASS.sub("", _IMG_WITHOUT_SRC.sub("", _cleaner.clean(value))).strip()
    return "" if _EMPTY_DOCUMENT.match(cleaned) else cleaned


_FIGURE = re.compile(r"<figure\b.*?</figure>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|blockquote|div|br|hr|table|caption|thead|tbody|tfoot|tr|td|th|pre|figcaption)\b",
    re.IGNORECASE,
)
_to_text = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, strip_comments=True)


def plain_text(value):
    """HTML as one line of text: tags, figures, scripts and styles dropped, entities decoded."""
    # Captions describe pictures, not the article: they stay out of excerpts.
    # Nor is an embedded video's address.
    without_figures = _FIGURE.sub(" ", without_embeds(without_more_marker(value)))
    # Block boundaries become spaces so "</p><p>" or "<hr>" do not glue two words together.
    spaced = _BLOCK_TAG.sub(r" \g<0>", without_figures)
    return " ".join(html.unescape(_to_text.clean(spaced)).split())


def without_more_marker(body):
    """The body as readers of the whole article see it: no teaser marker."""
    return _MORE_PARAGRAPH.sub("", body or "")


# Lists derive the summary of every card without an excerpt from its body, on
# every request: 50 µs a card, a twelfth of the home page. It depends on the
# body alone, so the last few are remembered; few, because each holds a body.
@functools.lru_cache(maxsize=64)
def derive_excerpt(body, words=EXCERPT_WORDS):
    """Everything before the more-marker when there is one, as WordPress's
    teaser; else the body's first ``words`` words, cut at a word with "…".
    Plain text either way."""
    marker = _MORE_PARAGRAPH.search(body or "")
    if marker:
        return plain_text(body[: marker.start()])
    return Truncator(_opening_text(body or "", words)).words(words, truncate="…")


_PARAGRAPH_END = re.compile(r"</p\s*>", re.IGNORECASE)
_SPANNING = re.compile(r"<(/?)(figure|script|style)\b", re.IGNORECASE)


def _opening_text(body, words):
    """The plain text of the body's first paragraphs when they hold more
    than ``words`` words, else of the whole body: every list shows excerpts,
    and a long article's then costs what a short one's does. The cut falls
    only after a paragraph that no figure, script or style spans, so the
    first words are the ones the whole body gives."""
    start = words * 24
    while start < len(body):
        end = _PARAGRAPH_END.search(body, start)
        if end is None:
            break
        opening = body[: end.end()]
        if _closes_what_it_opens(opening):
            text = plain_text(opening)
            if len(text.split()) > words:
                return text
        start = 2 * end.end()
    return plain_text(body)


def _closes_what_it_opens(fragment):
    depth = {}
    for closing, tag in _SPANNING.findall(fragment):
        depth[tag.lower()] = depth.get(tag.lower(), 0) + (-1 if closing else 1)
    return not any(depth.values())


def one_line(value):
    """``value`` with control characters (line breaks, tabs, NUL...) made
    spaces and runs of spaces collapsed: titles end up in email subjects,
    where a line break is a header injection Django refuses to send.
    Format characters (Unicode Cf) stay: Uyghur and Russian mixed in one
    title need their direction marks."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in value or "").split())
