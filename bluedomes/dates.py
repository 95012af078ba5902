"""Dates in the reader's language, written fast.

DATE and TIME are format strings each language translates: "F j, Y" is
"j E Y" in Russian ("22 января 2021") and "Y ж. j E" in Kazakh.
``formatter(format)`` reads a format once and returns a function of the
value: Django's date formatting parses the format again for every value,
which for a thread of 200 comments cost more than the rest of a comment."""

import functools

from django.utils import dateformat
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

DATE = gettext_lazy("F j, Y")
TIME = gettext_lazy("g:i A")

# Django's "E": a month's name as it stands in a date ("22 января"). Django's
# own Kazakh catalogue lacks these, so its "E" gave the calendar's
# capitalised "Қаңтар"; declared here, our catalogues carry them.
MONTHS_IN_DATES = {
    1: pgettext_lazy("alt. month", "January"),
    2: pgettext_lazy("alt. month", "February"),
    3: pgettext_lazy("alt. month", "March"),
    4: pgettext_lazy("alt. month", "April"),
    5: pgettext_lazy("alt. month", "May"),
    6: pgettext_lazy("alt. month", "June"),
    7: pgettext_lazy("alt. month", "July"),
    8: pgettext_lazy("alt. month", "August"),
    9: pgettext_lazy("alt. month", "September"),
    10: pgettext_lazy("alt. month", "October"),
    11: pgettext_lazy("alt. month", "November"),
    12: pgettext_lazy("alt. month", "December"),
}


@functools.lru_cache(maxsize=16)
def _names(language):
    """The words a date may hold in ``language``, translated once: months
    twice (calendar and in-date forms), and AM/PM."""
    return {
        "F": {month: str(name) for month, name in MONTHS.items()},
        "E": {month: str(name) for month, name in MONTHS_IN_DATES.items()},
        "A": (_("AM"), _("PM")),
    }


# The format characters a reader's date uses, as Django writes them; any
# other letter is left to Django.
_FIELDS = {
    "d": lambda value, names: f"{value.day:02d}",
    "j": lambda value, names: str(value.day),
    "m": lambda value, names: f"{value.month:02d}",
    "n": lambda value, names: str(value.month),
    "Y": lambda value, names: f"{value.year:04d}",
    "F": lambda value, names: names["F"][value.month],
    "E": lambda value, names: names["E"][value.month],
    "H": lambda value, names: f"{value.hour:02d}",
    "G": lambda value, names: str(value.hour),
    "g": lambda value, names: str(value.hour % 12 or 12),
    "h": lambda value, names: f"{value.hour % 12 or 12:02d}",
    "i": lambda value, names: f"{value.minute:02d}",
    "A": lambda value, names: names["A"][value.hour > 11],
}


def _by_django(character, value, names):
    return dateformat.format(value, character)


@functools.lru_cache(maxsize=32)
def formatter(format_string):
    """A function writing a date or datetime as Django's ``date`` filter
    writes it with ``format_string``, in the language active when called."""
    pieces, escaped = [], False
    for character in format_string:
        if escaped:
            pieces.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in _FIELDS:
            pieces.append(_FIELDS[character])
        elif character.isalpha():
            pieces.append(functools.partial(_by_django, character))
        else:
            pieces.append(character)

    def write(value):
        names = _names(get_language())
        return "".join(piece if isinstance(piece, str) else piece(value, names) for piece in pieces)

    return write
