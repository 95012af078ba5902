"""``{% discussion_for article as discussion %}``: everything the comment
section of an article page shows, in a constant number of queries.

One query fetches the article's approved comments and pings (xtd's own
``tree_from_queryset`` would add per-comment flag queries); the thread is
built in Python. A second query, only when this browser has held comments
waiting, fetches those so their author sees them in place."""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments import spam
from comments.forms import CommentForm
from comments.models import Comment, DiscussionSettings
from comments.rules import comments_closed
from comments.text import render_comment
from comments.views import pending_ids, remembered_commenter

register = template.Library()

AVATAR_SIZE = 56


def comment_date(value):
    """"January 22, 2021 at 3:17 pm", in the site's time zone."""
    local = timezone.localtime(value)
    return _("%(date)s at %(time)s") % {
        "date": date_format(local, "F j, Y"),
        "time": date_format(local, "g:i A").lower(),
    }


def gravatar_url(email, size=AVATAR_SIZE):
    """Gravatar's picture for ``email``; "d=blank" makes people without one
    transparent, so the initial drawn beneath shows instead."""
    digest = hashlib.md5(email.strip().lower().encode("utf-8"), usedforsecurity=False).hexdigest()
    return "https://www.gravatar.com/avatar/{}?{}".format(digest, urlencode({"s": size * 2, "d": "blank", "r": "g"}))


def safe_url(url):
    """Only web addresses become links; anything else (javascript:, data:) is dropped."""
    return url if url and url.lower().startswith(("http://", "https://")) else ""


@dataclass
class Entry:
    """One comment as the page shows it, with its place in the thread."""

    comment: Comment
    depth: int
    html: str
    date: str
    avatar: str
    author_url: str
    can_reply: bool
    awaiting: bool = False
    has_children: bool = False
    closers: list = field(default_factory=list)

    @property
    def pk(self):
        return self.comment.pk


@dataclass
class Discussion:
    article: object
    entries: list
    count: int
    heading: str
    closed: bool
    form: object
    reply_to: object
    akismet_on: bool
    logged_in_name: str
    required: bool


def _entry(comment, depth, max_level, open_, awaiting=False):
    return Entry(
        comment=comment,
        depth=depth,
        html=render_comment(comment.comment),
        date=comment_date(comment.submit_date),
        avatar="" if comment.is_ping or not comment.user_email else gravatar_url(comment.user_email),
        author_url=safe_url(comment.source_url if comment.is_ping else comment.user_url),
        can_reply=open_ and not awaiting and not comment.is_ping and comment.level < max_level,
        awaiting=awaiting,
    )


def build_thread(comments, *, max_level, open_, awaiting_ids=()):
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

    def walk(nodes, depth):
        for node in nodes:
            entry = _entry(node["comment"], depth, max_level, open_, node["comment"].pk in awaiting_ids)
            entries.append(entry)
            if node["children"]:
                entry.has_children = True
                walk(node["children"], depth + 1)
                entries[-1].closers.append(entry.pk)

    walk(roots, 0)
    return entries


def heading(count, title):
    if count == 0:
        return _("No thoughts on “%(title)s”") % {"title": title}
    return ngettext("One thought on “%(title)s”", "%(count)s thoughts on “%(title)s”", count) % {
        "count": count, "title": title,
    }


def _thread_comments(article, request):
    """The article's approved comments and pings, plus this browser's own held ones."""
    approved = list(Comment.objects.approved().for_article(article).select_related(None).order_by("thread_id", "order"))
    mine = pending_ids(request) if request is not None else []
    awaiting = []
    if mine:
        awaiting = list(
            Comment.objects.pending().for_article(article).filter(pk__in=mine).select_related(None)
        )
    return approved, awaiting


@register.simple_tag(takes_context=True)
def discussion_for(context, article):
    request = context.get("request")
    discussion = DiscussionSettings.load()
    closed = comments_closed(article, discussion) or not article.is_public
    approved, awaiting = _thread_comments(article, request)
    comments = sorted(approved + awaiting, key=lambda c: (c.thread_id, c.order))
    max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    entries = build_thread(comments, max_level=max_level, open_=not closed, awaiting_ids={c.pk for c in awaiting})

    form = context.get("comment_form")
    reply_to = None
    if form is None:
        initial = {}
        if request is not None:
            remembered = remembered_commenter(request)
            if remembered:
                initial.update(remembered, remember=True)
            reply_pk = request.GET.get("replytocom", "")
            reply_to = next((e.comment for e in entries if str(e.pk) == reply_pk and e.can_reply), None)
            if reply_to is not None:
                initial["reply_to"] = reply_to.pk
        form = CommentForm(article, initial=initial)
    elif form.is_bound:
        reply_pk = str(form.data.get("reply_to", ""))
        reply_to = next((e.comment for e in entries if str(e.pk) == reply_pk and e.can_reply), None)

    user = getattr(request, "user", None)
    logged_in_name = ""
    if user is not None and user.is_authenticated:
        logged_in_name = user.get_full_name() or user.get_username()
    count = len(approved)
    return Discussion(
        article=article,
        entries=entries,
        count=count,
        heading=heading(count, article.title),
        closed=closed,
        form=form,
        reply_to=reply_to,
        akismet_on=spam.is_configured(),
        logged_in_name=logged_in_name,
        required=discussion.require_name_email,
    )


@register.filter
def comment_html(text):
    return render_comment(text)
