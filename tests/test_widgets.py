"""bluedomes.widgets write, in Python, exactly what Django's widget templates write."""

import pytest
from django import forms

from bluedomes import widgets


@pytest.mark.parametrize("django_widget, ours, attrs, value, extra", [
    (forms.TextInput, widgets.TextInput, {"autocomplete": "name", "maxlength": 50}, "Айгерим <b>\"&'",
     {"id": "id_name", "required": True}),
    (forms.TextInput, widgets.TextInput, {"tabindex": "-1"}, None, {"id": "x", "aria-invalid": "true"}),
    (forms.TextInput, widgets.TextInput, {}, "Қазақ 边境 مرحبا", {"id": "x", "required": False}),
    (forms.EmailInput, widgets.EmailInput, {"autocomplete": "email"}, "", None),
    (forms.URLInput, widgets.URLInput, {}, "https://例え.jp/?a=1&b=2", {"id": "u"}),
    (forms.HiddenInput, widgets.HiddenInput, {}, 1234, {"id": "h"}),
    (forms.CheckboxInput, widgets.CheckboxInput, {}, True, {"id": "c"}),
    (forms.CheckboxInput, widgets.CheckboxInput, {}, False, {"id": "c"}),
    (forms.CheckboxInput, widgets.CheckboxInput, {}, "on", {"id": "c"}),
    (forms.Textarea, widgets.Textarea, {"rows": 8}, "ئۇيغۇرچە <script>\nқазақша", {"id": "t", "required": True}),
    (forms.Textarea, widgets.Textarea, {"rows": 8}, None, {"id": "t"}),
])
def test_our_widgets_write_djangos_markup(django_widget, ours, attrs, value, extra):
    assert ours(attrs=attrs).render("f", value, attrs=extra) == django_widget(attrs=attrs).render("f", value, attrs=extra)
