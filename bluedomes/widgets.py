"""Form widgets that write their markup in Python, for the comment form on
every article page. Django draws each widget through two templates; for the
comment form's fourteen fields that was a sixth of an article page's
rendering. The markup is the one Django's widget templates write
(django/forms/widgets/input.html, attrs.html, textarea.html), attribute for
attribute."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def attributes(attrs):
    """attrs.html: ``True`` as a bare name, ``False`` left out, the rest escaped."""
    return mark_safe("".join(
        f" {conditional_escape(name)}" if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    ))


class InputMarkup:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        value_part = "" if shown is None else format_html(' value="{}"', str(shown))
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value_part,
                           attributes(widget["attrs"]))


class TextInput(InputMarkup, forms.TextInput):
    pass


class EmailInput(InputMarkup, forms.EmailInput):
    pass


class URLInput(InputMarkup, forms.URLInput):
    pass


class HiddenInput(InputMarkup, forms.HiddenInput):
    pass


class CheckboxInput(InputMarkup, forms.CheckboxInput):
    pass


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html('<textarea name="{}"{}>\n{}</textarea>', widget["name"], attributes(widget["attrs"]),
                           widget["value"] or "")
