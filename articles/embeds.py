"""Embedded videos and posts: a provider's URL alone in a paragraph.

How an embed is stored: as WordPress stores it, the URL on a line of its
own, i.e. ``<p><a href="https://youtu.be/ID">https://youtu.be/ID</a></p>``
(or the same paragraph without the link). That form passes the body's
allow-list untouched and survives the rich-text editor, which knows no embed
node and would drop any other element; an author gets an embed by pasting
the URL on an empty line, and an imported WordPress post's bare URL becomes
the same embed. No frame is ever stored: the page turns such a paragraph,
when the URL is one of ``PROVIDERS`` with a well-formed id, into a
click-to-load placeholder; anything else stays the link it is.

The placeholder carries the provider's privacy-friendly player address in
``data-embed-src``; static/js/embeds.js makes the ``<iframe>`` only when the
reader clicks, so no request leaves for the provider before then. The CSP
header's ``frame-src`` (bluedomes/settings/security.py) lists the same
player origins, which tests/articles/test_embeds.py checks."""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.utils.html import format_html
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    hosts: frozenset
    # Matched against the URL's path; group "id" is the video's or post's id.
    path: re.Pattern
    player: str
    kind: str  # "video", "post" or "audio": the placeholder's shape and words

    def player_url(self, found):
        return self.player.format(**found)


PROVIDERS = (
    Provider(
        "youtube", "YouTube", frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}),
        re.compile(r"^/(?:(?:embed|shorts|live)/)?(?P<id>[A-Za-z0-9_-]{11})/?$"),
        "https://www.youtube-nocookie.com/embed/{id}", "video",
    ),
    Provider(
        "vimeo", "Vimeo", frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}),
        re.compile(r"^/(?:video/)?(?P<id>\d{1,12})/?$"),
        "https://player.vimeo.com/video/{id}?dnt=1", "video",
    ),
    Provider(
        "x", "X (Twitter)",
        frozenset({"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"}),
        re.compile(r"^/[A-Za-z0-9_]{1,15}/status/(?P<id>\d{1,20})/?$"),
        "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true", "post",
    ),
    Provider(
        "spotify", "Spotify", frozenset({"open.spotify.com"}),
        re.compile(r"^/(?P<type>track|album|playlist|episode|show)/(?P<id>[A-Za-z0-9]{22})/?$"),
        "https://open.spotify.com/embed/{type}/{id}", "audio",
    ),
)
PLAYER_ORIGINS = tuple(dict.fromkeys("https://" + urlsplit(p.player).netloc for p in PROVIDERS))

# The sanitiser writes attributes as name="value", so a lone URL paragraph
# has exactly one of these two shapes.
EMBED_PARAGRAPH = re.compile(
    r'<p>\s*(?:<a href="(?P<href>[^"]+)"[^>]*>(?P<text>[^<]*)</a>|(?P<bare>https?://[^\s<]+))\s*</p>',
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Embed:
    provider: Provider
    url: str
    player_url: str


def recognise(url):
    """The Embed a URL stands for, or None when it is not a known provider's."""
    url = html.unescape(url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path
    for provider in PROVIDERS:
        if host not in provider.hosts:
            continue
        if provider.name == "youtube" and host != "youtu.be" and path.rstrip("/") == "/watch":
            path = "/" + (parse_qs(parts.query).get("v") or [""])[0]
        match = provider.path.match(path)
        if match:
            return Embed(provider, url, provider.player_url(match.groupdict()))
    return None


def paragraph_embed(match):
    """The Embed of an EMBED_PARAGRAPH match: a bare URL, or a link whose text is its own URL."""
    if match.group("bare"):
        return recognise(match.group("bare"))
    href, text = html.unescape(match.group("href")), html.unescape(match.group("text")).strip()
    if text and text.rstrip("/") != href.rstrip("/"):
        # A link with words of its own is a link the author meant to keep.
        return None
    return recognise(href)


def is_embed_paragraph(match):
    return paragraph_embed(match) is not None


def placeholder(embed):
    """The click-to-load placeholder: the provider's name, what loading it
    means for the reader's privacy, a button, and the plain link."""
    provider = embed.provider
    load = {
        "video": _("Play the video from %(provider)s"),
        "post": _("Show the post from %(provider)s"),
        "audio": _("Play the audio from %(provider)s"),
    }[provider.kind] % {"provider": provider.label}
    notice = _("It is loaded only when you ask: %(provider)s then sees your visit and may set cookies.") % {
        "provider": provider.label
    }
    return format_html(
        '<figure class="embed embed--{kind} embed--{name}" data-embed-src="{player}" data-embed-title="{title}">'
        '<div class="embed__placeholder">'
        '<button type="button" class="embed__load">{load}</button>'
        '<p class="embed__notice">{notice}</p>'
        '<a class="embed__link" href="{url}" rel="noopener noreferrer">{open}</a>'
        "</div></figure>",
        kind=provider.kind, name=provider.name, player=embed.player_url, title=provider.label,
        load=load, notice=notice, url=embed.url,
        open=_("Open it on %(provider)s") % {"provider": provider.label},
    )


def render_embeds(body):
    """The sanitised body with each lone provider URL made a placeholder."""

    def replace(match):
        embed = paragraph_embed(match)
        return placeholder(embed) if embed else match.group(0)

    return EMBED_PARAGRAPH.sub(replace, body or "")


def without_embeds(body):
    """The body without its embed paragraphs: a URL is no part of an excerpt."""
    return EMBED_PARAGRAPH.sub(lambda m: " " if is_embed_paragraph(m) else m.group(0), body or "")
