"""Comment text → safe HTML.

Readers write plain text (paragraphs, bare URLs) or a few tags. Everything
passes nh3 twice: once to reduce the input to the allow-list before we look
at it, once more after linking and paragraphs are added, so nothing this
module builds can carry markup the allow-list does not permit."""

import html
import re
from html.parser import HTMLParser

import nh3
from django.utils.safestring import mark_safe

INLINE_TAGS = {"a", "em", "strong", "code", "blockquote"}
OUTPUT_TAGS = INLINE_TAGS | {"p", "br"}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "ugc nofollow"

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?'\""
_BLANK_LINE = re.compile(r"\n[ \t]*\n+")
_BLOCK = re.compile(r"(</?blockquote>)")
# What the first nh3 pass can change: markup, entities, and what HTML parsing
# itself rewrites (NUL, CR, a leading byte-order mark). Text with none of these
# (most comments) comes out of it as it went in, so it is skipped; the final
# pass still sanitises everything this module builds.
_NEEDS_REDUCING = re.compile("[<&\x00\r\ufeff]")


def _trim_url(candidate):
    """Leave sentence punctuation and an unbalanced closing parenthesis out of the link."""
    url = candidate.rstrip(_TRAILING)
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_TRAILING)
    return url, candidate[len(url):]


def _link_text(text):
    """Escape ``text`` and turn the URLs in it into links."""
    out, last = [], 0
    for match in _URL.finditer(text):
        url, rest = _trim_url(match.group(0))
        out.append(html.escape(text[last:match.start()], quote=False))
        href = url if "://" in url else f"http://{url}"
        out.append(f'<a href="{html.escape(href)}">{html.escape(url, quote=False)}</a>')
        out.append(html.escape(rest, quote=False))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


class _Linker(HTMLParser):
    """Re-serialises nh3's output, linking URLs in text that is not already a link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.in_link = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.in_link += 1
        rendered = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{rendered}>")

    def handle_endtag(self, tag):
        if tag == "a":
            self.in_link = max(0, self.in_link - 1)
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False) if self.in_link else _link_text(data))


def _autolink(fragment):
    if "<" not in fragment:
        # No tags (most comments): the parser would hand the whole fragment,
        # entities decoded, to handle_data in one call; skipping it halves the
        # cost of a 200-comment thread's text.
        return _link_text(html.unescape(fragment))
    parser = _Linker()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def _paragraphs(fragment):
    """Blank lines separate paragraphs, single newlines become <br>; a
    blockquote stands as its own block instead of inside a paragraph."""
    blocks = []
    for piece in _BLOCK.split(fragment.replace("\r\n", "\n").replace("\r", "\n")):
        if _BLOCK.fullmatch(piece):
            blocks.append(piece)
            continue
        for para in _BLANK_LINE.split(piece.strip("\n")):
            if para.strip():
                blocks.append("<p>" + para.strip("\n").replace("\n", "<br>\n") + "</p>")
    return "\n".join(blocks)


def render_comment(text):
    """The HTML shown for a comment's text: always safe to put in a page."""
    text = text or ""
    reduced = text
    if _NEEDS_REDUCING.search(text):
        reduced = nh3.clean(text, tags=INLINE_TAGS, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES,
                            link_rel=None, strip_comments=True)
    built = _paragraphs(_autolink(reduced))
    return mark_safe(nh3.clean(built, tags=OUTPUT_TAGS, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES,
                               link_rel=LINK_REL, strip_comments=True))
