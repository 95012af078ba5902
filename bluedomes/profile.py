""""My profile": every staff member edits their own name and email address
(the address moderation emails go to); the password has Django's own
change page, linked from here."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("Moderation emails and password resets go to this address.")


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
