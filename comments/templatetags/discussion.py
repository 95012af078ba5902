"""``{% discussion_for article as discussion %}``: everything the comment
section of an article page shows, in a constant number of queries.

One query fetches the article's approved comments and pings (xtd's own
``tree_from_queryset`` would add per-comment flag queries); the thread is
built and written in Python (comments.thread_markup). A second query, only
when this browser has held comments waiting, fetches those so their author
sees them in place.

The rendered thread is the same for every reader without held comments, so
it is kept in the shared cache (comments.thread_cache) and rebuilt only after a
change; the form and everything else per reader is built on each request."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from bluedomes.params import parse_id
from bluedomes.prepared import PreparedQuery

from .. import akismet, thread_cache
from ..cookies import pending_ids, remembered_commenter
from ..forms import CommentForm
from ..models import Comment, CommentPages, DiscussionSettings, object_key
from ..pipeline import reply_parent
from ..rules import comments_closed
from ..text import render_comment
from ..thread_markup import build_thread, heading, page_nav, thread_markup

register = template.Library()


@dataclass
class Discussion:
    article: object
    thread: str
    closed: bool
    form: object
    reply_to: object
    akismet_on: bool
    logged_in_name: str
    required: bool


# What the thread shows of a comment: the rest (Akismet's request, the user
# agent…) can be large and is never printed.
THREAD_FIELDS = (
    "parent_id", "thread_id", "order", "level", "comment", "submit_date", "user_id", "user_name", "user_email",
    "user_url", "type", "source_url", "source_title", "source_site_name",
)


class ShownComment:
    """A comment as the thread prints it: THREAD_FIELDS as attributes, read
    with values() — building 200 model instances took three times as long."""

    def __init__(self, row):
        self.__dict__.update(row)
        self.is_ping = self.type != Comment.Type.COMMENT


def _rows(queryset):
    return queryset.order_by("thread_id", "order").values("pk", *THREAD_FIELDS)


def _shown(rows):
    return [ShownComment(row) for row in rows]


_every_approved = PreparedQuery(Comment, lambda content_type_id, object_pk: _rows(
    Comment.objects.approved().for_object(content_type_id, object_pk)
))
_approved_in_threads = PreparedQuery(Comment, lambda content_type_id, object_pk, threads: _rows(
    Comment.objects.approved().for_object(content_type_id, object_pk).filter(thread_id__in=threads)
))


def _approved(article, threads):
    if threads is None:
        return _shown(_every_approved(*object_key(article)))
    return _shown(_approved_in_threads(*object_key(article), list(threads)))


def _awaiting(article, request):
    """This browser's own held comments on the article (no query without the cookie)."""
    mine = pending_ids(request) if request is not None else []
    if not mine:
        return []
    return _shown(_rows(Comment.objects.pending().for_article(article).filter(pk__in=mine)))


def render_thread(article, *, closed, awaiting=(), page=None, discussion=None):
    """The heading, one comment page's threads and the feed link, as HTML;
    ``awaiting`` (held comments shown to their author only) take their place
    in the thread. ``page`` None: the page the article's permalink shows."""
    discussion = discussion or DiscussionSettings.load()
    gravatars = discussion.show_gravatars
    pages = CommentPages(article, discussion)
    page = page or pages.default
    threads = pages.threads_on(page)
    approved = _approved(article, threads)
    awaiting = [c for c in awaiting if pages.page_of(c.thread_id) == page]
    comments = sorted([*approved, *awaiting], key=lambda c: (c.thread_id, c.order))
    entries = build_thread(
        comments, max_level=settings.COMMENTS_XTD_MAX_THREAD_LEVEL, open_=not closed,
        awaiting_ids={c.pk for c in awaiting}, gravatars=gravatars,
    )
    # "N thoughts" counts every page's comments.
    count = len(approved) if threads is None else pages.comment_count
    nav_top, nav_bottom = page_nav(pages, page)
    return render_to_string("comments/thread.html", {
        "article": article, "entries": thread_markup(entries, article), "count": count,
        "heading": heading(count, article.title), "nav_top": nav_top, "nav_bottom": nav_bottom,
    })


def thread_html(article, request, closed, version=None, page=None, discussion=None):
    """The thread as this reader sees it. Everyone without held comments of
    their own sees the same thread: that one comes from comments.thread_cache.
    A reader with held comments gets it rendered for them, in place."""
    awaiting = _awaiting(article, request)
    if awaiting:
        return render_thread(article, closed=closed, awaiting=awaiting, page=page, discussion=discussion)
    # The article's last change: also catches writes that send no signal
    # (bulk imports); the thread's version covers every page of it, and the
    # discussion settings' paging every way of cutting it.
    discussion = discussion or DiscussionSettings.load()
    paging = f"{discussion.page_comments}:{discussion.comments_per_page}:{discussion.default_comments_page}"
    updated = article.updated_at.timestamp() if article.updated_at else ""
    variant = f"{int(closed)}:{int(discussion.show_gravatars)}:{get_language()}:{updated}:{paging}:{page or 'default'}"
    return thread_cache.cached_thread(
        article.pk, variant, lambda: render_thread(article, closed=closed, page=page, discussion=discussion), version
    )


def reply_target(article, reply_pk, closed):
    """The comment a reply form is for (?replytocom, or a re-shown form's
    reply_to), by the same rule the POST applies, or None."""
    reply_pk = parse_id(str(reply_pk or ""))
    if closed or reply_pk is None:
        return None
    return reply_parent(article, reply_pk)


@register.simple_tag(takes_context=True)
def discussion_for(context, article):
    """Everything per reader — the form with its CSRF token, remembered name,
    reply target and errors, the "Logged in as" line — is built here on every
    request; only the thread itself may come from the cache."""
    request = context.get("request")
    discussion = DiscussionSettings.load()
    closed = comments_closed(article, discussion) or not article.is_public
    # The article page passes the version it read before rendering (articles.page_cache).
    thread = thread_html(
        article, request, closed, context.get("thread_version"), context.get("comment_page"), discussion
    )

    form = context.get("comment_form")
    user = getattr(request, "user", None)
    reply_to = None
    if form is None:
        initial = {}
        if request is not None:
            remembered = remembered_commenter(request)
            if remembered:
                initial.update(remembered, remember=True)
            reply_to = reply_target(article, request.GET.get("replytocom"), closed)
            if reply_to is not None:
                initial["reply_to"] = reply_to.pk
        signed_in = user is not None and user.is_authenticated
        form = CommentForm(article, initial=initial, require_name_email=discussion.require_name_email and not signed_in)
    elif form.is_bound:
        reply_to = reply_target(article, form.data.get("reply_to"), closed)

    logged_in_name = ""
    if user is not None and user.is_authenticated:
        logged_in_name = user.get_full_name() or user.get_username()
    return Discussion(
        article=article,
        thread=thread,
        closed=closed,
        form=form,
        reply_to=reply_to,
        akismet_on=akismet.is_configured(),
        logged_in_name=logged_in_name,
        required=discussion.require_name_email,
    )


@register.filter
def comment_html(text):
    return render_comment(text)
