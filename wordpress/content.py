"""WordPress's stored post HTML → bluedomes body HTML.

WordPress keeps classic-editor posts as text with blank lines for paragraphs
and adds the ``<p>`` tags when it shows them (``wpautop``); block-editor posts
carry their ``<p>`` tags and ``<!-- wp:… -->`` markers. Shortcodes are
expanded at display time too. Our body is plain HTML, so the conversion does
once what WordPress did on every page view: ``[caption]`` becomes a figure,
``[gallery]`` one of our galleries (articles.galleries) of the imported
pictures it names, and links to an attachment's file or page point at what
the attachment became here."""

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from articles.richtext import more_marker

UPLOADS_MARKER = "/wp-content/uploads/"

# wpautop's list of block-level elements (wp-includes/formatting.php).
_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|"
    r"figure|figcaption|details|menu|summary)"
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
_CAPTION_MEDIA = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.S | re.I)
_SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
_SHORTCODE_OPEN = re.compile(r"(?<!\[)\[([a-zA-Z][\w-]*)(\s[^\]]*?)?(/?)\](?!\])")
# Shortcodes every WordPress has; others count only when they look like one
# (attributes, a closing tag, or self-closing), so "[sic]" is left alone.
_CORE_SHORTCODES = {"gallery", "audio", "video", "playlist", "embed", "wp_caption"}
_PLACEHOLDER = '<figure data-wp-caption="{}"></figure>'
_PLACEHOLDER_RE = re.compile(r'<figure data-wp-caption="(\d+)"></figure>')
_MORE = re.compile(r"<!--more(.*?)-->", re.S)
_MORE_PLACEHOLDER = '<figure data-wp-more="{}"></figure>'
_MORE_PLACEHOLDER_RE = re.compile(r'<figure data-wp-more="(\d+)"></figure>')
_MEDIA_TAG = re.compile(r"<(img|a|source)\b[^>]*>", re.I | re.S)
_URL_ATTR = re.compile(r"""(\s)(src|href)(\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)
_SRCSET_ATTR = re.compile(r"""\s(?:srcset|sizes)\s*=\s*(?:"[^"]*"|'[^']*')""", re.I)
_WP_IMAGE_CLASS = re.compile(r"""\bwp-image-(\d+)\b""")
# A gallery alone in its paragraph (wpautop wraps it) or inline.
_GALLERY = re.compile(r"(?:<p>\s*)?(?<!\[)\[gallery(\s[^\]]*)?\](?!\])(?:\s*</p>)?", re.I)
_HREF = re.compile(r"""(<a\b[^>]*?\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I | re.S)


@dataclass
class Conversion:
    body: str
    shortcodes: Counter = field(default_factory=Counter)
    unresolved_uploads: list = field(default_factory=list)


def uploads_path(url):
    """The path below wp-content/uploads/ of a WordPress media URL, or None."""
    path = urlsplit(url.strip()).path
    index = path.find(UPLOADS_MARKER)
    if index < 0:
        return None
    return unquote(path[index + len(UPLOADS_MARKER):]).lstrip("/") or None


def convert(html, resolve_image=None, expand_gallery=None, resolve_page=None):
    """Convert a post's ``content:encoded`` into our body HTML.

    ``resolve_image(path, attachment_id)`` returns ``(url, image pk)`` of an
    imported image or document (``path`` is below wp-content/uploads/,
    ``attachment_id`` comes from the ``wp-image-N`` class and may be None) or
    None when that file was not imported. ``expand_gallery(attributes)``
    returns a ``[gallery]``'s HTML, or None to leave the shortcode as text;
    ``resolve_page(url)`` the new address of an attachment page, or None."""
    text = (html or "").replace("\r\n", "\n").replace("\r", "\n")
    is_block_content = "<!-- wp:" in text
    # The teaser cut becomes a block of its own, as WordPress splits the post
    # there; a block post's HTML is final, so it gains no line breaks there.
    more_texts = []
    around = "" if is_block_content else "\n\n"

    def to_more_placeholder(match):
        more_texts.append(match.group(1))
        return around + _MORE_PLACEHOLDER.format(len(more_texts) - 1) + around

    text = _MORE.sub(to_more_placeholder, text)
    # Block markers, <!--nextpage--> and <!--noteaser--> mean nothing outside WordPress.
    text = _HTML_COMMENT.sub("", text)
    figures = []

    def to_placeholder(match):
        figures.append(_figure(match.group(1), match.group(2)))
        return _PLACEHOLDER.format(len(figures) - 1)

    text = _CAPTION.sub(to_placeholder, text)
    # WordPress skips wpautop for block-editor posts: their HTML is final.
    if is_block_content:
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = wpautop(text)
    text = _PLACEHOLDER_RE.sub(lambda match: figures[int(match.group(1))], text)
    text = _MORE_PLACEHOLDER_RE.sub(lambda match: more_marker(more_texts[int(match.group(1))]), text)
    if expand_gallery is not None:
        text = _GALLERY.sub(lambda match: expand_gallery(shortcode_attributes(match.group(1))) or match.group(0), text)
    if resolve_page is not None:
        text = _rewrite_links(text, resolve_page)
    conversion = Conversion(body="", shortcodes=find_shortcodes(text))
    if resolve_image is not None:
        text = _rewrite_media(text, resolve_image, conversion.unresolved_uploads)
    conversion.body = text.strip()
    return conversion


def _figure(attributes, inner):
    attrs = shortcode_attributes(attributes)
    caption = attrs.get("caption")
    media = inner.strip()
    if caption is None:
        match = _CAPTION_MEDIA.match(media)
        if match:
            media, caption = match.group(1), match.group(2).strip()
        else:
            caption = ""
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{media}{figcaption}</figure>"


def shortcode_attributes(text):
    attrs = {}
    for match in _SHORTCODE_ATTR.finditer(text or ""):
        value = next(group for group in match.groups()[1:] if group is not None)
        attrs[match.group(1).lower()] = value
    return attrs


def find_shortcodes(text):
    """Names of the shortcodes left in ``text``, with how often each occurs."""
    found = Counter()
    for match in _SHORTCODE_OPEN.finditer(text):
        name, attrs, self_closing = match.group(1), match.group(2) or "", match.group(3)
        looks_like_one = (
            name.lower() in _CORE_SHORTCODES
            or "=" in attrs
            or self_closing
            or f"[/{name}]" in text
        )
        if looks_like_one:
            found[name] += 1
    return found


def _rewrite_media(text, resolve_image, unresolved):
    def rewrite_tag(match):
        tag = match.group(0)
        id_match = _WP_IMAGE_CLASS.search(tag)
        attachment_id = int(id_match.group(1)) if id_match else None
        image_pk = None

        def rewrite_attr(attr_match):
            nonlocal image_pk
            value = attr_match.group(4) if attr_match.group(4) is not None else attr_match.group(5)
            path = uploads_path(value)
            if path is None:
                return attr_match.group(0)
            is_src = attr_match.group(2).lower() == "src"
            found = resolve_image(path, attachment_id if is_src else None)
            if found is None:
                unresolved.append(path)
                return attr_match.group(0)
            url, pk = found
            if is_src:
                image_pk = pk
            return f'{attr_match.group(1)}{attr_match.group(2)}{attr_match.group(3)}"{url}"'

        tag = _URL_ATTR.sub(rewrite_attr, tag)
        if image_pk is not None and match.group(1).lower() == "img":
            # The srcset lists WordPress's resized copies, which were not
            # imported; data-file lets our pages offer the image's renditions.
            tag = _SRCSET_ATTR.sub("", tag)
            tag = re.sub(r"(\s*/?>)$", lambda end: f' data-file="{image_pk}"{end.group(1)}', tag, count=1)
        return tag

    return _MEDIA_TAG.sub(rewrite_tag, text)


def gallery_ids(attributes):
    """The attachment ids a ``[gallery]``'s ``ids`` (or older ``include``) lists, in order."""
    listed = attributes.get("ids") or attributes.get("include") or ""
    return [int(part) for part in re.findall(r"\d{1,19}", listed)]


def _rewrite_links(text, resolve_page):
    def rewrite(match):
        url = match.group(2) if match.group(2) is not None else match.group(3)
        target = resolve_page(url)
        return match.group(0) if target is None else f'{match.group(1)}"{target}"'

    return _HREF.sub(rewrite, text)


def _replace_newlines_in_tags(text):
    return re.sub(r"<[^>]*>", lambda match: match.group(0).replace("\n", " <!-- wpnl --> "), text)


def _preserve_newlines(match):
    return match.group(0).replace("\n", "<WPPreserveNewline />")


def wpautop(text, br=True):
    """A port of WordPress's ``wpautop()``: blank lines become paragraphs and
    single newlines ``<br />``, leaving block-level HTML and ``<pre>`` alone."""
    if not text.strip():
        return ""
    text = text + "\n"
    pre_tags = {}
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text = ""
        for index, part in enumerate(parts):
            start = part.find("<pre")
            if start < 0:
                text += part
                continue
            name = f"<pre wp-pre-tag-{index}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
        text += last
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + _ALLBLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + _ALLBLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = _replace_newlines_in_tags(text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join("<p>" + part.strip("\n") + "</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"(</?" + _ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = re.sub(r"<(script|style|svg|math).*?</\1>", _preserve_newlines, text, flags=re.S)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(r"(</?" + _ALLBLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
