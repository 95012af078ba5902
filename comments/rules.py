"""Local rules, WordPress's Settings → Discussion: each one a small function
that needs no network, so the pipeline can apply them before and after the
Akismet check and each can be tested on its own.

WordPress's order is kept: privileged authors first, then manual approval,
links, moderation keys, and the previously-approved author rule
(wp-includes/comment.php, ``wp_allow_comment`` and ``check_comment``)."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bluedomes.prepared import PreparedQuery
from bluedomes.roles import is_moderator

from .models import Comment, DiscussionSettings, object_key
from .text import render_comment

_ANCHOR = re.compile(r"<a\s", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """What the local rules make of a comment that Akismet (if asked) found ham."""

    status: str
    reason: str


def comments_closed(article, discussion=None, now=None):
    """Closed when the article disallows comments, or is older than the
    "close comments after N days" setting."""
    if not article.allow_comments:
        return True
    discussion = discussion or DiscussionSettings.load()
    if discussion.close_after_days:
        limit = (now or timezone.now()) - timedelta(days=discussion.close_after_days)
        return article.published_at < limit
    return False


def missing_name_or_email(name, email, discussion):
    """True when the settings require both and one is blank."""
    return discussion.require_name_email and not (name.strip() and email.strip())


def _duplicates(content_type_id, object_pk, email, text):
    return (
        Comment.objects.for_object(content_type_id, object_pk)
        .exclude(status=Comment.Status.TRASH)
        .by_email(email)
        .filter(comment=text)
        .order_by()
        .values_list("pk", flat=True)[:1]
    )


# Asked on every comment POST: prepared once, not built each time.
_first_duplicate = PreparedQuery(Comment, _duplicates)


def is_duplicate(article, email, text):
    """The same words from the same address on the same article, already
    stored in any state but the trash (WordPress: "Duplicate comment detected")."""
    return bool(_first_duplicate(*object_key(article), email.strip(), text))


def is_privileged(user, article):
    """The article's own author or a moderator: their comments are approved."""
    if not (user and user.is_authenticated):
        return False
    return user.pk == article.author_id or is_moderator(user)


def count_links(text):
    """Links as a reader will see them: anchors written by the commenter plus
    bare URLs that rendering turns into links."""
    return len(_ANCHOR.findall(render_comment(text)))


def _keys(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def matching_key(keys_text, comment):
    """The first key (one per line) found, case-insensitively, in the
    comment's author, email, URL, text, IP or user agent; None otherwise."""
    haystacks = [
        comment.user_name,
        comment.user_email,
        comment.user_url,
        comment.comment,
        comment.ip_address or "",
        comment.user_agent,
    ]
    for key in _keys(keys_text):
        pattern = re.compile(re.escape(key), re.IGNORECASE)
        if any(pattern.search(haystack or "") for haystack in haystacks):
            return key
    return None


def disallowed_key(comment, discussion):
    """A disallowed key sends the comment to the trash before anything else."""
    return matching_key(discussion.disallowed_keys, comment)


def _approved_from(name, email, pk):
    return (
        Comment.objects.approved()
        .filter(type=Comment.Type.COMMENT, user_name=name)
        .by_email(email)
        .exclude(pk=pk)
        .order_by()
        .values_list("pk", flat=True)[:1]
    )


# Asked for every comment the local rules decide.
_first_approved_from = PreparedQuery(Comment, _approved_from)


def is_known_author(comment):
    """Same name and email as a comment already approved on this site."""
    if not (comment.user_name and comment.user_email):
        return False
    return bool(_first_approved_from(comment.user_name, comment.user_email, comment.pk))


def decide(comment, article, discussion, user=None):
    """Approved or held, for a comment that is not spam."""
    approved, pending = Comment.Status.APPROVED, Comment.Status.PENDING
    if user is None and comment.user_id:
        user = comment.user
    if is_privileged(user, article):
        return Decision(approved, _("Approved: written by the article's author or a moderator"))
    if discussion.manual_approval:
        return Decision(pending, _("Held: every comment is approved by hand"))
    links = count_links(comment.comment)
    if discussion.hold_link_count and links >= discussion.hold_link_count:
        return Decision(pending, _("Held: contains %(count)d links") % {"count": links})
    key = matching_key(discussion.moderation_keys, comment)
    if key:
        return Decision(pending, _("Held: matches the moderation key “%(key)s”") % {"key": key})
    # WordPress applies the previously-approved rule to comments only;
    # pings carry no name/email of a person to recognise.
    if discussion.approve_known_authors and not comment.is_ping:
        if is_known_author(comment):
            return Decision(approved, _("Approved: the author has a previously approved comment"))
        return Decision(pending, _("Held: first comment from this author"))
    return Decision(approved, _("Approved: no rule held it"))
