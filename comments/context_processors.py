"""What every admin page shows about comments: the pending badge and the
Akismet warning. Public pages get nothing and pay nothing."""

from django.core.cache import cache

from bluedomes.paths import path_of
from bluedomes.roles import is_moderator

from .akismet import akismet_status
from .models import Comment

PENDING_COUNT_KEY = "comments:pending-count"
# New comments reach the badge within this many seconds; the queue's own
# counts are always exact, and moderator actions refresh the badge at once.
PENDING_COUNT_TIMEOUT = 30


def pending_count():
    count = cache.get(PENDING_COUNT_KEY)
    if count is None:
        count = Comment.objects.pending().count()
        cache.set(PENDING_COUNT_KEY, count, PENDING_COUNT_TIMEOUT)
    return count


def forget_pending_count():
    cache.delete(PENDING_COUNT_KEY)


def moderation(request):
    if not request.path.startswith(path_of("admin:index")):
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return {}
    # Only people who work the comments need the badge or Akismet's state;
    # an author writing an article would read the warning as noise.
    if not is_moderator(user):
        return {}
    return {
        "akismet_status": akismet_status(),
        "comments_pending_count": pending_count(),
        "comments_pending_url": path_of("admin:comments_comment_changelist") + "?status=pending",
    }
