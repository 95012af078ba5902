from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from bluedomes import widgets

from .models import CommentReport


class CommentForm(XtdCommentForm):
    """The reader's "Leave a Reply" form.

    xtd's form supplies the security hash, the timestamp, django_comments'
    honeypot, ``reply_to`` and ``followup``; this one relabels the fields as
    WordPress readers know them and adds "remember me". Name and email are
    required only when the discussion settings say so (``require_name_email``),
    so that every error comes in the same round, under its field. The form never builds xtd's temporary comment: the
    pipeline stores our own model from ``cleaned_data``."""

    remember = forms.BooleanField(
        required=False, label=_("Save my name, email, and website in this browser for the next time I comment."),
        widget=widgets.CheckboxInput,
    )

    def __init__(self, target_object, *args, require_name_email=False, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        fields = self.fields
        fields["name"].required = require_name_email
        fields["name"].label = _("Name")
        fields["name"].widget = widgets.TextInput(attrs={"autocomplete": "name", "maxlength": 50})
        fields["name"].error_messages["required"] = _("Please fill in your name.")
        fields["email"].required = require_name_email
        fields["email"].error_messages["required"] = _("Please fill in your email address.")
        fields["email"].label = _("Email")
        # The page says "Your email address will not be published." above the fields.
        fields["email"].help_text = ""
        fields["email"].widget = widgets.EmailInput(attrs={"autocomplete": "email"})
        fields["url"] = forms.URLField(
            label=_("Website"), required=False, max_length=200, assume_scheme="https",
            widget=widgets.URLInput(attrs={"autocomplete": "url"}),
        )
        # Our own limit (settings.BLUEDOMES_COMMENT_MAX_LENGTH), not django_comments'.
        fields["comment"] = forms.CharField(
            label=_("Comment"), max_length=settings.BLUEDOMES_COMMENT_MAX_LENGTH,
            widget=widgets.Textarea(attrs={"rows": 8}),
        )
        fields["followup"].label = _("Notify me of follow-up comments by email.")
        fields["followup"].widget = widgets.CheckboxInput()
        fields["notify_replies"] = forms.BooleanField(
            required=False, label=_("Notify me of replies to my comment by email."), widget=widgets.CheckboxInput,
        )
        fields["follow_site"] = forms.BooleanField(
            required=False, label=_("Email me new articles from this site."), widget=widgets.CheckboxInput,
        )
        fields["honeypot"].widget = widgets.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        # xtd's security fields (content type, object, timestamp, hash, reply_to).
        for field in fields.values():
            if type(field.widget) is forms.HiddenInput:
                field.widget = widgets.HiddenInput(attrs=field.widget.attrs)
        # Order as the page shows them.
        self.order_fields(["comment", "name", "email", "url", "remember", "followup", "notify_replies", "follow_site"])

    def integrity_problem(self):
        """"honeypot" when the hidden field was filled (a robot: refuse outright),
        "expired" for a stale timestamp or a security hash that does not match
        (a reader may just have left the page open: show the form again), else None."""
        errors = self.security_errors()
        if "honeypot" in errors:
            return "honeypot"
        if errors:
            return "expired"
        return None

    def clean_comment(self):
        text = super().clean_comment().strip()
        if not text:
            raise forms.ValidationError(_("Please type your comment."))
        return text

    def add_error(self, field, error):
        super().add_error(field, error)
        # Screen readers announce a field as invalid and read its message.
        for name in self._errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.auto_id % name}-error"

    @property
    def error_summary(self):
        """(field id or "", message) for every error, in the page's order, for the summary above the form."""
        shown = [name for name in self.fields if name in self.errors and not self.fields[name].widget.is_hidden]
        summary = [("", message) for message in self.non_field_errors()]
        for name in shown:
            summary += [(self.auto_id % name, message) for message in self.errors[name]]
        return summary

    def clean(self):
        # xtd's clean() only adds Bootstrap CSS classes; the theme has its own.
        return forms.Form.clean(self)


class DataRequestForm(forms.Form):
    """A reader asking for their own data, by the address they commented with."""

    email = forms.EmailField(label=_("Email address you commented with"), max_length=254)
    kind = forms.ChoiceField(
        label=_("What would you like?"),
        choices=[
            ("export", _("A copy of my comments and what is stored with them")),
            ("erase", _("Erase my name, email address, website and IP address from my comments")),
        ],
        widget=forms.RadioSelect,
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with this comment?"), choices=CommentReport.Reason.choices,
                               widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Anything the moderators should know (optional)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
    )
