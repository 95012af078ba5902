import csv

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Subscriber


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Confirmed")), ("unconfirmed", _("Not confirmed")), ("unsubscribed", _("Unsubscribed"))]

    def queryset(self, request, queryset):
        return {
            "active": queryset.active(),
            "unconfirmed": queryset.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True),
            "unsubscribed": queryset.filter(unsubscribed_at__isnull=False),
        }.get(self.value(), queryset)


def state_label(subscriber):
    if subscriber.unsubscribed_at:
        return _("Unsubscribed")
    return _("Confirmed") if subscriber.confirmed_at else _("Not confirmed")


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "state", "frequency", "scope", "created_at", "confirmed_at", "unsubscribed_at", "sent")
    list_filter = (StateFilter, "frequency", "categories")
    search_fields = ("email",)
    date_hierarchy = "created_at"
    readonly_fields = ("email", "created_at", "confirmed_at", "unsubscribed_at", "last_digest_at")
    fields = ("email", "frequency", "all_categories", "categories", *readonly_fields[1:])
    actions = ["export_csv"]
    list_per_page = 100

    def has_add_permission(self, request):
        # Only the reader, by the emailed link, may subscribe an address.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories").annotate(
            sent_count=Count("deliveries", filter=Q(deliveries__state=Delivery.State.SENT))
        )

    @admin.display(description=_("state"))
    def state(self, subscriber):
        return state_label(subscriber)

    @admin.display(description=_("receives"))
    def scope(self, subscriber):
        if subscriber.all_categories:
            return _("All articles")
        return ", ".join(category.name for category in subscriber.categories.all())

    @admin.display(description=_("articles sent"), ordering="sent_count")
    def sent(self, subscriber):
        return subscriber.sent_count

    def changelist_view(self, request, extra_context=None):
        totals = Subscriber.objects.aggregate(
            active=Count("pk", filter=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)),
            unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True, unsubscribed_at__isnull=True)),
            unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        )
        return super().changelist_view(request, {**(extra_context or {}), "subscriber_totals": totals})

    @admin.action(description=_("Export the selected subscribers as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "state", "frequency", "categories", "signed_up", "confirmed", "unsubscribed"])
        for subscriber in queryset.order_by("email"):
            categories = "" if subscriber.all_categories else ";".join(c.slug for c in subscriber.categories.all())
            writer.writerow([
                subscriber.email, str(state_label(subscriber)), subscriber.frequency, categories,
                subscriber.created_at.isoformat(),
                subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
                subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else "",
            ])
        return response
