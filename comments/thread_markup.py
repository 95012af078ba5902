"""The comment thread as HTML: the entries of WordPress's classic comment
list, their dates in the reader's language, and the links between comment
pages. Written in Python rather than included templates: through templates,
a thread of 200 comments cost most of an uncached article page. Every value
is escaped here or already safe (a comment's HTML comes from comments.text)."""

import functools
import hashlib
from dataclasses import dataclass, field
from html import escape
from types import SimpleNamespace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from bluedomes import dates

from .models import Comment
from .text import render_comment

AVATAR_SIZE = 56


@functools.lru_cache(maxsize=8)
def _words(language):
    """The thread's fixed words in ``language``, looked up once: a thread
    prints them hundreds of times, and Django's date formatting per comment
    cost more than the rest of the comment. ``reply`` and ``awaiting`` are
    HTML already; the others are escaped where they are used."""
    return SimpleNamespace(
        date=dates.formatter(str(dates.DATE)),
        time=dates.formatter(str(dates.TIME)),
        date_at_time=_("%(date)s at %(time)s"),
        anonymous=_("Anonymous"),
        reply=escape(_("Reply")),
        reply_to=_("Reply to %(name)s"),
        awaiting=escape(_("Your comment is awaiting moderation.")),
        report=escape(_("Report")),
        report_label=_("Report the comment by %(name)s"),
        comment_pages=escape(_("Comment pages")),
        older=escape(_("← Older comments")),
        newer=escape(_("Newer comments →")),
        # HTML already, as the translators write it.
        page_number=_('<span class="visually-hidden">Page </span>%(number)s'),
        # The path with a placeholder: reverse() per comment would cost more than the rest of it.
        report_path=reverse("comments:report", args=[0]).replace("/0/", "/{pk}/"),
    )


def comment_date(value):
    """"January 22, 2021 at 3:17 pm" ("22 января 2021 в 15:17"), in the site's time zone."""
    return _date_text(timezone.localtime(value), _words(get_language()))


def _date_text(local, words):
    # WordPress's "3:17 pm": the time's AM/PM lower-cased.
    return words.date_at_time % {"date": words.date(local), "time": words.time(local).lower()}


def gravatar_url(email, size=AVATAR_SIZE):
    """Gravatar's picture for ``email``; "d=blank" makes people without one
    transparent, so the initial drawn beneath shows instead."""
    digest = hashlib.md5(email.strip().lower().encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}?{_gravatar_query(size)}"


@functools.lru_cache(maxsize=4)
def _gravatar_query(size):
    return urlencode({"s": size * 2, "d": "blank", "r": "g"})


def safe_url(url):
    """Only web addresses become links; anything else (javascript:, data:) is dropped."""
    return url if url and url.lower().startswith(("http://", "https://")) else ""


@dataclass(slots=True)
class Entry:
    """One comment as the page shows it, with its place in the thread."""

    comment: Comment
    depth: int
    html: str
    date: str
    iso_date: str
    avatar: str
    author_url: str
    can_reply: bool
    awaiting: bool = False
    has_children: bool = False
    closers: list = field(default_factory=list)

    @property
    def pk(self):
        return self.comment.pk


def _entry(comment, depth, max_level, open_, awaiting, zone, words, gravatars):
    local = comment.submit_date.astimezone(zone)
    return Entry(
        comment=comment,
        depth=depth,
        html=render_comment(comment.comment),
        date=_date_text(local, words),
        iso_date=local.isoformat(),
        avatar=gravatar_url(comment.user_email) if gravatars and comment.user_email and not comment.is_ping else "",
        author_url=safe_url(comment.source_url if comment.is_ping else comment.user_url),
        can_reply=open_ and not awaiting and not comment.is_ping and comment.level < max_level,
        awaiting=awaiting,
    )


def build_thread(comments, *, max_level, open_, awaiting_ids=(), gravatars=False):
    """Nest comments (ordered by thread and order, as xtd stores them) and
    flatten them for the template: each entry knows whether it opens a list
    of replies and how many lists close after it. A reply whose parent is not
    shown is shown at the top level, as WordPress does with orphans."""
    by_pk = {c.pk: {"comment": c, "children": []} for c in comments}
    roots = []
    for comment in comments:
        parent = by_pk.get(comment.parent_id) if comment.parent_id != comment.pk else None
        (parent["children"] if parent else roots).append(by_pk[comment.pk])

    entries = []
    # Looked up once for the whole thread, not once per comment.
    zone, words = timezone.get_current_timezone(), _words(get_language())

    def walk(nodes, depth):
        for node in nodes:
            comment = node["comment"]
            entry = _entry(comment, depth, max_level, open_, comment.pk in awaiting_ids, zone, words, gravatars)
            entries.append(entry)
            if node["children"]:
                entry.has_children = True
                walk(node["children"], depth + 1)
                entries[-1].closers.append(entry.pk)

    walk(roots, 0)
    return entries


def entry_markup(entry, article_author_id, words):
    """One comment's ``<li>`` (left open when replies follow): the markup of
    WordPress's classic comment list. Written in Python rather than an
    included template, which cost ~0.5 ms a comment — most of an uncached
    page with 200 comments. Every value is escaped here or already safe
    (``entry.html`` comes from comments.text)."""
    comment, pk = entry.comment, entry.pk
    name = escape(comment.user_name or words.anonymous)
    classes = f"comment depth-{entry.depth + 1}"
    if comment.is_ping:
        classes += " pingback"
    if comment.user_id and comment.user_id == article_author_id:
        classes += " bypostauthor"
    if entry.awaiting:
        classes += " comment-awaiting"
    date = (f'<a class="comment-date" href="#comment-{pk}">'
            f'<time datetime="{entry.iso_date}">{escape(entry.date)}</time></a>')
    if comment.is_ping:
        label = escape(comment.source_title or comment.user_name)
        if comment.source_site_name:
            label += " | " + escape(comment.source_site_name)
        if entry.author_url:
            label = f'<a class="url" href="{escape(entry.author_url)}" rel="ugc nofollow">{label}</a>'
        meta = f'<p class="comment-meta ping-meta">\n      {label}\n      {date}\n    </p>'
    else:
        # The initial is drawn by the stylesheet; Gravatar's picture, when the site shows them, covers it.
        initial = escape((comment.user_name or "?")[:1].upper())
        picture = ""
        if entry.avatar:
            picture = (f'<img src="{escape(entry.avatar)}" alt="" width="56" height="56" loading="lazy" '
                       'decoding="async" referrerpolicy="no-referrer">')
        avatar = f'<span class="avatar" data-initial="{initial}" aria-hidden="true">{picture}</span>'
        author = name
        if entry.author_url:
            author = f'<a class="url" href="{escape(entry.author_url)}" rel="ugc nofollow">{name}</a>'
        meta = (f'<footer class="comment-meta">\n      {avatar}\n      <b class="comment-author">{author}</b>'
                f'\n      {date}\n    </footer>')
    parts = [
        f'<li id="comment-{pk}" class="{classes}">\n  <article class="comment-body" id="div-comment-{pk}">\n    {meta}\n'
    ]
    if entry.awaiting:
        parts.append(f'    <p class="comment-awaiting-moderation" role="status">{words.awaiting}</p>\n')
    parts.append(f'    <div class="comment-content">{entry.html}</div>\n')
    if entry.can_reply:
        parts.append(
            f'    <p class="reply"><a class="comment-reply-link" rel="nofollow" href="?replytocom={pk}#respond" '
            f'data-reply-to="{pk}" data-reply-name="{name}" '
            f'aria-label="{escape(words.reply_to % {"name": comment.user_name or words.anonymous})}">'
            f'{words.reply}</a></p>\n'
        )
    if not entry.awaiting and not comment.is_ping:
        parts.append(
            f'    <p class="report"><a class="comment-report-link" rel="nofollow" '
            f'href="{words.report_path.format(pk=pk)}" '
            f'aria-label="{escape(words.report_label % {"name": comment.user_name or words.anonymous})}">'
            f'{words.report}</a></p>\n'
        )
    parts.append("  </article>\n")
    parts.append('<ol class="children">' if entry.has_children else "</li>")
    parts.append("\n</ol></li>" * len(entry.closers))
    return "".join(parts)


def thread_markup(entries, article):
    words = _words(get_language())
    return mark_safe("\n".join(entry_markup(entry, article.author_id, words) for entry in entries))


def heading(count, title):
    if count == 0:
        return _("No thoughts on “%(title)s”") % {"title": title}
    return ngettext("One thought on “%(title)s”", "%(count)s thoughts on “%(title)s”", count) % {
        "count": count, "title": title,
    }


def page_nav(pages, page):
    """The links between comment pages, for above and below the thread
    (empty when there is one page). Written here, not in an included
    template, for the same reason as the entries."""
    if pages.count < 2:
        return "", ""
    words = _words(get_language())
    links = []
    for number in range(1, pages.count + 1):
        if number == page:
            links.append(f'<li><span aria-current="page">{number}</span></li>')
        else:
            links.append(f'<li><a href="{escape(pages.path(number))}#comments">'
                         f'{words.page_number % {"number": number}}</a></li>')
    older = (f'<a class="comment-navigation__older" href="{escape(pages.path(page - 1))}#comments">'
             f'{words.older}</a>') if page > 1 else ""
    newer = (f'<a class="comment-navigation__newer" href="{escape(pages.path(page + 1))}#comments">'
             f'{words.newer}</a>') if page < pages.count else ""
    inside = (f' aria-label="{words.comment_pages}">\n  {older}\n  <ol class="comment-navigation__pages">\n    '
              + "\n    ".join(links) + f"\n  </ol>\n  {newer}\n</nav>")
    return tuple(mark_safe(f'<nav class="comment-navigation comment-navigation--{position}"{inside}')
                 for position in ("top", "bottom"))
