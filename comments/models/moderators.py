"""What each moderator chose about the emails they get, and the record of the
daily digests sent to those who chose one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModeratorPreference(models.Model):
    """How a moderator hears of held comments; no row means the default, an
    email per held comment."""

    class Emails(models.TextChoices):
        EACH = "each", _("An email for each held comment")
        DIGEST = "digest", _("One daily digest of everything waiting")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_preference")
    emails = models.CharField(_("moderation emails"), max_length=8, choices=Emails.choices, default=Emails.EACH)

    class Meta:
        verbose_name = _("moderator preference")
        verbose_name_plural = _("moderator preferences")

    def __str__(self):
        return f"{self.user_id}: {self.emails}"


class ModeratorDigest(models.Model):
    """One moderator's digest for one day. The row is unique per moderator and
    day, so two workers cannot both write it, and a sender claims it with a
    conditional UPDATE before sending; a refused send leaves it pending, to be
    tried again after ``not_before``."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        EMPTY = "empty", _("nothing was waiting")
        SUPERSEDED = "superseded", _("replaced by a later day's digest")
        FAILED = "failed", _("gave up")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_digests")
    day = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claim = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_moderator_digest_per_day")]

    def __str__(self):
        return f"{self.user_id} {self.day} {self.state}"
