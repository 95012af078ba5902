"""Readers reporting a published comment.

A report is recorded in the comment's history; when the Discussion
settings' number of reports is reached, the comment is held for moderation
through comments.moderation, like any other change of status. A reader
(cookie token or hashed address, as for likes) reports a comment once."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import moderation
from .models import Comment, CommentReport, DiscussionSettings

# Reports one address may send per hour: enough for a reader in a heated
# thread, too few to hold a whole discussion by script.
PER_IP_PER_HOUR = 10


def already_reported(comment, token, hashed_ip):
    return comment.reports.filter(Q(reader_token=token) | Q(ip_hash=hashed_ip)).exists()


def report(comment, *, reason, details, token, hashed_ip):
    """Record one reader's report; True when recorded, False when they had reported it already."""
    if already_reported(comment, token, hashed_ip):
        return False
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reason=reason, details=details[:500], reader_token=token, ip_hash=hashed_ip
            )
            message = _("Reported by a reader: %(reason)s") % {"reason": CommentReport.Reason(reason).label}
            if details.strip():
                message += f" — “{details.strip()}”"
            moderation.record(comment, message)
            _hold_if_due(comment)
    except IntegrityError:
        return False
    return True


def _hold_if_due(comment):
    threshold = DiscussionSettings.load().hold_after_reports
    count = comment.reports.count()
    if threshold and count >= threshold and comment.status == Comment.Status.APPROVED:
        message = ngettext(
            "Held for moderation after %(count)d reader report",
            "Held for moderation after %(count)d reader reports", count,
        ) % {"count": count}
        moderation.set_status(comment, Comment.Status.PENDING, message=message)
