"""What the admin's front page shows at a glance: articles and comments by
status, the newest held comments, open drafts, recent decisions and how
Akismet is doing. Each panel costs a fixed number of queries, whatever the
number of articles or comments."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from bluedomes.roles import is_moderator, may_edit_any_article

from ..akismet import akismet_status
from ..models import Comment, CommentEvent, SpamStat

Status = Comment.Status
Verdict = Comment.Verdict
# The window of the Akismet figures.
AKISMET_WINDOW = timedelta(days=30)
NEWEST_HELD = 5
DRAFTS_SHOWN = 6
ACTIVITY_SHOWN = 8


@dataclass
class Tally:
    label: str
    count: int
    url: str
    style: str = ""


def article_tallies(user):
    articles = Article.objects.all() if may_edit_any_article(user) else Article.objects.filter(author=user)
    counts = articles.aggregate(total=Count("pk"), drafts=Count("pk", filter=Q(status=Article.Status.DRAFT)))
    published = articles.published().count()
    changelist = reverse("admin:articles_article_changelist")
    return [
        Tally(Article.Status.PUBLISHED.label, published, f"{changelist}?status=published", "published"),
        Tally(Article.Status.SCHEDULED.label, counts["total"] - counts["drafts"] - published,
              f"{changelist}?status=scheduled", "scheduled"),
        Tally(Article.Status.DRAFT.label, counts["drafts"], f"{changelist}?status=draft", "draft"),
    ]


def comment_tallies():
    counts = Comment.objects.order_by().aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
    queue = reverse("admin:comments_comment_changelist")
    return [Tally(status.label, counts[status.value], f"{queue}?status={status.value}", status.value)
            for status in (Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH)]


def newest_held():
    return list(
        Comment.objects.pending().order_by("-submit_date", "-pk")
        .prefetch_related(GenericPrefetch("content_object", [Article.objects.only("pk", "title", "slug",
                                                                                    "published_at", "status")]))
        [:NEWEST_HELD]
    )


def drafts(user):
    """The user's own open drafts, and (for editors) everyone else's."""
    open_drafts = Article.objects.filter(status=Article.Status.DRAFT).order_by("-updated_at").select_related("author")
    mine = list(open_drafts.filter(author=user)[:DRAFTS_SHOWN])
    others = list(open_drafts.exclude(author=user)[:DRAFTS_SHOWN]) if may_edit_any_article(user) else None
    return mine, others


def recent_activity(user):
    """Moderators' latest decisions on comments, or for others their own latest admin actions."""
    if is_moderator(user):
        return list(CommentEvent.objects.filter(actor__isnull=False).select_related("actor", "comment")
                    .order_by("-created_at", "-id")[:ACTIVITY_SHOWN]), "comments"
    return list(LogEntry.objects.filter(user=user).select_related("content_type")[:ACTIVITY_SHOWN]), "log"


@dataclass
class AkismetPanel:
    status: str
    caught: int
    discarded: int
    overturned: int
    false_positives: int
    missed: int
    checked: int
    waiting: int
    oldest_waiting: object

    @property
    def overturned_percent(self):
        return round(100 * self.overturned / self.checked, 1) if self.checked else 0


def akismet_panel(now=None):
    """Akismet's record over the last 30 days, from the history already
    kept: what it caught, and how often a moderator decided otherwise (a
    spam verdict undone, or a comment it passed marked as spam)."""
    now = now or timezone.now()
    since = now - AKISMET_WINDOW
    recent = CommentEvent.objects.filter(created_at__gte=since)
    decided_by_person = Q(actor__isnull=False)
    events = recent.aggregate(
        caught=Count("pk", filter=Q(actor__isnull=True, to_status=Status.SPAM)),
        false_positives=Count("pk", filter=decided_by_person & Q(from_status=Status.SPAM)
                              & Q(to_status__in=[Status.APPROVED, Status.PENDING])
                              & Q(comment__akismet_verdict__in=[Verdict.SPAM, Verdict.DISCARD])),
        missed=Count("pk", filter=decided_by_person & Q(to_status=Status.SPAM) & Q(comment__akismet_verdict=Verdict.HAM)),
    )
    checked = Comment.objects.filter(submit_date__gte=since, akismet_verdict__in=[
        Verdict.HAM, Verdict.SPAM, Verdict.DISCARD]).count()
    discarded = SpamStat.objects.filter(day__gte=since.date()).aggregate(n=Sum("discarded"))["n"] or 0
    waiting = Comment.objects.awaiting_spam_check().aggregate(n=Count("pk"), oldest=Min("submit_date"))
    overturned = events["false_positives"] + events["missed"]
    return AkismetPanel(
        status=akismet_status(), caught=events["caught"], discarded=discarded, overturned=overturned,
        false_positives=events["false_positives"], missed=events["missed"], checked=checked + discarded,
        waiting=waiting["n"], oldest_waiting=waiting["oldest"],
    )


def context(request):
    """The dashboard's template context for ``request.user``."""
    user = request.user
    mine, others = drafts(user)
    activity, activity_kind = recent_activity(user)
    data = {
        "article_tallies": article_tallies(user) if user.has_perm("articles.view_article") else None,
        "my_drafts": mine,
        "other_drafts": others,
        "activity": activity,
        "activity_kind": activity_kind,
        "moderates": is_moderator(user),
    }
    if data["moderates"]:
        data.update(comment_tallies=comment_tallies(), newest_held=newest_held(), akismet=akismet_panel())
    return data
