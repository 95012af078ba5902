"""What the article and page admins gain from ``RevisionsAdmin``: a revision
per save, the revisions list, compare and restore screens, the writer's
autosave offered back, and the edit lock (the lock screen, taking over,
refusing a save from someone who no longer holds it)."""

import json
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Revision
from . import diff, history, locks

LISTED = 20
COMPARED_CHOICES = 50


def person(user):
    if user is None:
        return _("someone no longer on the site")
    return user.get_full_name() or user.get_username()


def _stamp(obj, user):
    renewed_at = locks.stamp(obj, user)
    return renewed_at.isoformat() if renewed_at else ""


def described(model, revisions):
    """``revisions`` with who saved each and the labels of what it changed, for the templates."""
    for revision in revisions:
        revision.who = person(revision.author)
        revision.changed_labels = history.field_labels(model, revision.changed_fields)
    return revisions


class RevisionsAdmin:
    """A ModelAdmin mixin, placed before admin.ModelAdmin."""

    change_form_template = "admin/articles/revisions/change_form.html"

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["admin-extra/revisions.css"]}, js=["admin-extra/editing-session.js"],
        )

    def _url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args,
                       current_app=self.admin_site.name)

    def get_urls(self):
        def view(function, post_only=True):
            return self.admin_site.admin_view(require_POST(function) if post_only else function)

        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("autosave/", view(self.autosave_view), name=f"{name}_autosave_new"),
            path("autosave/discard/", view(self.discard_autosave_view), name=f"{name}_discard_autosave_new"),
            path("<int:object_id>/autosave/", view(self.autosave_view), name=f"{name}_autosave"),
            path("<int:object_id>/autosave/discard/", view(self.discard_autosave_view),
                 name=f"{name}_discard_autosave"),
            path("<int:object_id>/lock/", view(self.heartbeat_view), name=f"{name}_lock"),
            path("<int:object_id>/lock/take-over/", view(self.take_over_view), name=f"{name}_take_over"),
            path("<int:object_id>/lock/release/", view(self.release_view), name=f"{name}_release"),
            path("<int:object_id>/revisions/compare/", view(self.compare_view, post_only=False), name=f"{name}_compare"),
            path("<int:object_id>/revisions/<int:revision_id>/restore/", view(self.restore_view),
                 name=f"{name}_restore"),
            *super().get_urls(),
        ]

    def _editable(self, request, object_id):
        """The object ``request.user`` may edit, else 404 (not theirs to see) or 403."""
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    # The form.

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET" and request.GET.get("autosave") == "restore":
            if revision := Revision.objects.autosaves(self.model, obj.pk, request.user).first():
                # Into the form only: nothing is saved until the writer saves.
                for name in history.COLUMNS:
                    if hasattr(obj, name):
                        setattr(obj, name, getattr(revision, name))
        return obj

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("autosave", None)
        if request.GET.get("autosave") == "restore":
            if revision := Revision.objects.autosaves(self.model, None, request.user).first():
                initial.update({name: getattr(revision, name) for name in history.COLUMNS
                                if name in self.form.base_fields})
        return initial

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or request.method != "POST":
            return form
        user, noun = request.user, self.opts.verbose_name

        class LockedForm(form):
            def clean(self):
                data = super().clean()
                if other := locks.acquire(obj, user):
                    raise ValidationError(_(
                        "%(name)s is editing this %(noun)s now, so your changes were not saved. "
                        "They are kept in this form and in your autosave: copy what you need, "
                        "or ask %(name)s to close the %(noun)s and save again."
                    ) % {"name": person(other), "noun": noun})
                return data

        LockedForm.__name__ = form.__name__
        return LockedForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and (obj is None or not self.has_change_permission(request, obj)):
            return super().changeform_view(request, object_id, form_url, extra_context)
        if obj is not None and request.method == "GET" and (other := locks.acquire(obj, request.user)):
            return self.locked_view(request, obj, other)
        context = {**self.editing_context(request, obj), **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, context)

    def editing_context(self, request, obj):
        restoring = request.GET.get("autosave") == "restore"
        object_args = (obj.pk,) if obj else ()
        suffix = "" if obj else "_new"
        context = {
            "editing_session": {
                "autosave_url": self._url("autosave" + suffix, *object_args),
                "autosave_seconds": settings.BLUEDOMES_AUTOSAVE_SECONDS,
                "lock_url": self._url("lock", obj.pk) if obj else "",
                "release_url": self._url("release", obj.pk) if obj else "",
                "lock_stamp": _stamp(obj, request.user) if obj else "",
                "heartbeat_seconds": settings.BLUEDOMES_EDIT_LOCK_HEARTBEAT_SECONDS,
                "restored": restoring,
            },
            "autosave_offer": None if restoring else history.autosave_to_offer(self.model, obj, request.user),
            "discard_autosave_url": self._url("discard_autosave" + suffix, *object_args),
        }
        if obj is not None:
            saved = Revision.objects.of(obj).saved()
            revisions = described(self.model, list(saved.select_related("author")[:LISTED]))
            context.update(revisions=revisions, revision_count=saved.count(),
                           compare_url=self._url("compare", obj.pk))
        return context

    def save_model(self, request, obj, form, change):
        form.revision_baseline = history.baseline_before_first_save(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        history.record(obj, request.user, baseline=getattr(form, "revision_baseline", None))
        history.discard_autosave(self.model, obj.pk, request.user)
        if not change:
            history.discard_autosave(self.model, None, request.user)
        # Saving ends this stay in the form; "Save and continue" takes the lock again.
        locks.release(obj, request.user)

    # The lock.

    def locked_view(self, request, obj, other):
        return TemplateResponse(request, "admin/articles/revisions/locked.html", {
            **self.admin_site.each_context(request),
            "title": _("%(name)s is editing this %(noun)s") % {"name": person(other), "noun": self.opts.verbose_name},
            "holder": person(other), "original": obj, "opts": self.opts,
            "take_over_url": self._url("take_over", obj.pk), "back_url": self._url("changelist"),
        })

    def take_over_view(self, request, object_id):
        obj = self._editable(request, object_id)
        locks.take_over(obj, request.user)
        return HttpResponseRedirect(self._url("change", obj.pk))

    def heartbeat_view(self, request, object_id):
        obj = self._editable(request, object_id)
        other = locks.heartbeat(obj, request.user)
        if other is None:
            return JsonResponse({"held": True, "stamp": _stamp(obj, request.user)})
        return JsonResponse({"held": False, "message": _(
            "%(name)s has taken over editing this %(noun)s. Your changes were not saved, "
            "but your autosave is kept: you will be offered it when you open the %(noun)s again."
        ) % {"name": person(other), "noun": self.opts.verbose_name}})

    def release_view(self, request, object_id):
        """The writer's browser left the form (navigator.sendBeacon on pagehide)."""
        obj = self._editable(request, object_id)
        try:
            renewed_at = datetime.fromisoformat(request.POST.get("stamp", ""))
        except ValueError:
            renewed_at = None
        # The page only ever sends the stamp it was given, which has its offset.
        if renewed_at is None or renewed_at.tzinfo is None:
            return HttpResponseBadRequest(_("Which lock to release was not said."))
        locks.release(obj, request.user, renewed_at)
        return HttpResponse(status=204)

    # The autosave.

    def autosave_view(self, request, object_id=None):
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
        else:
            self._editable(request, object_id)
        try:
            values = json.loads(request.body)
        except ValueError:
            values = None
        if not isinstance(values, dict):
            return JsonResponse({"error": _("The autosave was not understood.")}, status=400)
        revision = history.autosave(self.model, object_id, request.user, values)
        when = time_format(timezone.localtime(revision.created_at), "H:i")
        return JsonResponse({"saved": True, "message": _("Autosaved at %(time)s") % {"time": when}})

    def discard_autosave_view(self, request, object_id=None):
        if object_id is not None:
            self._editable(request, object_id)
        history.discard_autosave(self.model, object_id, request.user)
        return HttpResponseRedirect(self._url("change", object_id) if object_id else self._url("add"))

    # Comparing and restoring.

    def _revision(self, obj, revision_id):
        try:
            return Revision.objects.of(obj).saved().select_related("author").get(pk=revision_id)
        except (Revision.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def compare_view(self, request, object_id):
        obj = self._editable(request, object_id)
        choices = described(self.model, list(Revision.objects.of(obj).saved().select_related("author")[:COMPARED_CHOICES]))
        if not choices:
            raise Http404
        default_new, default_old = choices[0].pk, choices[min(1, len(choices) - 1)].pk
        new = self._revision(obj, request.GET.get("to") or default_new)
        old = self._revision(obj, request.GET.get("from") or default_old)
        if (old.created_at, old.pk) > (new.created_at, new.pk):
            old, new = new, old
        for revision in described(self.model, [old, new]):
            revision.restore_url = self._url("restore", obj.pk, revision.pk)
        texts = [name for name in history.COLUMNS if name in history.revised_fields(self.model)]
        fields = list(zip(texts, history.field_labels(self.model, texts), strict=True))
        others = history.changed_fields(history.revision_values(old), history.revision_values(new))
        return TemplateResponse(request, "admin/articles/revisions/compare.html", {
            **self.admin_site.each_context(request),
            "title": _("Compare revisions of “%(title)s”") % {"title": obj},
            "opts": self.opts, "original": obj, "old": old, "new": new, "choices": choices,
            "comparison": diff.compare(history.revision_values(old), history.revision_values(new), fields),
            "other_changes": history.field_labels(self.model, [name for name in others if name not in texts]),
            "change_url": self._url("change", obj.pk),
            "latest_id": choices[0].pk,
        })

    def restore_view(self, request, object_id, revision_id):
        obj = self._editable(request, object_id)
        revision = self._revision(obj, revision_id)
        if other := locks.holder(obj, request.user):
            self.message_user(request, _(
                "%(name)s is editing this %(noun)s now: it can be restored once they are done."
            ) % {"name": person(other), "noun": self.opts.verbose_name}, messages.ERROR)
            return HttpResponseRedirect(self._url("compare", obj.pk))
        when = timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")
        changed = history.restore(obj, revision, request.user)
        self.log_change(request, obj, _("Restored the revision of %(date)s by %(name)s.")
                        % {"date": when, "name": person(revision.author)})
        if changed:
            self.message_user(request, _("The revision of %(date)s is restored. Changed: %(fields)s.") % {
                "date": when, "fields": ", ".join(history.field_labels(self.model, changed)),
            }, messages.SUCCESS)
        else:
            self.message_user(request, _("The %(noun)s already says what that revision says.")
                              % {"noun": self.opts.verbose_name}, messages.INFO)
        return HttpResponseRedirect(self._url("change", obj.pk))
