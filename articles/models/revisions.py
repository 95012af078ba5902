"""The history of articles and pages: a revision per save, each writer's
autosave, and the edit lock that keeps two people from overwriting each
other. Generic (content type + id) so that one table serves Article and Page."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevisionQuerySet(models.QuerySet):
    def of(self, obj):
        """The revisions of ``obj`` (an article or a page), autosaves included."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def saved(self):
        """The versions that were saved, newest first: what the history lists."""
        return self.filter(kind=Revision.Kind.SAVED).order_by("-created_at", "-pk")

    def autosaves(self, model, object_id, user):
        """``user``'s autosave of the object (``object_id`` None: of a new one
        not yet saved): at most one row, by the constraints below."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=object_id,
            kind=Revision.Kind.AUTOSAVE, author=user,
        )


class Revision(models.Model):
    """One version of an article or page: its title, excerpt and body, and in
    ``data`` every other field a restore or a comparison needs."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        AUTOSAVE = "autosave", _("Autosave")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Empty for the autosave of an article or page nobody has saved yet.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SAVED)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_fields = models.JSONField(_("what changed"), default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    body = models.TextField(_("body"), blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["content_type", "object_id", "kind", "created_at"])]
        constraints = [
            # An autosave is overwritten, never added to: one per writer and object.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "author"], condition=models.Q(kind="autosave"),
                name="one_autosave_per_writer",
            ),
            # NULL ids are all distinct to a unique index: the new object's autosave needs its own.
            models.UniqueConstraint(
                fields=["content_type", "author"], condition=models.Q(kind="autosave", object_id__isnull=True),
                name="one_new_object_autosave_per_writer",
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class EditLock(models.Model):
    """Who is editing an object now. In the database, so that every web
    process sees the same lock; it lapses when its holder's page stops
    sending heartbeats (articles.revisions.locks)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # Who held it before a take-over: their page is told at its next heartbeat.
    taken_from = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_lock_per_object")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} held by {self.user_id}"
