"""The queue's "Check for spam" button and the progress it shows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import akismet
from ..models import SpamCheckRun
from ..moderator import spamcheck


class CheckForSpamMixin:
    def check_spam_urls(self):
        return [
            path("check-spam/", self.admin_site.admin_view(self.check_spam_view), name="comments_comment_check_spam"),
            path("check-spam/<int:run_pk>/progress/", self.admin_site.admin_view(self.check_spam_progress_view),
                 name="comments_comment_check_spam_progress"),
        ]

    def check_spam_progress_view(self, request, run_pk):
        """What the queue's progress bar polls every few seconds (static/admin-extra/spam-check.js)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        run = get_object_or_404(SpamCheckRun, pk=run_pk)
        return JsonResponse(spamcheck.progress(run))

    def check_spam_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        pending_tab = reverse("admin:comments_comment_changelist") + "?status=pending"
        if not akismet.is_configured():
            self.message_user(request, _("Akismet is off: there is nothing to check with."), messages.WARNING)
        elif spamcheck.current_run() is not None:
            self.message_user(request, _("A check for spam is already running."), messages.INFO)
        else:
            run = spamcheck.start(request.user)
            self.message_user(request, ngettext(
                "Checking %(count)d held comment for spam in the background.",
                "Checking %(count)d held comments for spam in the background.", run.total,
            ) % {"count": run.total}, messages.SUCCESS)
        return HttpResponseRedirect(pending_tab)

    def check_spam_context(self, request, status):
        run = spamcheck.current_run()
        return {
            "spam_check_run": run,
            "spam_check_text": spamcheck.progress_text(run) if run else "",
            "can_check_spam": status == "pending" and akismet.is_configured() and self.has_change_permission(request),
        }
