from django import template

register = template.Library()


@register.filter
def status_views(changelist):
    """The queue's status tabs (All / Pending / …) with their counts, taken from
    the changelist's status filter so tabs and filtering share one query."""
    for spec in changelist.filter_specs:
        if getattr(spec, "shown_as_tabs", False):
            return list(spec.choices(changelist))
    return []
