from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class AnyAccountPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches accounts without a usable
    password: authors imported from WordPress set their first password this
    way. That is as safe as any reset: the link goes only to the address on
    the account, and the token is spent once the password changes."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        email_field = get_user_model().get_email_field_name()
        return (user for user in users if getattr(user, email_field, "").lower() == email.lower())
