"""``{% path "articles:author" username %}``: ``{% url %}`` for the theme's
links, through bluedomes.paths (``as name`` works as with ``{% url %}``)."""

from django import template

from bluedomes.paths import path_of

register = template.Library()


@register.simple_tag
def path(viewname, *args):
    return path_of(viewname, *args)
