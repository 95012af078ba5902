"""Approve / Spam / Trash from the moderator's email, without signing in:
the move a checked link (comments.moderator.action_links) asks for, done once."""

from django.db import transaction

from .. import moderation
from ..context_processors import forget_pending_count
from ..models import Comment
from .action_links import MOVES, LinkRefused, latest_event_id


def perform(action):
    """Run the move once: the comment is re-read under a lock so two clicks
    (or two moderators) cannot both act."""
    status, _label, message = MOVES[action.move]
    with transaction.atomic():
        comment = Comment._base_manager.select_for_update().get(pk=action.comment.pk)
        if latest_event_id(comment) != action.event_id:
            raise LinkRefused("used", comment)
        if comment.status == status:
            moderation.record(comment, str(message) % {"name": action.user.get_username()}, actor=action.user)
        else:
            moderation.set_status(comment, status, actor=action.user,
                                  message=str(message) % {"name": action.user.get_username()})
    forget_pending_count()
    return comment
