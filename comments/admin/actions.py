"""What a moderator can do to comments from the queue, per row and in bulk.

Every status change goes through comments.moderation with the moderator as
actor, so history, Akismet feedback and emails follow from it; deleting goes
through comments.purge, which keeps replies of deleted comments."""

import json
from dataclasses import dataclass
from typing import Callable

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import moderation, privacy
from ..context_processors import forget_pending_count
from ..models import Comment
from ..purge import delete_permanently

Status = Comment.Status


@dataclass(frozen=True)
class Move:
    """One moderation verb: whom it applies to, what it does, what it says."""

    name: str
    label: str
    applies: Callable
    perform: Callable
    done: Callable
    permission: str = "change"
    # Shown as a button on rows in these statuses (bulk applies wherever ``applies``).
    row_statuses: tuple = ()
    style: str = ""


MOVES = {
    move.name: move
    for move in [
        Move(
            "approve", _("Approve"),
            applies=lambda c: c.status != Status.APPROVED,
            perform=lambda c, user: moderation.set_status(c, Status.APPROVED, actor=user),
            done=lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
            row_statuses=(Status.PENDING,), style="approve",
        ),
        Move(
            "unapprove", _("Unapprove"),
            applies=lambda c: c.status == Status.APPROVED,
            perform=lambda c, user: moderation.set_status(c, Status.PENDING, actor=user),
            done=lambda n: ngettext("%(count)d comment unapproved.", "%(count)d comments unapproved.", n),
            row_statuses=(Status.APPROVED,),
        ),
        Move(
            "spam", _("Spam"),
            applies=lambda c: c.status != Status.SPAM,
            perform=lambda c, user: moderation.set_status(c, Status.SPAM, actor=user),
            done=lambda n: ngettext(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n
            ),
            row_statuses=(Status.PENDING, Status.APPROVED), style="spam",
        ),
        Move(
            "not_spam", _("Not spam"),
            applies=lambda c: c.status == Status.SPAM,
            perform=lambda c, user: moderation.restore(
                c, actor=user, message=gettext("Marked as not spam by %(name)s") % {"name": user.get_username()}
            ),
            done=lambda n: ngettext("%(count)d comment restored from spam.", "%(count)d comments restored from spam.", n),
            row_statuses=(Status.SPAM,), style="approve",
        ),
        Move(
            "trash", _("Trash"),
            applies=lambda c: c.status != Status.TRASH,
            perform=lambda c, user: moderation.set_status(c, Status.TRASH, actor=user),
            done=lambda n: ngettext(
                "%(count)d comment moved to the trash.", "%(count)d comments moved to the trash.", n
            ),
            row_statuses=(Status.PENDING, Status.APPROVED), style="trash",
        ),
        Move(
            "restore", _("Restore"),
            applies=lambda c: c.status == Status.TRASH,
            perform=lambda c, user: moderation.restore(
                c, actor=user, message=gettext("Restored from the trash by %(name)s") % {"name": user.get_username()}
            ),
            done=lambda n: ngettext(
                "%(count)d comment restored from the trash.", "%(count)d comments restored from the trash.", n
            ),
            row_statuses=(Status.TRASH,), style="approve",
        ),
        Move(
            "delete", _("Delete permanently"),
            # WordPress's rule: nothing is deleted without passing through a bin.
            applies=lambda c: c.status in (Status.SPAM, Status.TRASH),
            perform=lambda c, user: delete_permanently([c]),
            done=lambda n: ngettext("%(count)d comment deleted permanently.", "%(count)d comments deleted permanently.", n),
            permission="delete", row_statuses=(Status.SPAM, Status.TRASH), style="delete",
        ),
    ]
}


# The bulk menu of each tab of the queue ("" is All): only the moves that
# can apply there, the gentle ones first and permanent deletion only in the bins.
PRIVACY_ACTIONS = ("export_personal_data", "erase_personal_data")
TAB_ACTIONS = {
    "": ("bulk_approve", "bulk_unapprove", "bulk_spam", "bulk_trash", *PRIVACY_ACTIONS),
    Status.PENDING: ("bulk_approve", "bulk_spam", "bulk_trash", *PRIVACY_ACTIONS),
    Status.APPROVED: ("bulk_unapprove", "bulk_spam", "bulk_trash", *PRIVACY_ACTIONS),
    Status.SPAM: ("bulk_not_spam", "bulk_trash", "delete_selected", *PRIVACY_ACTIONS),
    Status.TRASH: ("bulk_restore", "bulk_spam", "delete_selected", *PRIVACY_ACTIONS),
}


def actions_for_tab(actions, status):
    """``actions`` (the admin's name → action mapping) cut down to the tab's menu, in its order."""
    wanted = TAB_ACTIONS.get(status, TAB_ACTIONS[""])
    return {name: actions[name] for name in wanted if name in actions}


def allowed(modeladmin, request, move):
    if move.permission == "delete":
        return modeladmin.has_delete_permission(request)
    return modeladmin.has_change_permission(request)


def row_moves(modeladmin, request, comment):
    """The buttons a moderator sees on one comment."""
    return [
        move for move in MOVES.values()
        if comment.status in move.row_statuses and allowed(modeladmin, request, move)
    ]


def locked(pks):
    """The comments, re-read under a row lock so two moderators acting on the
    same comment at once are serialised and the second sees the first's result.
    The plain base manager avoids xtd's outer joins, which FOR UPDATE refuses."""
    return Comment._base_manager.filter(pk__in=list(pks)).order_by("pk").select_for_update()


def apply_move(request, move, pks):
    """Run ``move`` on every comment it applies to, in one transaction; the
    emails and Akismet feedback it causes are sent after the commit."""
    count = 0
    with transaction.atomic():
        for comment in locked(pks):
            if move.applies(comment):
                move.perform(comment, request.user)
                count += 1
    forget_pending_count()
    return count


def _bulk(move_name):
    move = MOVES[move_name]

    def action(modeladmin, request, queryset):
        count = apply_move(request, move, queryset.values_list("pk", flat=True))
        modeladmin.message_user(request, move.done(count) % {"count": count}, messages.SUCCESS)

    action.__name__ = f"bulk_{move_name}"
    return admin.action(description=move.label, permissions=[move.permission])(action)


bulk_approve = _bulk("approve")
bulk_unapprove = _bulk("unapprove")
bulk_spam = _bulk("spam")
bulk_not_spam = _bulk("not_spam")
bulk_trash = _bulk("trash")
bulk_restore = _bulk("restore")


def empty_bin(status):
    """Empty spam / Empty trash: every comment in that status, selected or not."""
    with transaction.atomic():
        count = delete_permanently(Comment._base_manager.filter(status=status).only("pk"))
    forget_pending_count()
    return count


def _selected_emails(queryset):
    return sorted({email.strip().lower() for email in queryset.values_list("user_email", flat=True) if email.strip()})


@admin.action(description=_("Export the commenters' personal data (JSON)"), permissions=["view"])
def export_personal_data(modeladmin, request, queryset):
    emails = _selected_emails(queryset)
    if not emails:
        modeladmin.message_user(request, _("The selected comments have no email addresses."), messages.WARNING)
        return None
    data = [privacy.export_personal_data(email) for email in emails]
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
    return response


@admin.action(description=_("Erase the commenters' personal data"), permissions=["change"])
def erase_personal_data(modeladmin, request, queryset):
    emails = _selected_emails(queryset)
    if not emails:
        modeladmin.message_user(request, _("The selected comments have no email addresses."), messages.WARNING)
        return None
    if request.POST.get("confirmed") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Erase personal data?"),
            "emails": emails,
            "comment_count": sum(privacy.comments_by(email).count() for email in emails),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "action": "erase_personal_data",
        }
        return TemplateResponse(request, "admin/comments/comment/erase_personal_data_confirm.html", context)
    comments = subscriptions = 0
    for email in emails:
        result = privacy.erase_personal_data(email, actor=request.user)
        comments += result["comments"]
        subscriptions += result["subscriptions"]
    modeladmin.message_user(
        request,
        _("Personal data erased from %(comments)d comment(s); %(subscriptions)d subscription(s) deleted.")
        % {"comments": comments, "subscriptions": subscriptions},
        messages.SUCCESS,
    )
    return None
