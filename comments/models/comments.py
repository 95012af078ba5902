"""Comments and pings, their history, and the Discussion settings that rule them."""

from bisect import bisect_left
from math import ceil

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import (
    MaxThreadLevelExceededException,
    XtdComment,
    XtdCommentManager,
    max_thread_level_for_content_type,
)

from bluedomes.inserts import NewRows
from bluedomes.paths import path_of
from bluedomes.prepared import PreparedQuery
from bluedomes.site import absolute_url


def object_key(obj):
    """(content type id, object_pk) of the comments on ``obj``: how a
    comment names what it is on."""
    return ContentType.objects.get_for_model(obj).pk, str(obj.pk)


def from_address(email):
    """The condition that a comment is from ``email``, whatever its case.
    Written as UPPER on both sides rather than ``iexact``, which SQLite turns
    into a LIKE pattern: UPPER is what the index on UPPER(user_email) holds,
    on both databases, and its SQL can be prepared once (bluedomes.prepared)."""
    return Exact(Upper("user_email"), Upper(Value(email)))


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
        return self.for_object(*object_key(article))

    def for_object(self, content_type_id, object_pk):
        """The comments on the object ``object_key`` names."""
        return self.filter(content_type_id=content_type_id, object_pk=object_pk)

    def pings(self):
        return self.exclude(type=Comment.Type.COMMENT)

    def by_email(self, email):
        """The comments from ``email``, whatever its case."""
        return self.filter(from_address(email))

    def thread_ids(self):
        """Each comment's thread (a top-level comment and its replies), oldest
        thread first: what comment pages are cut from."""
        return self.order_by("thread_id").values_list("thread_id", flat=True)

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

    # What the reader asked for beside xtd's ``followup``; honoured only once
    # the comment is approved (comments.subscriptions.honour_requests).
    notify_replies = models.BooleanField(_("notify of replies"), default=False)
    follow_site = models.BooleanField(_("follow the site by email"), default=False)

    objects = CommentManager()

    # What a status change writes (comments.moderation); the thread cache
    # tells such saves from edits by them.
    STATUS_FIELDS = frozenset({"status", "previous_status", "is_public", "is_removed"})

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def insert(self, *followers):
        """Store this new comment in its thread, as xtd's ``save()`` does,
        with ``followers``: new rows that refer to it (its first history
        line). xtd saves a new comment's three rows twice to learn its id for
        the thread, and the second save wakes its pre_save receiver, which
        looks for replies a new comment cannot have. Here the rows are written
        once, through bluedomes.inserts: one statement on PostgreSQL. Call it
        inside a transaction: a reply's place shifts the siblings after it."""
        if self.parent_id:
            if not max_thread_level_for_content_type(self.content_type):
                raise MaxThreadLevelExceededException(self)
            self._calculate_thread_data()
        # What django_comments' save() would have set.
        if self.submit_date is None:
            self.submit_date = timezone.now()
        rows = NewRows()
        rows.add(self)
        if not self.parent_id:
            # A new thread is its own parent and thread.
            self.parent_id = self.thread_id = self.pk
        for row in followers:
            rows.add(row)
        rows.write()

    @property
    def anchor(self):
        """The id of the comment's element in its article's page (the thread markup uses it)."""
        return f"comment-{self.pk}"

    def get_absolute_url(self, article=None, pages=None):
        """The comment on its comment page (``…/comment-page-2/#comment-9``,
        or the article's permalink for the page shown first). django_comments'
        version points at its own redirect view, which is not routed here.
        Pass the ``article`` when it is at hand, to spare the generic
        relation's query, and ``pages`` when linking many comments of one article."""
        pages = pages or CommentPages(article or self.content_object)
        return f"{pages.path(pages.page_of(self.thread_id))}#{self.anchor}"

    def get_full_url(self, article=None, pages=None):
        return absolute_url(self.get_absolute_url(article, pages))

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
        _("erase commenters' IPs and Akismet data after (days)"), default=30,
        help_text=_("0 keeps them for as long as the comment."),
    )
    show_gravatars = models.BooleanField(
        _("show Gravatar pictures"), default=False,
        help_text=_(
            "Off, every commenter gets an initial drawn by the site. On, readers' browsers ask Gravatar "
            "(Automattic, USA) for each picture by a hash of the commenter's email address, which a list "
            "of likely addresses can reverse: the privacy page then says so."
        ),
    )

    class FirstPage(models.TextChoices):
        NEWEST = "newest", _("last (newest comments)")
        OLDEST = "oldest", _("first (oldest comments)")

    page_comments = models.BooleanField(_("break comments into pages"), default=True)
    comments_per_page = models.PositiveIntegerField(
        _("top-level comments per page"), default=50,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    default_comments_page = models.CharField(
        _("page displayed by default"), max_length=6, choices=FirstPage.choices, default=FirstPage.NEWEST
    )
    hold_after_reports = models.PositiveIntegerField(
        _("hold a published comment for moderation after this many reader reports"), default=3,
        help_text=_("0 never holds; moderators still see the reports."),
    )

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")

    def __str__(self):
        return str(_("Discussion settings"))

    @classmethod
    def load(cls):
        found = _settings_row()
        if found:
            return found[0]
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


# Read by every article page and comment POST.
_settings_row = PreparedQuery(DiscussionSettings, lambda: DiscussionSettings.objects.filter(pk=1))

_approved_thread_ids = PreparedQuery(Comment, lambda content_type_id, object_pk: (
    Comment.objects.approved().for_object(content_type_id, object_pk).thread_ids()
))


class CommentPages:
    """Where an article's comment threads fall when the Discussion settings
    break them into pages, as WordPress does: by top-level comment, oldest
    first, a reply on its thread's page; the article's permalink shows the
    page chosen in "page displayed by default". One query (the approved
    comments' thread ids, small integers), read when first needed, gives both
    the pages and the count."""

    def __init__(self, article, discussion=None):
        discussion = discussion or DiscussionSettings.load()
        self.article = article
        self.per_page = discussion.comments_per_page if discussion.page_comments else 0
        self.newest_first = discussion.default_comments_page == DiscussionSettings.FirstPage.NEWEST

    @cached_property
    def _ids(self):
        return _approved_thread_ids(*object_key(self.article)) if self.per_page else []

    @cached_property
    def comment_count(self):
        """How many approved comments the article has, every page together (None without paging)."""
        return len(self._ids) if self.per_page else None

    @cached_property
    def thread_ids(self):
        return list(dict.fromkeys(self._ids))

    @cached_property
    def count(self):
        return max(1, ceil(len(self.thread_ids) / self.per_page)) if self.per_page else 1

    @cached_property
    def default(self):
        return self.count if self.newest_first else 1

    def page_of(self, thread_id):
        """The page a thread is on; a thread not yet approved goes where it would sort, at most the last page."""
        if not self.per_page:
            return 1
        return min(bisect_left(self.thread_ids, thread_id) // self.per_page + 1, self.count)

    def threads_on(self, page):
        """The thread ids page ``page`` shows, or None for all of them (no paging)."""
        if not self.per_page:
            return None
        return self.thread_ids[(page - 1) * self.per_page:page * self.per_page]

    def path_of_new_thread(self):
        """The page of a thread opened just now, after every approved one: the
        last page, which is the permalink without paging or when the settings
        show the newest page there, so no query is needed then."""
        if not self.per_page or self.newest_first:
            return self.article.get_absolute_url()
        return self.path(self.count)

    def path(self, page):
        if page == self.default:
            return self.article.get_absolute_url()
        return path_of("articles:comment_page", **self.article.permalink_kwargs(), cpage=page)
