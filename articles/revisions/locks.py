"""Who is editing an article or page now, as in WordPress: opening the form
takes the lock, the open form renews it with a heartbeat, and it lapses
BLUEDOMES_EDIT_LOCK_SECONDS after the last one. Every change is one
conditional UPDATE, so two processes never both believe they hold it."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import EditLock


def _lock_of(obj):
    return EditLock.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def _lapsed_before():
    return timezone.now() - timedelta(seconds=settings.BLUEDOMES_EDIT_LOCK_SECONDS)


def holder(obj, user):
    """The other person whose live lock keeps ``user`` from editing ``obj``, or None."""
    lock = _lock_of(obj).filter(heartbeat_at__gte=_lapsed_before()).exclude(user=user).select_related("user").first()
    return lock.user if lock else None


def acquire(obj, user):
    """Take or renew the lock of ``obj`` for ``user`` unless someone else
    holds a live one. Returns None when ``user`` holds it, else that someone."""
    now = timezone.now()
    taken = _lock_of(obj).filter(Q(user=user) | Q(heartbeat_at__lt=_lapsed_before())).update(
        user=user, heartbeat_at=now, taken_from=None,
    )
    if taken:
        return None
    try:
        with transaction.atomic():
            EditLock.objects.create(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, user=user, heartbeat_at=now,
            )
    except IntegrityError:
        # Someone else's live lock exists (or was just created by another process).
        return holder(obj, user)
    return None


def heartbeat(obj, user):
    """Renew ``user``'s lock. Returns None while they hold it, else whoever
    took it over (or holds it now)."""
    if _lock_of(obj).filter(user=user).update(heartbeat_at=timezone.now()):
        return None
    # Lapsed and taken by nobody: the open form simply takes it again.
    return acquire(obj, user)


def take_over(obj, user):
    """Move the lock to ``user`` whoever holds it; the one displaced is told at their next heartbeat."""
    # SET uses the row's old values on the right: taken_from gets the displaced holder.
    if not _lock_of(obj).exclude(user=user).update(taken_from=F("user"), user=user, heartbeat_at=timezone.now()):
        acquire(obj, user)


def stamp(obj, user):
    """When ``user``'s lock of ``obj`` was last renewed, or None. A closed
    form's release names it: one that arrives after its writer has opened
    the form again (a reload) then lets go of nothing."""
    return _lock_of(obj).filter(user=user).values_list("heartbeat_at", flat=True).first()


def release(obj, user, renewed_at=None):
    """Let go of ``user``'s lock (after a save, or when their form is
    closed), so the next editor need not wait for it to lapse; with
    ``renewed_at``, only if it was last renewed then."""
    lock = _lock_of(obj).filter(user=user)
    if renewed_at is not None:
        lock = lock.filter(heartbeat_at=renewed_at)
    lock.delete()
