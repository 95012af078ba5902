from django import forms
from django.utils.translation import gettext_lazy as _

from articles import languages
from articles.models import Category

from .models import Subscriber


class FollowForm(forms.Form):
    """"Follow by email": the footer sends only the address (every new
    article, each by itself); the follow page adds the choices."""

    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": _("Your email address")}),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Only these categories"), queryset=Category.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Leave all unticked to receive every new article."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Only these languages"), choices=languages.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Leave all unticked to receive articles in every language."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Subscriber.Frequency.choices, initial=Subscriber.Frequency.INSTANT,
        required=False, widget=forms.RadioSelect,
    )

    def clean_frequency(self):
        return self.cleaned_data.get("frequency") or Subscriber.Frequency.INSTANT


class ManageForm(forms.ModelForm):
    languages = FollowForm.base_fields["languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("languages", self.instance.language_codes)

    class Meta:
        model = Subscriber
        fields = ["frequency", "categories"]
        widgets = {"frequency": forms.RadioSelect, "categories": forms.CheckboxSelectMultiple}
        labels = {"categories": _("Only these categories")}
        help_texts = {"categories": _("Leave all unticked to receive every new article.")}

    def save(self, commit=True):
        subscriber = super().save(commit=False)
        subscriber.all_categories = not self.cleaned_data["categories"]
        subscriber.language_codes = self.cleaned_data["languages"]
        subscriber.save()
        self.save_m2m()
        return subscriber
