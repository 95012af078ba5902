"""Dates in the reader's language: bluedomes.dates writes them as Django's
``date`` filter does, from formats each language translates."""

from datetime import date, datetime, timezone as dt_timezone

import pytest
from django.utils import dateformat, formats, translation

from bluedomes import dates
from comments.thread_markup import comment_date

VALUES = [datetime(2021, month, day, hour, minute) for month, day, hour, minute in
          [(1, 1, 0, 0), (2, 9, 11, 59), (5, 22, 12, 0), (9, 30, 13, 5), (12, 31, 23, 30)]]
FORMATS = ["F j, Y", "j E Y", "Y ж. j E", "d.m.Y H:i", "n/j/y g:i A", "h:i a", "D, N jS \\a\\t G:i", "l \\d\\e F", "b M P"]


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("format_string", FORMATS)
def test_a_format_is_written_as_djangos_date_filter_writes_it(language, format_string):
    write = dates.formatter(format_string)
    with translation.override(language):
        for value in VALUES:
            assert write(value) == dateformat.format(value, format_string)


def test_dates_without_a_time_are_written_too():
    with translation.override("ru"):
        assert dates.formatter(str(dates.DATE))(date(2024, 3, 8)) == "8 марта 2024"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "January 22, 2021"),
    ("ru", "22 января 2021"),
    # Kazakh writes the month in lower case inside a date.
    ("kk", "2021 ж. 22 қаңтар"),
])
def test_the_date_format_reads_as_each_language_writes_a_date(language, expected):
    with translation.override(language):
        assert dateformat.format(date(2021, 1, 22), str(dates.DATE)) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "January 22, 2021 at 3:17 pm"),
    ("ru", "22 января 2021 в 15:17"),
    ("kk", "2021 ж. 22 қаңтар, 15:17"),
])
def test_a_comments_date_is_in_the_readers_language(settings, language, expected):
    settings.TIME_ZONE = "UTC"
    with translation.override(language):
        assert comment_date(datetime(2021, 1, 22, 15, 17, tzinfo=dt_timezone.utc)) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "July 4, 2026"),
    ("ru", "4 июля 2026 г."),
    ("kk", "2026 ж. 4 шілде"),
])
def test_the_named_date_format_reads_as_each_language_writes_a_date(language, expected):
    # Django ships no Kazakh formats: bluedomes.formats gives them.
    with translation.override(language):
        assert formats.date_format(date(2026, 7, 4), "DATE_FORMAT") == expected
