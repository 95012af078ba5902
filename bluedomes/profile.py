""""My profile": every staff member edits their own name and email address
(the address moderation emails go to) and, when they moderate, whether held
comments come one email each or in one daily digest; the password has
Django's own change page, linked from here."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from comments.models import ModeratorPreference

from .roles import is_moderator


class ProfileForm(forms.ModelForm):
    moderation_emails = forms.ChoiceField(
        label=_("Moderation emails"), choices=ModeratorPreference.Emails.choices, widget=forms.RadioSelect,
        help_text=_("The digest comes once a day, with Approve, Spam and Trash links for each comment, "
                    "and only on days when something waits."),
    )

    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("Moderation emails and password resets go to this address.")
        if is_moderator(self.instance):
            chosen = ModeratorPreference.objects.filter(user=self.instance).values_list("emails", flat=True).first()
            self.fields["moderation_emails"].initial = chosen or ModeratorPreference.Emails.EACH
        else:
            del self.fields["moderation_emails"]

    def save(self, commit=True):
        user = super().save(commit)
        if "moderation_emails" in self.fields:
            ModeratorPreference.objects.update_or_create(
                user=user, defaults={"emails": self.cleaned_data["moderation_emails"]}
            )
        return user


class ProfileView(UpdateView):
    form_class = ProfileForm
    template_name = "admin/profile.html"
    admin_site = None

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        return {
            **self.admin_site.each_context(self.request),
            "title": _("My profile"),
            **super().get_context_data(**kwargs),
        }

    def form_valid(self, form):
        messages.success(self.request, _("Your profile is saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("admin:profile")
