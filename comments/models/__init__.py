"""The comments app's models, in two modules: the comments themselves
(``comments``) and what is kept beside them (``records``)."""

from .comments import (  # noqa: F401
    Comment,
    CommentEvent,
    CommentManager,
    CommentPages,
    CommentQuerySet,
    DiscussionSettings,
)
from .records import (  # noqa: F401
    CacheVersion,
    CommentReport,
    LinkNotification,
    PersonalDataRequest,
    SpamCheckRun,
    SpamStat,
    Subscription,
)
