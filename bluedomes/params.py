"""Numbers that arrive in URLs, query strings and forms.

``str.isdigit()`` is True for "²" and "١٢", which ``int()`` or the database
then refuse, and a 20-digit number overflows SQLite's and PostgreSQL's
64-bit integers: either would be a 500. Every id read from a request goes
through ``parse_id``; route converters use ``BoundedIntConverter``."""

import re

MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value):
    """``value`` (a str or an int) as a database id, or None when it is not
    one: non-ASCII digits, signs, blanks and numbers past 2^63 - 1 included."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 <= number <= MAX_ID else None


class BoundedIntConverter:
    """``<id:pk>``: ASCII digits that fit the database's integers; longer
    numbers never match, so they are a 404 like any other unknown path."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class YearConverter(BoundedIntConverter):
    """A year the archive views can step past: datetime stops at 9999, and
    the views compute the following year, month and day."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if not 1 <= year <= 9998:
            # Django's resolver takes a ValueError here as "no match": a 404.
            raise ValueError(year)
        return year
