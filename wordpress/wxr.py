"""A streaming reader for WordPress eXtended RSS (WXR 1.0–1.2), the file
written by WordPress's Tools → Export.

The file is parsed with defusedxml (no DTDs, no entity declarations, no
external references) and each top-level record of the channel is handed out
as soon as its closing tag is read, then dropped from the tree: memory stays
at the size of the largest single post, not of the export.

Values are returned as the strings WordPress wrote; turning them into dates,
numbers and statuses is the importer's job, so that one odd item can be
reported and skipped without stopping the read."""

import functools
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

# WXR 1.0, 1.1 and 1.2 differ only in the version inside these URIs, so the
# reader keys on the prefix and accepts any of them.
_NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
    (re.compile(r"^http://wellformedweb\.org/CommentAPI/$"), "wfw"),
]
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
# A post meta our own exports add: WordPress has no private draft, and this
# keeps one private when the export comes back into bluedomes.
PRIVATE_META = "_bluedomes_private"


class WXRError(Exception):
    """The file cannot be read as a WordPress export at all."""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class Author:
    login: str
    wp_id: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category (``kind == "category"``) or a tag (``kind == "tag"``)."""

    kind: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass
class ItemTerm:
    domain: str  # "category", "post_tag", or a custom taxonomy
    slug: str
    name: str


@dataclass
class WPComment:
    wp_id: str = ""
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: str = ""
    user_id: str = ""
    meta: dict = field(default_factory=dict)


@dataclass
class Item:
    title: str = ""
    link: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    comment_status: str = ""
    ping_status: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: str = ""
    menu_order: str = ""
    post_type: str = ""
    post_password: str = ""
    menu_order: str = ""
    # WordPress keeps sticky posts in an option, not on the post; its
    # export.php writes them out as this flag on every item.
    is_sticky: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)

    def describe(self):
        """How the report names this item: its WordPress id and title."""
        title = (self.title or "").strip() or "(no title)"
        return f"#{self.post_id or '?'} “{title[:60]}”"


@functools.lru_cache(maxsize=512)
def _name(tag):
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``."""
    if tag[0] != "{":
        return tag
    uri, local = tag[1:].split("}", 1)
    for pattern, prefix in _NAMESPACES:
        if pattern.match(uri):
            return f"{prefix}:{local}"
    return f"{{{uri}}}{local}"


def _text(element):
    return element.text or ""


def _children(element):
    """The element's children as (name, element) pairs."""
    return [(_name(child.tag), child) for child in element]


def _author(element):
    values = {name: _text(child).strip() for name, child in _children(element)}
    return Author(
        login=values.get("wp:author_login", ""),
        wp_id=values.get("wp:author_id", ""),
        email=values.get("wp:author_email", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
    )


def _term(element, kind):
    values = {name: _text(child).strip() for name, child in _children(element)}
    if kind == "category":
        return Term(
            kind="category",
            slug=values.get("wp:category_nicename", ""),
            name=values.get("wp:cat_name", ""),
            parent=values.get("wp:category_parent", ""),
            description=values.get("wp:category_description", ""),
        )
    if kind == "tag":
        return Term(
            kind="tag",
            slug=values.get("wp:tag_slug", ""),
            name=values.get("wp:tag_name", ""),
            description=values.get("wp:tag_description", ""),
        )
    # wp:term (WXR 1.2) carries any taxonomy; only categories and tags matter here.
    taxonomy = values.get("wp:term_taxonomy", "")
    mapped = {"category": "category", "post_tag": "tag"}.get(taxonomy)
    if mapped is None:
        return None
    return Term(
        kind=mapped,
        slug=values.get("wp:term_slug", ""),
        name=values.get("wp:term_name", ""),
        parent=values.get("wp:term_parent", ""),
        description=values.get("wp:term_description", ""),
    )


def _meta(element, key_name, value_name):
    key = value = ""
    for name, child in _children(element):
        if name == key_name:
            key = _text(child).strip()
        elif name == value_name:
            value = _text(child)
    return key, value


_COMMENT_FIELDS = {
    "wp:comment_id": "wp_id",
    "wp:comment_author": "author",
    "wp:comment_author_email": "author_email",
    "wp:comment_author_url": "author_url",
    "wp:comment_author_IP": "author_ip",
    "wp:comment_date": "date",
    "wp:comment_date_gmt": "date_gmt",
    "wp:comment_content": "content",
    "wp:comment_approved": "approved",
    "wp:comment_type": "type",
    "wp:comment_parent": "parent",
    "wp:comment_user_id": "user_id",
}


def _comment(element):
    comment = WPComment()
    for name, child in _children(element):
        if name == "wp:commentmeta":
            key, value = _meta(child, "wp:meta_key", "wp:meta_value")
            comment.meta[key] = value
        elif name in _COMMENT_FIELDS:
            value = _text(child)
            setattr(comment, _COMMENT_FIELDS[name], value if name == "wp:comment_content" else value.strip())
    return comment


_ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_id": "post_id",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:post_name": "post_name",
    "wp:menu_order": "menu_order",
    "wp:status": "status",
    "wp:post_parent": "post_parent",
    "wp:post_type": "post_type",
    "wp:post_password": "post_password",
    "wp:is_sticky": "is_sticky",
    "wp:attachment_url": "attachment_url",
}
_VERBATIM = {"content", "excerpt", "title"}


def _item(element):
    item = Item()
    for name, child in _children(element):
        if name == "category":
            domain = child.get("domain", "")
            # WXR 1.0 repeats each term once without a nicename; 1.0 also
            # called tags "tag" where later versions say "post_tag".
            if domain and child.get("nicename") is not None:
                domain = "post_tag" if domain == "tag" else domain
                item.terms.append(ItemTerm(domain=domain, slug=child.get("nicename", ""), name=_text(child).strip()))
        elif name == "wp:postmeta":
            key, value = _meta(child, "wp:meta_key", "wp:meta_value")
            item.meta[key] = value
        elif name == "wp:comment":
            item.comments.append(_comment(child))
        elif name in _ITEM_FIELDS:
            attr = _ITEM_FIELDS[name]
            value = _text(child)
            setattr(item, attr, value if attr in _VERBATIM else value.strip())
    return item


_CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}


def read(path, *, on_progress=None):
    """Yield the export's records in file order: one ``Channel`` (as soon as
    the WXR version has been read), then ``Author``, ``Term`` and ``Item``
    objects. Raises ``WXRError`` when the file is not well-formed XML or not
    a WordPress export; records already yielded may then be incomplete, which
    is why the importer reads the whole file once before writing anything.

    ``on_progress(bytes_read)`` is called after each record."""
    with open(path, "rb") as source:
        yield from _read(source, path, on_progress)


def _read(source, path, on_progress):
    channel_info = Channel()
    channel = None
    announced = False
    depth = 0
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 1 and _name(element.tag) != "rss":
                    raise WXRError(f"{path} is not a WordPress export: its root element is <{_name(element.tag)}>, not <rss>.")
                if depth == 2 and _name(element.tag) == "channel":
                    channel = element
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            name = _name(element.tag)
            record = None
            if name in _CHANNEL_FIELDS:
                setattr(channel_info, _CHANNEL_FIELDS[name], _text(element).strip())
            elif name == "wp:author":
                record = _author(element)
            elif name in ("wp:category", "wp:tag", "wp:term"):
                record = _term(element, name.split(":", 1)[1])
            elif name == "item":
                record = _item(element)
            # Drop what has been read so the tree never grows past one record.
            channel.clear()
            if record is None:
                continue
            if not announced:
                _check_version(channel_info.wxr_version, path)
                announced = True
                yield channel_info
            yield record
            if on_progress is not None:
                on_progress(source.tell())
    except ParseError as error:
        line, column = error.position
        message = str(error).split(":", 1)[0]
        raise WXRError(f"{path} is not well-formed XML (line {line}, column {column}): {message}.") from error
    except DefusedXmlException as error:
        raise WXRError(f"{path} was refused: it declares a DTD or entities, which a WordPress export never does ({error}).") from error
    if channel is None:
        raise WXRError(f"{path} is not a WordPress export: it has no <channel>.")
    if not announced:
        _check_version(channel_info.wxr_version, path)
        yield channel_info


def _check_version(version, path):
    if not version:
        raise WXRError(f"{path} is not a WordPress export: it has no <wp:wxr_version>.")
    if not re.fullmatch(r"\d+\.\d+", version):
        raise WXRError(f"{path} has an unreadable WXR version “{version}”.")
