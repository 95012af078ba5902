"""Turning the strings of a WXR file into values, with the one error type an
item is skipped for."""

import datetime
import html
import ipaddress

from django.utils import timezone
from django.utils.dateparse import parse_datetime

# What WordPress writes for "no date" (drafts have no GMT date until published).
_EMPTY_DATES = {"", "0000-00-00 00:00:00", "0000-00-00T00:00:00"}


class ItemError(Exception):
    """This one item (or comment) cannot be imported; the message says why."""


def wp_int(value, what):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ItemError(f"{what} “{value}” is not a number") from None
    if number < 0:
        raise ItemError(f"{what} “{value}” is negative")
    return number


def optional_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _parse(value, what):
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ItemError(f"broken {what} “{value}”")
    return parsed


def wp_datetime(gmt, local, what, zone=None):
    """``(aware datetime, warning or None)`` from a GMT and a local date.

    The GMT date is the truth; WordPress leaves it zero for drafts, and then
    the local date is read in ``zone`` (the old site's, as wordpress.timezones
    found it from the export's other dates) or else in the site's TIME_ZONE,
    with a warning. A date that is there but cannot be read makes the item
    unusable."""
    gmt, local = (gmt or "").strip(), (local or "").strip()
    if gmt not in _EMPTY_DATES:
        moment = _parse(gmt, f"{what}_gmt")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.timezone.utc)
        return moment, None
    if local not in _EMPTY_DATES:
        moment = _parse(local, what)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, zone)
        where = f"the old site's time zone {zone}" if zone else "TIME_ZONE"
        return moment, f"no {what}_gmt; used {what} “{local}” read in {where}"
    raise ItemError(f"no {what}")


def clean_ip(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def unescape(value):
    """WordPress stores titles and names with HTML entities (``Q&amp;A``)."""
    return html.unescape(value or "").strip()
