"""What the comment machinery keeps beside the comments: follow-up
subscriptions, readers' reports, spam counts, the per-link log of pings we
sent, cache versions, and readers' requests for their own data."""


from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .comments import Comment


class Subscription(models.Model):
    """A reader's wish to hear of follow-up comments on an article (every new
    comment, or only replies to their own), confirmed by a link emailed to
    them (double opt-in) before any notification is sent."""

    class Scope(models.TextChoices):
        ALL = "all", _("Every new comment")
        REPLIES = "replies", _("Replies to my comments")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.ALL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "email"], name="one_subscription_per_email")]

    def __str__(self):
        return f"{self.email} → {self.article_id}"


class CommentReport(models.Model):
    """A reader's report of a published comment. Readers have no accounts:
    one is recognised as likes are (articles.likes), by a signed cookie token
    and a keyed hash of their address, and may report a comment once."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or harassing")
        HATE = "hate", _("Hate speech")
        PRIVACY = "privacy", _("Reveals someone's identity or private details")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    reader_token = models.CharField(max_length=64)
    ip_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reader_token"], name="one_report_per_reader")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.comment_id}: {self.reason}"


class SpamCheckRun(models.Model):
    """A moderator's "Check for spam" over the held comments: the comments
    are checked in batches by background tasks, which count their progress
    here so the queue can show it."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    spam = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.checked}/{self.total}"

    @property
    def percent(self):
        return 100 if not self.total else min(100, round(100 * self.checked / self.total))


class SpamStat(models.Model):
    """Daily count of spam discarded without being stored."""

    day = models.DateField(_("day"), unique=True)
    discarded = models.PositiveIntegerField(_("discarded"), default=0)

    class Meta:
        verbose_name = _("day of discarded spam")
        verbose_name_plural = _("days of discarded spam")

    def __str__(self):
        return f"{self.day}: {self.discarded}"


class LinkNotification(models.Model):
    """Outbound: one link in one article, and how telling its site went."""

    class Method(models.TextChoices):
        WEBMENTION = "webmention", _("Webmention")
        PINGBACK = "pingback", _("Pingback")
        NONE = "", _("None found")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Notified")
        UNSUPPORTED = "unsupported", _("No endpoint")
        FAILED = "failed", _("Failed")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="link_notifications")
    url = models.URLField(max_length=1000)
    method = models.CharField(max_length=12, choices=Method.choices, blank=True)
    endpoint = models.URLField(max_length=1000, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING, db_index=True)
    result = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "url"], name="one_notification_per_link")]

    def __str__(self):
        return f"{self.article_id} → {self.url}"


class CacheVersion(models.Model):
    """A random token naming the current state of something the cache keeps
    rendered (an article's comment thread, the site's content); see
    comments.thread_cache. It lives in the database, not the cache, so it changes in
    the same transaction as what it describes and every process — web
    servers and background workers, whatever the cache backend — sees it."""

    key = models.CharField(max_length=100, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.key}: {self.token}"


class PersonalDataRequest(models.Model):
    """A reader's own request, confirmed from their mailbox, to export or
    erase their comments: the editors' record of what was done and when.
    The address is kept masked, so that the record of an erasure does not
    itself say who had commented."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("export")
        ERASE = "erase", _("erasure")

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    masked_email = models.CharField(_("email address (masked)"), max_length=254)
    # The spent link's digest: each emailed link acts once.
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    subscriptions = models.PositiveIntegerField(_("subscriptions"), default=0)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        ordering = ["-done_at", "-id"]
        verbose_name = _("reader's data request")
        verbose_name_plural = _("readers' data requests")

    def __str__(self):
        return f"{self.get_kind_display()} {self.masked_email}"
