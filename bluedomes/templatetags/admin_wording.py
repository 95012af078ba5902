"""Our words for the admin's bulk-delete confirmation: what is deleted, named,
with the plural form the count needs (three in Russian), where Django says
"Delete multiple objects" and "Yes, I’m sure" for any number of anything."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def _comments(count):
    return {
        "heading": ngettext("Delete %(count)d comment permanently?", "Delete %(count)d comments permanently?", count),
        # One or several, not a plural form: the sentence shows no number.
        "intro": _("This comment and its history will be deleted for good; this cannot be undone. "
                   "Replies to it are kept.") if count == 1 else
        _("These comments and their history will be deleted for good; this cannot be undone. "
          "Replies to them are kept."),
        "confirm": ngettext("Yes, delete the comment", "Yes, delete %(count)d comments", count),
    }


def _articles(count):
    return {
        "heading": ngettext("Delete %(count)d article?", "Delete %(count)d articles?", count),
        "intro": _("This article will be deleted for good, with what is listed below; this cannot be undone. "
                   "To take it off the site and keep it, make it a draft instead.") if count == 1 else
        _("These articles will be deleted for good, with what is listed below; this cannot be undone. "
          "To take them off the site and keep them, make them drafts instead."),
        "confirm": ngettext("Yes, delete the article", "Yes, delete %(count)d articles", count),
    }


WORDING = {"comments.comment": _comments, "articles.article": _articles}


@register.simple_tag
def delete_wording(opts, count, objects_name=""):
    """{heading, intro, confirm} for deleting ``count`` objects of ``opts``' model."""
    words = WORDING.get(opts.label_lower)
    if words is None:
        return {
            "heading": _("Delete: %(name)s (%(count)d)") % {"name": objects_name, "count": count},
            "intro": _("The following will be deleted for good; this cannot be undone."),
            "confirm": _("Yes, delete"),
        }
    return {key: text % {"count": count} for key, text in words(count).items()}
