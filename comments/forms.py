from django import forms
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from .models import CommentReport


class CommentForm(XtdCommentForm):
    """The reader's "Leave a Reply" form.

    xtd's form supplies the security hash, the timestamp, django_comments'
    honeypot, ``reply_to`` and ``followup``; this one relabels the fields as
    WordPress readers know them and adds "remember me". Name and email are
    optional here because the discussion settings (rules.py) decide whether
    they are required. The form never builds xtd's temporary comment: the
    pipeline stores our own model from ``cleaned_data``."""

    remember = forms.BooleanField(
        required=False, label=_("Save my name, email, and website in this browser for the next time I comment.")
    )

    def __init__(self, target_object, *args, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        fields = self.fields
        fields["name"].required = False
        fields["name"].label = _("Name")
        fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": 50})
        fields["email"].required = False
        fields["email"].label = _("Email")
        # The page says "Your email address will not be published." above the fields.
        fields["email"].help_text = ""
        fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        fields["url"] = forms.URLField(
            label=_("Website"), required=False, max_length=200, assume_scheme="https",
            widget=forms.URLInput(attrs={"autocomplete": "url"}),
        )
        fields["comment"].label = _("Comment")
        fields["comment"].widget = forms.Textarea(attrs={"rows": 8, "maxlength": fields["comment"].max_length})
        fields["followup"].label = _("Notify me of follow-up comments by email.")
        fields["followup"].widget = forms.CheckboxInput()
        fields["notify_replies"] = forms.BooleanField(
            required=False, label=_("Notify me of replies to my comment by email.")
        )
        fields["follow_site"] = forms.BooleanField(required=False, label=_("Email me new articles from this site."))
        fields["honeypot"].widget = forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        # Order as the page shows them.
        self.order_fields(["comment", "name", "email", "url", "remember", "followup", "notify_replies", "follow_site"])

    def clean_comment(self):
        text = super().clean_comment().strip()
        if not text:
            raise forms.ValidationError(_("Please type your comment."))
        return text

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
