"""Queries whose SQL Django builds once per process.

Building and compiling a query can cost Django twenty times what the database
takes to run it: the article page's neighbours and related articles each took
1.3 ms to build and compile and 0.05 ms to run on SQLite, on every request.
A PreparedQuery calls its builder once per shape of its arguments with marker
values in place of the real ones, compiles the queryset, and notes where each
marker landed among the parameters. Later calls run that SQL with the real
values put in those places. The SQL is the builder's own, so every rule
(``Article.objects.published()`` and the like) stays written once, as a
QuerySet method.

Only integers, strings and aware datetimes are values; a list of them is a
value too, and its length is part of the shape. A builder whose SQL does not
carry one of its markers as a parameter (a value that decided the query's form
rather than filled it) is never prepared: its queryset is built on every call,
as without this module. A builder must not branch on its values (a list's
length aside): it sees each shape once, with markers, and what it builds then
is what every later call runs. Values that do shape the SQL (a slice's bounds)
are passed as ``fixed``, and each of their combinations is prepared apart.
"""

import copy
import datetime
import itertools
import operator
import weakref

from django.core.exceptions import EmptyResultSet
from django.db import connections, router

# Lists of ever new lengths must not grow a process without bound.
MAX_SHAPES = 64

# Far from any id, count or limit a query could hold as a constant.
_INT_MARKER_BASE = -7_355_608_000_000
_DATETIME_MARKER_BASE = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)


class PreparedQuery:
    """``build(*values)`` returns a QuerySet of ``model``; calling the
    PreparedQuery with ``values`` returns the list of instances it gives."""

    def __init__(self, model, build):
        self.model = model
        self.build = build
        self._prepared = {}

    def __call__(self, *values, fixed=()):
        """``fixed``: hashable values the builder gets after ``values`` that
        shape the SQL (a page's slice bounds); each is prepared on its own."""
        alias = router.db_for_read(self.model)
        shape = _shape(values)
        if shape is None:
            return list(self.build(*values, *fixed))
        key = (alias, shape, fixed)
        if key not in self._prepared:
            if len(self._prepared) >= MAX_SHAPES:
                return list(self.build(*values, *fixed))
            self._prepared[key] = self._prepare(alias, shape, fixed)
        prepared = self._prepared[key]
        if prepared is None:
            return list(self.build(*values, *fixed))
        queryset, compiler, sql, template, slots, columns, converters = prepared
        connection = connections[alias]
        params = list(template)
        adapt = _adapter(connection)
        flat = [adapt(value) for value in _flatten(values)]
        for position, index in slots:
            params[position] = flat[index]
        # The queryset's own iterable (instances with their select_related
        # objects, values() dicts, prefetches) runs on a copy of the compiler
        # that compiled it, which answers with the SQL and the new values.
        primed = copy.copy(compiler)
        primed.connection = connection
        primed.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        primed.get_converters = _remembered(primed.get_converters, columns, converters, connection)
        queryset = queryset.all()
        queryset.query.get_compiler = lambda *args, **kwargs: primed
        return list(queryset)

    def _prepare(self, alias, shape, fixed):
        """(queryset, compiler, sql, params, slots) for ``shape``, or None
        when the builder's SQL does not carry every marker as a parameter."""
        counter = itertools.count()
        markers = [_markers(kind, length, counter) for kind, length in shape]
        try:
            queryset = self.build(*markers, *fixed).using(alias)
            compiler = queryset.query.get_compiler(alias)
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            # Nothing can match (an empty IN list): Django answers without a query.
            return None
        except (ValueError, TypeError):
            # The builder refused a marker (a negative slice bound): the value
            # shapes the query, and the real one will be built every time.
            return None
        adapt = _adapter(connections[alias])
        index_of = {adapt(marker): index for index, marker in enumerate(_flatten(markers))}
        slots = [(position, index_of[param]) for position, param in enumerate(params) if _hashable(param) in index_of]
        if {index for _, index in slots} != set(range(len(index_of))):
            return None
        columns = [column for column, *_ in compiler.select[:compiler.col_count]]
        # Per connection: a backend's converters are its own methods.
        converters = weakref.WeakKeyDictionary()
        return queryset, compiler, sql, list(params), slots, columns, converters


def _remembered(get_converters, columns, known, connection):
    """``get_converters`` that works out the converters of the selected
    columns once per connection: Django asks on every execution, column by
    column, and for an article's twenty columns that took longer than SQLite
    took to run the query. Any other columns are asked about as usual."""

    def remembered(expressions):
        if len(expressions) != len(columns) or not all(map(operator.is_, expressions, columns)):
            return get_converters(expressions)
        if connection not in known:
            known[connection] = get_converters(expressions)
        return known[connection]

    return remembered


def _shape(values):
    """Each value's kind and, for a list, its length; None when a value is of
    a kind this module does not put in place (it may change the SQL's form)."""
    shape = []
    for value in values:
        if isinstance(value, (list, tuple)):
            kinds = {_kind(item) for item in value}
            if None in kinds or len(kinds) > 1:
                return None
            shape.append((kinds.pop() if kinds else int, len(value)))
        else:
            kind = _kind(value)
            if kind is None:
                return None
            shape.append((kind, None))
    return tuple(shape)


def _kind(value):
    # Exact types only: a bool is an int, and a subclass may adapt otherwise.
    if type(value) in (int, str):
        return type(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return datetime.datetime
    return None


def _markers(kind, length, counter):
    make = {int: _int_marker, str: _str_marker, datetime.datetime: _datetime_marker}[kind]
    if length is None:
        return make(next(counter))
    return [make(next(counter)) for _ in range(length)]


def _int_marker(index):
    return _INT_MARKER_BASE - index


def _str_marker(index):
    # Text no one types, holding what LIKE lookups escape (%, _ and the
    # backslash): a lookup that rewrites values (contains, and iexact on
    # SQLite) rewrites this too, leaves it unfound, and is never prepared.
    return f"\x1fprepared%_\\{index}\x1f"


def _datetime_marker(index):
    return _DATETIME_MARKER_BASE + datetime.timedelta(microseconds=index + 1)


def _flatten(values):
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from value
        else:
            yield value


def _adapter(connection):
    """What the compiler makes of a value: a datetime becomes what the
    database's DateTimeField stores (text in UTC on SQLite)."""
    ops = connection.ops

    def adapt(value):
        if isinstance(value, datetime.datetime):
            return ops.adapt_datetimefield_value(value)
        return value

    return adapt


def _hashable(param):
    try:
        hash(param)
    except TypeError:
        return None
    return param
