"""The queue's filters: WordPress's status views, type and article."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from bluedomes.params import parse_id

from ..models import Comment

Status = Comment.Status


class StatusFilter(admin.SimpleListFilter):
    """WordPress's views. "All" is what WordPress means by it: approved and
    pending, the comments that are not in a bin."""

    title = _("status")
    parameter_name = "status"
    # The queue's template draws this filter as tabs (moderation_tags.status_views).
    shown_as_tabs = True

    def lookups(self, request, model_admin):
        counts = Comment.objects.order_by().aggregate(
            **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
        )
        self.counts = counts
        return [
            (Status.PENDING, _("Pending (%(count)s)") % {"count": counts[Status.PENDING]}),
            (Status.APPROVED, _("Approved (%(count)s)") % {"count": counts[Status.APPROVED]}),
            (Status.SPAM, _("Spam (%(count)s)") % {"count": counts[Status.SPAM]}),
            (Status.TRASH, _("Trash (%(count)s)") % {"count": counts[Status.TRASH]}),
        ]

    def choices(self, changelist):
        yield {
            "selected": self.value() not in Status.values,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All (%(count)s)") % {"count": self.counts[Status.PENDING] + self.counts[Status.APPROVED]},
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
                "status": value,
            }

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset.filter(status__in=[Status.PENDING, Status.APPROVED])


class KindFilter(admin.SimpleListFilter):
    title = _("type")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("comments", _("Comments")), ("pings", _("Pingbacks and webmentions"))]

    def queryset(self, request, queryset):
        if self.value() == "comments":
            return queryset.filter(type=Comment.Type.COMMENT)
        if self.value() == "pings":
            return queryset.pings()
        return queryset


class ReportedFilter(admin.SimpleListFilter):
    title = _("reader reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Reported by readers"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(reports__isnull=False).distinct()
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    """The most recently commented articles; any other is one click away
    through the article link on each row."""

    title = _("article")
    parameter_name = "article"
    shown = 15

    def lookups(self, request, model_admin):
        recent = (
            Comment.objects.filter(content_type=ContentType.objects.get_for_model(Article))
            .order_by()
            .values("object_pk")
            .annotate(last=Max("submit_date"))
            .order_by("-last")
            .values_list("object_pk", flat=True)[: self.shown]
        )
        pks = list(recent)
        if parse_id(self.value()) is not None and self.value() not in pks:
            pks.append(self.value())
        ids = {pk: parse_id(pk) for pk in pks}
        articles = Article.objects.in_bulk([number for number in ids.values() if number is not None])
        return [(pk, Truncator(articles[ids[pk]].title).chars(60)) for pk in pks if ids[pk] in articles]

    def queryset(self, request, queryset):
        if self.value() and parse_id(self.value()) is None:
            return queryset.none()
        if self.value():
            return queryset.filter(
                content_type=ContentType.objects.get_for_model(Article), object_pk=self.value()
            )
        return queryset
