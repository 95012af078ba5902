"""What a ping keeps from the page that links to us: its title, its site's
name, and a plain-text excerpt around the link, like WordPress's
"[…] text before the link text after […]"."""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import mf2py
from bs4 import BeautifulSoup

from .targets import same_url

EXCERPT_SIDE = 100
ELLIPSIS = "[…]"
TITLE_MAX = 300
SITE_NAME_MAX = 200
# A whole short reply (a microformats note) reads better than a cut excerpt.
SHORT_CONTENT = 300
BLOCK_TAGS = [
    "p", "li", "blockquote", "dd", "dt", "td", "th", "figcaption", "pre", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "aside", "main", "div", "body",
]
INVISIBLE_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "svg", "head"]
_LINK_START, _LINK_END = "\ue000", "\ue001"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")


@dataclass(frozen=True)
class SourcePage:
    links_to_target: bool
    title: str = ""
    site_name: str = ""
    excerpt: str = ""
    entry_name: str = ""  # h-entry p-name, when the page marks one up
    entry_text: str = ""  # h-entry e-content as plain text

    @property
    def mention_title(self):
        """Webmention's choice: the h-entry's name, else the page title."""
        return self.entry_name or self.title

    @property
    def mention_excerpt(self):
        if self.entry_text and len(self.entry_text) <= SHORT_CONTENT:
            return self.entry_text
        return self.excerpt


def parse(result, target_url, *, microformats=False):
    """Read a fetched page (a comments.pings.fetch.FetchResult) for a link to ``target_url``."""
    return parse_html(result.content, result.url, target_url, charset=result.charset, microformats=microformats)


def parse_html(html, page_url, target_url, *, charset=None, microformats=False):
    """Read ``html`` (bytes or text) served at ``page_url`` for a link to ``target_url``."""
    soup = BeautifulSoup(html, "html.parser", from_encoding=charset if isinstance(html, bytes) else None)
    base = _base_url(soup, page_url)
    site_name = _meta(soup, "og:site_name")[:SITE_NAME_MAX]
    title = _without_site_name(_title(soup), site_name)
    entry_name, entry_text = _h_entry(str(soup), page_url) if microformats else ("", "")
    link = next(
        (a for a in soup.find_all("a", href=True) if same_url(urljoin(base, a["href"].strip()), target_url)),
        None,
    )
    if link is None:
        return SourcePage(False, title, site_name)
    return SourcePage(True, title, site_name, _excerpt(soup, link), entry_name, entry_text)


def plain(text):
    """One line of plain text: no control characters, whitespace collapsed."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def _base_url(soup, url):
    base = soup.find("base", href=True)
    return urljoin(url, base["href"].strip()) if base else url


def _title(soup):
    title = plain(soup.title.get_text()) if soup.title else ""
    return (title or plain(_meta(soup, "og:title")))[:TITLE_MAX]


def _without_site_name(title, site_name):
    """"A post | Steppe Notes" becomes "A post" when the site name is known,
    since the comment list shows the site name beside the title."""
    match = re.fullmatch(rf"(.+?)\s*[|\-–—·:»]\s*{re.escape(site_name)}", title) if site_name else None
    return match.group(1) if match else title


def _meta(soup, prop):
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    return plain(tag.get("content", "")) if tag else ""


def _excerpt(soup, link):
    block = link.find_parent(BLOCK_TAGS) or soup
    for tag in block.find_all(INVISIBLE_TAGS):
        tag.decompose()
    # Block children and <br> end a line, so their words do not run together.
    for tag in block.find_all([*BLOCK_TAGS, "br"]):
        tag.insert_after(" ")
    link.replace_with(_LINK_START + link.get_text() + _LINK_END)
    text = block.get_text()
    before, _, rest = text.partition(_LINK_START)
    link_text, _, after = rest.partition(_LINK_END)
    before, after = _CONTROL.sub(" ", before), _CONTROL.sub(" ", after)
    # Keep the spacing the page had around the link: "the <a>link</a>." reads "the link."
    left = _tail(plain(before)) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + _head(plain(after))
    return f"{ELLIPSIS} {(left + plain(link_text) + right).strip()} {ELLIPSIS}"


def _tail(text):
    """The last ~EXCERPT_SIDE characters of ``text``, starting at a word."""
    if len(text) <= EXCERPT_SIDE:
        return text
    cut = text[-EXCERPT_SIDE:]
    return cut.split(" ", 1)[1] if " " in cut and not text[-EXCERPT_SIDE - 1].isspace() else cut.strip()


def _head(text):
    """The first ~EXCERPT_SIDE characters of ``text``, ending at a word."""
    if len(text) <= EXCERPT_SIDE:
        return text
    cut = text[:EXCERPT_SIDE]
    return cut.rsplit(" ", 1)[0] if " " in cut and not text[EXCERPT_SIDE].isspace() else cut.strip()


def _h_entry(html, url):
    entry = _first_entry(mf2py.parse(doc=html, url=url, html_parser="html.parser").get("items", []))
    if entry is None:
        return "", ""
    properties = entry.get("properties", {})
    names = [name for name in properties.get("name", []) if isinstance(name, str)]
    contents = properties.get("content", [])
    text = contents[0].get("value", "") if contents and isinstance(contents[0], dict) else ""
    return plain(names[0] if names else "")[:TITLE_MAX], plain(text)


def _first_entry(items):
    for item in items:
        if "h-entry" in item.get("type", []):
            return item
        found = _first_entry(item.get("children", []))
        if found:
            return found
    return None
