"""Reply and Quick Edit on the queue's rows, as WordPress has them.

Each row carries both as disclosure widgets whose fields belong to the
queue's one row-action form (their ``form`` attribute), since forms cannot
nest inside the changelist's own form: no JavaScript is needed. A refused
reply or edit comes back on a page of its own with the words kept."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from bluedomes.clientip import client_ip

from ..context_processors import forget_pending_count
from ..models import Comment
from ..moderator import staff

ROW_FORM_ID = "queue-row-action"


class RowToolForm:
    """Fields named after their comment (``reply-12-text``), bound to the row-action form."""

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, prefix=f"{self.prefix_name}-{comment.pk}", **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = ROW_FORM_ID


class ReplyForm(RowToolForm, forms.Form):
    prefix_name = "reply"
    text = forms.CharField(
        label=_("Your reply"), max_length=settings.BLUEDOMES_COMMENT_MAX_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please type your reply."))
        return text


class QuickEditForm(RowToolForm, forms.ModelForm):
    prefix_name = "edit"
    user_url = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    comment = forms.CharField(label=_("Comment"), max_length=settings.BLUEDOMES_COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 5}))

    class Meta:
        model = Comment
        fields = staff.EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, instance=kwargs["comment"], **kwargs)


def row_tools(comment, *, can_change):
    """The Reply and Quick Edit widgets under one row's text."""
    if not can_change:
        return ""
    return render_to_string("admin/comments/comment/_row_tools.html", {
        "comment": comment,
        "reply_form": None if comment.is_ping else ReplyForm(comment=comment),
        "edit_form": QuickEditForm(comment=comment),
        "reply_url": reverse("admin:comments_comment_reply", args=[comment.pk]),
        "edit_url": reverse("admin:comments_comment_quick_edit", args=[comment.pk]),
    })


class RowToolsMixin:
    """The two views, added to the queue's ModelAdmin."""

    def row_tool_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/reply/", view(self.reply_view), name="comments_comment_reply"),
            path("<path:object_id>/quick-edit/", view(self.quick_edit_view), name="comments_comment_quick_edit"),
        ]

    def _row_comment(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise Http404
        return comment

    def reply_view(self, request, object_id):
        comment = self._row_comment(request, object_id)
        form = ReplyForm(request.POST or None, comment=comment)
        if request.method == "POST" and form.is_valid():
            try:
                staff.reply(comment, request.user, form.cleaned_data["text"], ip_address=client_ip(request))
            except staff.ReplyRefused as refusal:
                form.add_error("text", str(refusal))
            else:
                forget_pending_count()
                self.message_user(request, _("Your reply is published and the comment it answers is approved."),
                                  messages.SUCCESS)
                return HttpResponseRedirect(self._next_url(request, reverse("admin:comments_comment_changelist")))
        return self._row_tool_page(request, comment, form, _("Reply to %(name)s"))

    def quick_edit_view(self, request, object_id):
        comment = self._row_comment(request, object_id)
        form = QuickEditForm(request.POST or None, comment=comment)
        if request.method == "POST" and form.is_valid():
            original = Comment.objects.get(pk=comment.pk)
            changed = staff.edit(original, request.user, form.cleaned_data)
            self.message_user(
                request, _("Comment updated; the earlier version is kept in its history.") if changed
                else _("Nothing was changed."), messages.SUCCESS,
            )
            return HttpResponseRedirect(self._next_url(request, reverse("admin:comments_comment_changelist")))
        return self._row_tool_page(request, comment, form, _("Edit the comment of %(name)s"))

    def _row_tool_page(self, request, comment, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title % {"name": comment.user_name or comment.source_title or "—"},
            "comment": comment,
            "form": form,
            "form_id": ROW_FORM_ID,
            "next": self._next_url(request, reverse("admin:comments_comment_changelist")),
        }
        return TemplateResponse(request, "admin/comments/comment/row_tool.html", context,
                                status=400 if form.is_bound else 200)
