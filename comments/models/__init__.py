"""The comments app's models: the comments themselves (``comments``), what is
kept beside them (``records``), and moderators' email choices (``moderators``)."""

from .comments import (  # noqa: F401
    Comment,
    CommentEvent,
    CommentManager,
    CommentPages,
    CommentQuerySet,
    DiscussionSettings,
    from_address,
    object_key,
)
from .moderators import ModeratorDigest, ModeratorPreference  # noqa: F401
from .records import (  # noqa: F401
    CacheVersion,
    CommentReport,
    LinkNotification,
    PersonalDataRequest,
    SpamCheckRun,
    SpamStat,
    Subscription,
)
