"""Emails about comments, sent from background tasks.

comments.moderation enqueues ``comment_approved`` and ``comment_held`` after
a transition commits; by the time a task runs the comment may have moved on,
so each task re-reads it and does nothing unless it is still in the state the
email talks about. Nobody is ever emailed about spam."""

import logging

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from articles.languages import page_language
from bluedomes.roles import moderators
from bluedomes.site import absolute_url

from .emails import build_email, send_all
from .models import Comment, DiscussionSettings, ModeratorPreference, Subscription
from .moderator import action_links
from .subscriptions import unsubscribe_url

logger = logging.getLogger(__name__)

def queue_url(status=""):
    path = reverse("admin:comments_comment_changelist")
    return absolute_url(f"{path}?status={status}" if status else path)


def moderator_emails():
    """The addresses of everyone who moderates (bluedomes.roles.moderators)."""
    return sorted({email.strip() for email in moderators().exclude(email="").values_list("email", flat=True)})


def moderator_recipients(emails=ModeratorPreference.Emails.EACH):
    """(address, user) for everyone who moderates and chose ``emails`` (an
    email per held comment, the default, or the daily digest), one user per
    address: each gets action links signed for their own account."""
    digest = ModeratorPreference.objects.filter(emails=ModeratorPreference.Emails.DIGEST).values("user_id")
    people = moderators().exclude(email="")
    people = people.filter(pk__in=digest) if emails == ModeratorPreference.Emails.DIGEST else people.exclude(pk__in=digest)
    chosen = {}
    for user in people.order_by("pk"):
        chosen.setdefault(user.email.strip().lower(), (user.email.strip(), user))
    return [chosen[key] for key in sorted(chosen)]


def _load(comment_pk):
    comment = Comment.objects.filter(pk=comment_pk).select_related("content_type").first()
    if comment is None:
        return None, None
    return comment, comment.content_object


def _held_by_a_person(comment):
    """True when the last move to pending was a moderator's Unapprove/Not spam:
    they have just looked at it and need no "please moderate" email."""
    event = comment.events.filter(to_status=Comment.Status.PENDING).order_by("-created_at", "-id").first()
    return event is not None and event.actor_id is not None


@task
def comment_held(comment_pk):
    """Ask the moderators to look at a comment the pipeline held.

    Silent while Akismet has not answered yet (the re-check job enqueues this
    again when it concludes), and for comments no longer pending."""
    comment, article = _load(comment_pk)
    if comment is None or article is None or comment.status != Comment.Status.PENDING or comment.awaiting_check:
        return 0
    if not DiscussionSettings.load().notify_moderators or _held_by_a_person(comment):
        return 0
    context = {
        "comment": comment,
        "article": article,
        "comment_url": comment.get_full_url(article),
        "change_url": absolute_url(reverse("admin:comments_comment_change", args=[comment.pk])),
        "queue_url": queue_url(Comment.Status.PENDING),
        "waiting": Comment.objects.pending().count(),
    }
    subject = _("Please moderate: “%(title)s”") % {"title": article.title}
    messages = [
        build_email(address, subject, "comments/email/comment_held.txt",
                    {**context, "action_links": action_links.links(comment, user), "link_days": action_links.days()})
        for address, user in moderator_recipients()
    ]
    return send_all(messages)


def _already_notified(comment):
    # A comment approved, unapproved and approved again has been announced once.
    return comment.events.filter(to_status=Comment.Status.APPROVED).count() > 1


@task
def comment_approved(comment_pk):
    """Tell the article's author and the article's confirmed followers about a
    newly approved comment (xtd only mails followers of comments that are public
    when posted, and does not know our subscriptions)."""
    comment, article = _load(comment_pk)
    if comment is None or article is None or comment.status != Comment.Status.APPROVED:
        return 0
    if _already_notified(comment):
        return 0
    # The article's author and its followers read the article's language.
    with translation.override(page_language(article.language)):
        return send_all(_approved_messages(comment, article))


def _approved_messages(comment, article):
    commenter = (comment.user_email or "").strip().lower()
    context = {"comment": comment, "article": article, "comment_url": comment.get_full_url(article)}
    subject = _("New comment on “%(title)s”") % {"title": article.title}
    if comment.is_ping:
        subject = _("New %(kind)s on “%(title)s”") % {"kind": comment.get_type_display().lower(), "title": article.title}
    messages = []

    author = article.author
    author_email = (author.email or "").strip()
    notify_author = (
        DiscussionSettings.load().notify_authors
        and author_email
        and author.is_active
        and author_email.lower() != commenter
        and comment.user_id != author.pk
    )
    if notify_author:
        author_context = {
            **context,
            "recipient": author,
            "change_url": absolute_url(reverse("admin:comments_comment_change", args=[comment.pk])),
        }
        messages.append(build_email(author_email, subject, "comments/email/comment_approved_author.txt", author_context))

    if not comment.is_ping:
        confirmed = Subscription.objects.filter(article=article, confirmed_at__isnull=False).exclude(
            email__iexact=commenter
        )
        if notify_author:
            confirmed = confirmed.exclude(email__iexact=author_email)
        replied_to = _replied_to(comment)
        if replied_to is not None:
            reply_subject = _("%(name)s replied to your comment on “%(title)s”") % {
                "name": comment.user_name or _("Anonymous"), "title": article.title,
            }
            for subscription in confirmed.filter(email__iexact=replied_to.user_email.strip()):
                messages.append(_follower_email(
                    subscription, reply_subject, "comments/email/comment_reply.txt", {**context, "parent": replied_to}
                ))
            confirmed = confirmed.exclude(email__iexact=replied_to.user_email.strip())
        for subscription in confirmed.filter(scope=Subscription.Scope.ALL):
            messages.append(
                _follower_email(subscription, subject, "comments/email/comment_approved_follower.txt", context)
            )
    return messages


def _replied_to(comment):
    """The comment this one answers, when it has an address to tell (xtd's
    top-level comments are their own parent)."""
    if not comment.parent_id or comment.parent_id == comment.pk:
        return None
    parent = Comment.objects.filter(pk=comment.parent_id).exclude(user_email="").first()
    return parent


def _follower_email(subscription, subject, template, context):
    link = unsubscribe_url(subscription)
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return build_email(
        subscription.email, subject, template, {**context, "subscription": subscription, "unsubscribe_url": link},
        headers,
    )
