"""What a revision holds, when a save stores one, and putting one back.

Revisions are stored by the admin, the one place where people edit: a save
that changes none of the revised fields (a re-save, a scheduled article
going live by its date alone) stores nothing. The first save of an article
that has no revision yet (imported, or older than revisions) first keeps
the version it replaces, so that one can be restored too."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article, Page, Revision
from ..richtext import sanitize_body

# Every field a comparison reports as changed, per model.
REVISED_FIELDS = {
    Article: [
        "title", "excerpt", "body", "slug", "status", "published_at", "language", "translation_of",
        "featured_image", "categories", "tags", "sticky", "is_private", "password",
        "allow_comments", "allow_pingbacks", "email_subscribers",
    ],
    Page: ["title", "body", "slug", "parent", "order", "status", "has_contact_form"],
}
# What a restore puts back, as WordPress does: the writing. Status, date,
# address and visibility stay as they are, so restoring an old text never
# unpublishes a live article or moves it to another URL.
RESTORED_FIELDS = {
    Article: ["title", "excerpt", "body", "featured_image", "categories", "tags"],
    Page: ["title", "body", "has_contact_form"],
}
# The columns of Revision itself; every other field goes into its ``data``.
COLUMNS = ("title", "excerpt", "body")


def revised_fields(model):
    return REVISED_FIELDS[model]


def snapshot(obj):
    """The revised fields of ``obj`` as JSON-ready values (ids for relations)."""
    values = {}
    for name in revised_fields(type(obj)):
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(item.pk for item in getattr(obj, name).all()) if obj.pk else []
        elif field.is_relation:
            values[name] = getattr(obj, field.attname)
        else:
            value = field.value_from_object(obj)
            values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def revision_values(revision):
    """The snapshot a revision holds, in the shape ``snapshot`` returns."""
    return {**revision.data, **{name: getattr(revision, name) for name in COLUMNS}}


def changed_fields(before, after):
    return [name for name in after if before.get(name) != after.get(name)]


def field_labels(model, names):
    """The verbose names of ``names``, as an author reads them."""
    known = {field.name: field for field in model._meta.get_fields()}
    return [str(getattr(known.get(name), "verbose_name", name)) for name in names]


def _store(obj, values, user, changed, note="", created_at=None):
    return Revision.objects.create(
        content_object=obj, author=user, changed_fields=changed, note=note,
        created_at=created_at or timezone.now(),
        data={name: value for name, value in values.items() if name not in COLUMNS},
        **{name: values.get(name) or "" for name in COLUMNS},
    )


def latest(obj):
    return Revision.objects.of(obj).saved().first()


def baseline_before_first_save(obj):
    """The stored version of ``obj`` before an edit, when no revision has it
    yet: to be passed to ``record`` after the save. None otherwise."""
    if obj.pk is None or Revision.objects.of(obj).saved().exists():
        return None
    stored = type(obj).objects.get(pk=obj.pk)
    return stored, snapshot(stored)


def record(obj, user, *, baseline=None, note=""):
    """Store a revision of ``obj`` as just saved by ``user`` if a revised
    field changed since the last one (always the first, which lists no
    changes: everything is new). Returns it or None."""
    after = snapshot(obj)
    if baseline is not None:
        stored, values = baseline
        _store(obj, values, getattr(stored, "author", None), [], note=_("Before revisions were kept"),
               created_at=stored.updated_at)
        before = values
    else:
        previous = latest(obj)
        before = revision_values(previous) if previous else None
    if before is None:
        return _store(obj, after, user, [], note=note or _("First version"))
    changed = changed_fields(before, after)
    if not changed:
        return None
    return _store(obj, after, user, changed, note=note)


def _related_ids(field, ids):
    """The ids among ``ids`` that still exist: a deleted tag or picture is not brought back."""
    return set(field.related_model.objects.filter(pk__in=ids).values_list("pk", flat=True))


@transaction.atomic
def restore(obj, revision, user):
    """Put ``revision``'s writing back into ``obj`` and store that as a new
    revision by ``user``. Returns the names of the fields that changed."""
    values = revision_values(revision)
    baseline = baseline_before_first_save(obj)
    for name in RESTORED_FIELDS[type(obj)]:
        field = obj._meta.get_field(name)
        value = values.get(name)
        if field.many_to_many:
            getattr(obj, name).set(_related_ids(field, value or []))
        elif field.is_relation:
            setattr(obj, field.attname, value if value in _related_ids(field, [value]) else None)
        elif name == "body":
            obj.body = sanitize_body(value)
        elif value is not None:
            setattr(obj, name, value)
    obj.save()
    when = timezone.localtime(revision.created_at)
    note = _("Restored the version of %(date)s") % {"date": when.strftime("%Y-%m-%d %H:%M")}
    new = record(obj, user, baseline=baseline, note=note)
    return new.changed_fields if new else []


def autosave(model, object_id, user, values):
    """Overwrite ``user``'s one autosave of the object with ``values`` (title, excerpt, body)."""
    fields = {name: str(values.get(name) or "") for name in COLUMNS}
    fields["body"] = sanitize_body(fields["body"])
    fields["title"] = fields["title"][: Revision._meta.get_field("title").max_length]
    with transaction.atomic():
        revision = Revision.objects.select_for_update().autosaves(model, object_id, user).first()
        if revision is None:
            revision = Revision(content_type=ContentType.objects.get_for_model(model), object_id=object_id,
                                kind=Revision.Kind.AUTOSAVE, author=user)
        for name, value in fields.items():
            setattr(revision, name, value)
        revision.created_at = timezone.now()
        revision.save()
    return revision


def autosave_to_offer(model, obj, user):
    """``user``'s autosave of ``obj`` (None: the new one) when it is newer
    than the saved version and says something else; else None."""
    revision = Revision.objects.autosaves(model, obj.pk if obj else None, user).first()
    if revision is None or obj is None:
        return revision
    newer = revision.created_at > obj.updated_at
    different = any(getattr(revision, name) != (getattr(obj, name, "") or "") for name in COLUMNS
                    if hasattr(obj, name))
    return revision if newer and different else None


def discard_autosave(model, object_id, user):
    Revision.objects.autosaves(model, object_id, user).delete()
