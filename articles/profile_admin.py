"""Author profiles in the admin: each writer edits their own, Editors everyone's."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from bluedomes.roles import may_edit_any_article

from .models import AuthorProfile


class AuthorProfileForm(forms.ModelForm):
    class Meta:
        model = AuthorProfile
        fields = ["user", "bio", "picture", "links"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5}), "links": forms.Textarea(attrs={"rows": 4})}

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("“%(line)s” is not a web address (it must start with https://)."), params={"line": line[:100]},
                ) from None
        return "\n".join(lines)


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    form = AuthorProfileForm
    list_display = ("user", "picture")
    autocomplete_fields = ("picture",)

    def get_queryset(self, request):
        profiles = super().get_queryset(request).select_related("user", "picture")
        return profiles if may_edit_any_article(request.user) else profiles.filter(user=request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not may_edit_any_article(request.user):
            # A writer's profile is their own: the field shows who, and cannot be changed.
            form.base_fields["user"].disabled = True
            form.base_fields["user"].initial = request.user.pk
            form.base_fields["user"].queryset = form.base_fields["user"].queryset.filter(pk=request.user.pk)
        return form

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return may_edit_any_article(request.user) or not AuthorProfile.objects.filter(user=request.user).exists()
