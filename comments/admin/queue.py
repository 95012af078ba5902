"""The moderation queue: WordPress's Comments screen in the Django admin.

Views All / Pending / Approved / Spam / Trash (tabs above the list, counted
in one aggregate query), filters by type and article, search, one row per
comment with everything needed to decide without opening it, and the
moderation verbs as buttons on each row, on the change page and as bulk
actions (comments.admin.actions)."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_comments.models import CommentFlag
from django_comments_xtd.models import BlackListedDomain, XtdComment

from articles.models import Article

from ..models import Comment
from ..moderator import staff
from . import actions as moves
from .actions import MOVES, actions_for_tab, apply_move, empty_bin, row_moves
from .checking import CheckForSpamMixin
from .display import history_table, status_badge
from .filters import ArticleFilter, KindFilter, ReportedFilter, StatusFilter
from .inline import RowToolsMixin, row_tools

Status = Comment.Status


# xtd's and django_comments' own admins edit is_public/is_removed directly,
# behind the back of comments.moderation; the queue below replaces them.
for model in (XtdComment, CommentFlag, BlackListedDomain):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class QueueColumns:
    """The changelist's columns, bound to the request so that the links they
    hold (filter by this article, search this IP) keep the current view."""

    def __init__(self, request):
        self.params = request.GET.copy()
        self.params.pop("p", None)
        self.request = request

    def link(self, **changes):
        params = self.params.copy()
        for key, value in changes.items():
            params[key] = value
        return "?" + params.urlencode()

    @admin.display(description=_("Author"), ordering="user_name")
    def author(self, comment):
        parts = [format_html('<strong class="queue-name">{}</strong>', comment.user_name or comment.source_title or "—")]
        url = comment.source_url if comment.is_ping else comment.user_url
        if url.startswith(("http://", "https://")):
            shown = Truncator(url.split("://", 1)[1].rstrip("/")).chars(40)
            parts.append(format_html('<a href="{}" rel="nofollow noopener noreferrer" target="_blank">{}</a>', url, shown))
        if comment.user_email:
            local, _at, domain = comment.user_email.rpartition("@")
            parts.append(format_html('<a href="mailto:{}">{}<wbr>@{}</a>', comment.user_email, local, domain)
                         if local else format_html('<a href="mailto:{0}">{0}</a>', comment.user_email))
        if comment.ip_address:
            parts.append(format_html('<a href="{}" title="{}">{}</a>', self.link(q=comment.ip_address),
                                     _("Search this IP address"), comment.ip_address))
        if comment.user_email:
            parts.append(format_html(
                '<span class="queue-approved-count" title="{}">{}</span>',
                _("Approved comments with this email address"),
                ngettext("%(count)d approved", "%(count)d approved", comment.approved_count)
                % {"count": comment.approved_count},
            ))
        return format_html('<div class="queue-author">{}</div>', format_html_join("", "<div>{}</div>", ((p,) for p in parts)))

    @admin.display(description=_("Submitted on"), ordering="submit_date")
    def submitted(self, comment):
        """Date (the link to the comment's page), status, Akismet's verdict and type."""
        return format_html(
            '<a href="{}">{}</a><div class="queue-state">{}</div>'
            '<div class="queue-meta">{}: {}</div><div class="queue-meta queue-type-{}">{}</div>',
            reverse("admin:comments_comment_change", args=[comment.pk]),
            formats.localize(timezone.localtime(comment.submit_date)),
            status_badge(comment),
            _("Akismet"), comment.get_akismet_verdict_display(),
            comment.type, comment.get_type_display(),
        )

    @admin.display(description=_("Comment"))
    def excerpt(self, comment):
        text = Truncator(strip_tags(comment.comment)).words(40)
        moves = row_moves(self.modeladmin, self.request, comment)
        buttons = format_html_join(
            " ",
            '<button type="submit" form="queue-row-action" formaction="{}" class="queue-move queue-move-{}">{}</button>',
            (
                (reverse("admin:comments_comment_moderate", args=[comment.pk, move.name]), move.style or "plain", move.label)
                for move in moves
            ),
        )
        parent = ""
        if comment.level and comment.parent_id != comment.pk:
            parent = format_html('<div class="queue-reply">{} <a href="{}">{}</a></div>', _("In reply to"),
                                 reverse("admin:comments_comment_change", args=[comment.parent_id]),
                                 comment.parent_name or _("Anonymous"))
        reported = ""
        if comment.report_count:
            reported = format_html('<div class="queue-reported">{}</div>', ngettext(
                "Reported by %(count)d reader", "Reported by %(count)d readers", comment.report_count,
            ) % {"count": comment.report_count})
        tools = row_tools(comment, can_change=self.modeladmin.has_change_permission(self.request))
        return format_html('{}{}<div class="queue-text">{}</div><div class="queue-moves">{}</div>{}',
                           parent, reported, text, buttons, tools)

    @admin.display(description=_("In response to"))
    def article(self, comment):
        article = comment.content_object
        if article is None:
            return "—"
        return format_html(
            '<a href="{}" title="{}">{}</a><br><a class="queue-view" href="{}" target="_blank">{}</a>',
            self.link(article=comment.object_pk),
            _("Show only the comments on this article"),
            Truncator(str(article)).chars(60),
            article.get_absolute_url(),
            _("View article"),
        )


AUTHOR_LABELS = {"user_name": _("Name"), "user_email": _("Email"), "user_url": _("Website")}


@admin.register(Comment)
class CommentAdmin(RowToolsMixin, CheckForSpamMixin, admin.ModelAdmin):
    list_display = ("submit_date",)
    # Each row links to its comment from the date in the "Submitted on" column.
    list_display_links = None
    list_filter = (StatusFilter, KindFilter, ReportedFilter, ArticleFilter)
    search_fields = ("user_name", "user_email", "user_url", "ip_address", "comment", "source_url", "source_title")
    list_per_page = 50
    ordering = ("-submit_date", "-pk")
    show_facets = ShowFacets.NEVER
    actions = [
        moves.bulk_approve,
        moves.bulk_unapprove,
        moves.bulk_spam,
        moves.bulk_not_spam,
        moves.bulk_trash,
        moves.bulk_restore,
        moves.export_personal_data,
        moves.erase_personal_data,
    ]
    readonly_fields = (
        "article_link", "in_reply_to", "status_label", "type", "submit_date", "ip_address", "akismet_verdict",
        "awaiting_check", "check_attempts", "user_agent", "referrer", "akismet_request", "source_url",
        "source_title", "source_site_name", "history",
    )
    fieldsets = (
        (None, {"fields": ("article_link", "in_reply_to", "status_label", "type", "submit_date")}),
        (_("Author"), {"fields": ("user_name", "user_email", "user_url", "ip_address")}),
        (_("Comment"), {"fields": ("comment",)}),
        (_("History"), {"fields": ("history",), "classes": ("comment-history-fieldset",)}),
        (_("Spam check"), {"fields": ("akismet_verdict", "awaiting_check", "check_attempts", "user_agent", "referrer")}),
        (_("What Akismet was sent"), {"fields": ("akismet_request",), "classes": ("collapse",)}),
    )
    # What the rows show of an article; its body can be long and is not needed.
    article_fields = ("pk", "title", "slug", "status", "published_at")
    ping_fieldset = (_("Source of the ping"), {"fields": ("source_url", "source_title", "source_site_name")})

    def get_queryset(self, request):
        approved = (
            Comment.objects.filter(status=Status.APPROVED, user_email=OuterRef("user_email"))
            .exclude(user_email="")
            .order_by()
            .values("user_email")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_count=Coalesce(Subquery(approved[:1]), 0),
                parent_name=Subquery(Comment._base_manager.filter(pk=OuterRef("parent_id")).values("user_name")[:1]),
                report_count=Count("reports", distinct=True),
            )
            .prefetch_related(GenericPrefetch("content_object", [Article.objects.only(*self.article_fields)]))
        )

    def get_list_display(self, request):
        columns = QueueColumns(request)
        columns.modeladmin = self
        return (columns.author, columns.excerpt, columns.article, columns.submitted)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "comment":
            kwargs["max_length"] = settings.BLUEDOMES_COMMENT_MAX_LENGTH
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # django_comments' own labels read "User's name", "User's email address".
        if field is not None and db_field.name in AUTHOR_LABELS:
            field.label = AUTHOR_LABELS[db_field.name]
        return field

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.is_ping:
            return (*self.fieldsets, self.ping_fieldset)
        return self.fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _label = actions["delete_selected"]
            actions["delete_selected"] = (func, name, MOVES["delete"].label)
        return actions_for_tab(actions, request.GET.get("status", ""))

    def has_delete_permission(self, request, obj=None):
        # Only from the bins, as the row buttons and bulk menus have it.
        if obj is not None and obj.status not in (Status.SPAM, Status.TRASH):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, comment):
        return status_badge(comment)

    @admin.display(description=_("Article"))
    def article_link(self, comment):
        article = comment.content_object
        if article is None:
            return "—"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), article)

    @admin.display(description=_("In reply to"))
    def in_reply_to(self, comment):
        if not comment.level or comment.parent_id == comment.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:comments_comment_change", args=[comment.parent_id]),
            comment.parent_name or _("Anonymous"),
        )

    @admin.display(description=_("History"))
    def history(self, comment):
        return history_table(comment)

    @staticmethod
    def headline(comment):
        # django_comments' str() starts with an empty name for pings.
        who = comment.user_name or comment.source_title or comment.source_url
        return f"{who}: {Truncator(strip_tags(comment.comment)).chars(60)}"

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        original = Comment.objects.get(pk=obj.pk)
        staff.edit(original, request.user, {name: form.cleaned_data[name] for name in form.changed_data})
        return None

    def delete_model(self, request, obj):
        moves.delete_permanently([obj])

    def delete_queryset(self, request, queryset):
        moves.delete_permanently(queryset)

    def get_deleted_objects(self, objs, request):
        """The delete confirmation lists the comments alone: their history rows
        and xtd's parent rows go with them and need no permission of their own."""
        objs = list(objs)
        perms_needed = set() if self.has_delete_permission(request) else {Comment._meta.verbose_name}
        described = [format_html("{}: {}", obj.user_name or obj.source_title, Truncator(obj.comment).chars(80))
                     for obj in objs]
        return described, {Comment._meta.verbose_name_plural: len(objs)}, perms_needed, []

    # --- per-row buttons and the bins -------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/moderate/<str:move>/", self.admin_site.admin_view(self.moderate_view),
                 name="%s_%s_moderate" % info),
            path("empty/<str:status>/", self.admin_site.admin_view(self.empty_view), name="%s_%s_empty" % info),
            *self.row_tool_urls(),
            *self.check_spam_urls(),
            *super().get_urls(),
        ]

    def _next_url(self, request, fallback):
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return target
        return fallback

    def moderate_view(self, request, object_id, move):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        move = MOVES.get(move)
        comment = self.get_object(request, unquote(object_id))
        if move is None or comment is None:
            raise Http404
        if not moves.allowed(self, request, move):
            raise PermissionDenied
        count = apply_move(request, move, [comment.pk])
        self.message_user(request, move.done(count) % {"count": count}, messages.SUCCESS)
        changelist = reverse("admin:comments_comment_changelist")
        target = self._next_url(request, changelist)
        if move.name == "delete" and target.split("?")[0] != changelist:
            target = changelist
        return HttpResponseRedirect(target)

    def empty_view(self, request, status):
        if status not in (Status.SPAM, Status.TRASH):
            raise Http404
        if not self.has_delete_permission(request):
            raise PermissionDenied
        bin_url = reverse("admin:comments_comment_changelist") + f"?status={status}"
        if request.method == "POST":
            count = empty_bin(status)
            self.message_user(request, MOVES["delete"].done(count) % {"count": count}, messages.SUCCESS)
            return HttpResponseRedirect(bin_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Empty spam?") if status == Status.SPAM else _("Empty trash?"),
            "status": status,
            "count": Comment.objects.filter(status=status).count(),
            "bin_url": bin_url,
        }
        return TemplateResponse(request, "admin/comments/comment/empty_confirm.html", context)

    def changelist_view(self, request, extra_context=None):
        status = request.GET.get("status", "")
        extra_context = {
            "title": Comment._meta.verbose_name_plural.capitalize(),
            **(extra_context or {}),
            "queue_status": status,
            "can_empty": status in (Status.SPAM, Status.TRASH) and self.has_delete_permission(request),
            **self.check_spam_context(request, status),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, unquote(object_id))
        moves = row_moves(self, request, comment) if comment is not None else []
        extra_context = {
            **(extra_context or {}),
            "subtitle": self.headline(comment) if comment is not None else None,
            "queue_moves": [
                (move, reverse("admin:comments_comment_moderate", args=[comment.pk, move.name])) for move in moves
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

