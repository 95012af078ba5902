"""Admin pages around the queue: Settings → Discussion, followers, spam stats."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import DiscussionSettings, PersonalDataRequest, SpamStat, Subscription


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    """One row, like WordPress's Settings → Discussion: the list goes straight to it."""

    fieldsets = (
        (_("Before a comment appears"), {"fields": (
            "manual_approval", "approve_known_authors", "require_name_email", "close_after_days",
        )}),
        (_("Long threads"), {"fields": ("page_comments", "comments_per_page", "default_comments_page")}),
        (_("Comment moderation"), {"fields": (
            "hold_link_count", "moderation_keys", "disallowed_keys", "hold_after_reports",
        )}),
        (_("Spam"), {"fields": ("discard_worst_spam", "spam_retention_days", "trash_retention_days")}),
        (_("Emails and pings"), {"fields": ("notify_moderators", "notify_authors", "notify_linked_blogs")}),
        (_("Privacy"), {"fields": ("erase_personal_data_after_days", "show_gravatars")}),
    )

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        return redirect(reverse("admin:comments_discussionsettings_change", args=[DiscussionSettings.load().pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One row, one title: not "Change discussion settings" above "Discussion settings".
        extra_context = {"title": DiscussionSettings._meta.verbose_name.capitalize(), "subtitle": None,
                         **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Who follows which discussion. Readers subscribe and confirm by email
    themselves; staff can only look and remove."""

    list_display = ("email", "article", "created_at", "confirmed_at")
    list_filter = (("confirmed_at", admin.EmptyFieldListFilter),)
    list_select_related = ("article",)
    search_fields = ("email", "name", "article__title")
    readonly_fields = ("article", "email", "name", "created_at", "confirmed_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SpamStat)
class SpamStatAdmin(admin.ModelAdmin):
    """Blatant spam Akismet told us to discard is never stored; this is its count per day."""

    list_display = ("day", "discarded")
    date_hierarchy = "day"
    ordering = ("-day",)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": _("Blatant spam discarded unseen, per day"),
                                                 **(extra_context or {})})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(admin.ModelAdmin):
    """What readers asked for themselves and was done: a record, not a to-do list."""

    list_display = ("done_at", "kind", "masked_email", "comments", "subscriptions")
    list_filter = ("kind",)
    date_hierarchy = "done_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
