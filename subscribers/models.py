from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        """Confirmed by the emailed link and not unsubscribed since: the only
        addresses the site ever mails articles to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def wanting(self, article, frequency):
        """Active subscribers on ``frequency`` who asked for ``article``: everything,
        or one of its categories, in every language or in the article's."""
        categories = article.categories.values("pk")
        return (
            self.active()
            .filter(frequency=frequency)
            .filter(Q(all_categories=True) | Q(categories__in=categories))
            .filter(Q(languages="") | Q(languages__contains=f",{article.language},"))
            .distinct()
        )


class Subscriber(models.Model):
    """A reader who follows the site by email (Jetpack's "Follow by email"),
    confirmed by a signed link before anything but that link is sent."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("Each new article")
        DAILY = "daily", _("A daily digest")
        WEEKLY = "weekly", _("A weekly digest")

    email = models.EmailField(_("email"), unique=True)
    all_categories = models.BooleanField(_("all new articles"), default=True)
    categories = models.ManyToManyField(
        "articles.Category", blank=True, related_name="subscribers", verbose_name=_("categories")
    )
    # ",ru,kk," (the delimiters make "kk" never match inside another code), or
    # empty for every language: one column both databases can search.
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices, default=Frequency.INSTANT)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, db_index=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    @language_codes.setter
    def language_codes(self, codes):
        codes = sorted(set(codes))
        self.languages = f",{','.join(codes)}," if codes else ""

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def confirm(self):
        """The emailed link was followed: mail from now on (again, after an unsubscribe)."""
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        """Kept, not deleted, so the admin can count who left; nothing is mailed to it again."""
        if self.unsubscribed_at is None:
            self.unsubscribed_at = timezone.now()
            self.save(update_fields=["unsubscribed_at"])


class Mailing(models.Model):
    """That an article's subscribers were chosen: created once, when the
    article first goes out, so a later edit never mails it again nor to
    people who subscribed after it was sent."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="mailing")
    created_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"mailing of {self.article_id}"


class Delivery(models.Model):
    """One article to one subscriber. The unique pair makes "at most once"
    a fact of the database; a sender claims a row (``claim``, with a lease in
    ``not_before``) before sending it, so two workers never send the same one
    and a worker killed mid-send leaves rows another picks up after the lease."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")
        SKIPPED = "skipped", _("Skipped (unsubscribed)")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    # Daily and weekly subscribers' rows wait for their digest.
    digest = models.BooleanField(default=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "subscriber"], name="one_delivery_per_subscriber")]
        indexes = [models.Index(fields=["state", "digest", "not_before"])]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.article_id} → {self.subscriber_id}"
