"""The comment moderation admin: the queue (``queue``), its moves and bulk
actions (``actions``), its filters (``filters``) and the pages beside it
(``discussion``: Discussion settings, spam statistics, subscriptions).
Importing the package registers them all with the admin site."""

from . import discussion, queue  # noqa: F401
