from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment, XtdCommentManager

from bluedomes.site import absolute_url


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def trash(self):
        return self.filter(status=Comment.Status.TRASH)

    def for_article(self, article):
        return self.filter(
            content_type=ContentType.objects.get_for_model(article),
            object_pk=str(article.pk),
        )

    def pings(self):
        return self.exclude(type=Comment.Type.COMMENT)

    def awaiting_spam_check(self):
        """Held comments whose Akismet check has not concluded yet (first try
        or retries still to come)."""
        return self.filter(
            status=Comment.Status.PENDING,
            akismet_verdict__in=[Comment.Verdict.UNCHECKED, Comment.Verdict.ERROR],
            next_check_at__isnull=False,
        )


class CommentManager(XtdCommentManager.from_queryset(CommentQuerySet)):
    pass


class Comment(XtdComment):
    """A reader's comment, or a pingback/webmention/trackback from another site.

    ``status`` is the one truth about visibility; xtd's ``is_public`` and
    ``is_removed`` are derived from it by comments.moderation, the only code
    that changes it."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PENDING = "pending", _("Pending")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    class Type(models.TextChoices):
        COMMENT = "comment", _("Comment")
        PINGBACK = "pingback", _("Pingback")
        WEBMENTION = "webmention", _("Webmention")
        TRACKBACK = "trackback", _("Trackback")

    class Verdict(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked")
        HAM = "ham", _("Ham")
        SPAM = "spam", _("Spam")
        DISCARD = "discard", _("Spam (blatant)")
        ERROR = "error", _("Check failed")
        SKIPPED = "skipped", _("Not checked (Akismet off)")

    xtdcomment_ptr = models.OneToOneField(
        XtdComment, parent_link=True, primary_key=True, on_delete=models.CASCADE, related_name="entry"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    # Where Not spam / Restore send a comment back to.
    previous_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.COMMENT, db_index=True)

    user_agent = models.TextField(_("user agent"), blank=True)
    referrer = models.TextField(_("referrer"), blank=True)
    # Exactly what comment-check was sent, so submit-spam/submit-ham can
    # repeat it as Akismet asks.
    akismet_request = models.JSONField(default=dict, blank=True)
    akismet_verdict = models.CharField(
        _("Akismet"), max_length=10, choices=Verdict.choices, default=Verdict.UNCHECKED
    )
    awaiting_check = models.BooleanField(_("awaiting spam check"), default=False, db_index=True)
    check_attempts = models.PositiveIntegerField(default=0)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)

    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_site_name = models.CharField(_("source site"), max_length=200, blank=True)
    # sha256 of "<article id> <source URL>" for pings: the database refuses a
    # second ping from the same source to the same article (Pingback fault 48).
    ping_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    wordpress_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    objects = CommentManager()

    # What a status change writes (comments.moderation); the thread cache
    # tells such saves from edits by them.
    STATUS_FIELDS = frozenset({"status", "previous_status", "is_public", "is_removed"})

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    @property
    def anchor(self):
        """The id of the comment's element in its article's page (the thread markup uses it)."""
        return f"comment-{self.pk}"

    def get_absolute_url(self, article=None):
        """The comment at its article's permalink. django_comments' version
        points at its own redirect view, which is not routed here. Pass the
        ``article`` when it is at hand, to spare the generic relation's query."""
        return f"{(article or self.content_object).get_absolute_url()}#{self.anchor}"

    def get_full_url(self, article=None):
        return absolute_url(self.get_absolute_url(article))

    @property
    def is_ping(self):
        return self.type != self.Type.COMMENT

    @classmethod
    def visibility(cls, status):
        """xtd's ``is_public``/``is_removed`` for ``status``: shown when
        approved, removed when spam or trash, neither while held."""
        return {"is_public": status == cls.Status.APPROVED, "is_removed": status in (cls.Status.SPAM, cls.Status.TRASH)}


class CommentEvent(models.Model):
    """One line of a comment's audit history."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    message = models.CharField(max_length=300)
    # A moderator's edit: {"before": {field: old}, "after": {field: new}}, so
    # the words the commenter wrote are never lost to an edit.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.message


class DiscussionSettings(models.Model):
    """WordPress's Settings → Discussion, edited by staff in the admin.
    One row; ``DiscussionSettings.load()`` returns it."""

    manual_approval = models.BooleanField(_("comments must be manually approved"), default=False)
    approve_known_authors = models.BooleanField(
        _("approve authors with a previously approved comment"), default=True
    )
    hold_link_count = models.PositiveIntegerField(
        _("hold a comment with this many links or more"), default=2
    )
    moderation_keys = models.TextField(
        _("moderation keys"), blank=True,
        help_text=_("One word, name, email, URL or IP per line. A comment containing one is held."),
    )
    disallowed_keys = models.TextField(
        _("disallowed keys"), blank=True,
        help_text=_("One word, name, email, URL or IP per line. A comment containing one goes to the trash."),
    )
    require_name_email = models.BooleanField(_("comment author must fill out name and email"), default=True)
    close_after_days = models.PositiveIntegerField(
        _("close comments on articles older than this many days"), default=0, help_text=_("0 keeps them open.")
    )
    discard_worst_spam = models.BooleanField(_("silently discard the worst spam"), default=True)
    notify_moderators = models.BooleanField(_("email moderators when a comment is held"), default=True)
    notify_authors = models.BooleanField(_("email the article's author when a comment is approved"), default=True)
    notify_linked_blogs = models.BooleanField(_("notify blogs linked from articles"), default=True)
    spam_retention_days = models.PositiveIntegerField(_("delete spam after (days)"), default=15)
    trash_retention_days = models.PositiveIntegerField(_("delete trash after (days)"), default=30)
    erase_personal_data_after_days = models.PositiveIntegerField(
        _("erase commenters' IPs and Akismet data after (days)"), default=0, help_text=_("0 keeps them.")
    )

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")

    def __str__(self):
        return str(_("Discussion settings"))

    @classmethod
    def load(cls):
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class Subscription(models.Model):
    """A reader's wish to hear of follow-up comments on an article, confirmed
    by a link emailed to them (double opt-in) before any notification is sent."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "email"], name="one_subscription_per_email")]

    def __str__(self):
        return f"{self.email} → {self.article_id}"


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
