"""The admin's "Unlock" for logins that django-axes locked out: staff forget
the failures of the selected attempts, and the admin's history records who
did it (django-axes' own access logs keep every login and failure)."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@admin.action(description=_("Unlock: forget these failed logins"), permissions=["delete"])
def unlock(modeladmin, request, queryset):
    attempts = list(queryset)
    modeladmin.log_deletions(request, attempts)
    count = len(attempts)
    queryset.delete()
    modeladmin.message_user(
        request,
        ngettext("%(count)d login unlocked.", "%(count)d logins unlocked.", count) % {"count": count},
        messages.SUCCESS,
    )


class UnlockingAccessAttemptAdmin(AccessAttemptAdmin):
    actions = [unlock]


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, UnlockingAccessAttemptAdmin)
