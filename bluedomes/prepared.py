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

A queryset's prefetch_related lookups that name a many-to-many field of its
model are read through prepared SQL too (PreparedManyToMany); other lookups
are left to Django.
"""

import copy
import datetime
import itertools
import operator
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, router
from django.db.models.constants import LOOKUP_SEP
from django.db.models.manager import BaseManager
from django.db.models.query import ModelIterable

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
        connection = connections[alias]
        params = list(prepared.params)
        adapt = _adapter(connection)
        flat = [adapt(value) for value in _flatten(values)]
        for position, index in prepared.slots:
            params[position] = flat[index]
        sql = prepared.sql
        # The queryset's own iterable (instances with their select_related
        # objects, values() dicts, prefetches) runs on a copy of the compiler
        # that compiled it, which answers with the SQL and the new values.
        primed = copy.copy(prepared.compiler)
        primed.connection = connection
        primed.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        primed.get_converters = _remembered(primed.get_converters, prepared.columns, prepared.converters, connection)
        queryset = prepared.queryset.all()
        queryset.query.get_compiler = lambda *args, **kwargs: primed
        queryset._prefetch_related_lookups = prepared.other_lookups
        found = list(queryset)
        for relation in prepared.many_to_many:
            relation.prefetch(found)
        return found

    def _prepare(self, alias, shape, fixed):
        """What a call of ``shape`` runs (a _Prepared), or None when the
        builder's SQL does not carry every marker as a parameter."""
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
        many_to_many, other_lookups = _split_lookups(queryset)
        return _Prepared(
            queryset=queryset, compiler=compiler, sql=sql, params=list(params), slots=slots,
            columns=[column for column, *_ in compiler.select[:compiler.col_count]],
            # Per connection (one per thread, for the thread's life): a
            # backend's converters are its own methods.
            converters={},
            many_to_many=many_to_many, other_lookups=other_lookups,
        )


@dataclass(frozen=True)
class _Prepared:
    queryset: object
    compiler: object
    sql: str
    params: list
    slots: list
    columns: list
    converters: dict
    many_to_many: tuple
    other_lookups: tuple


def _split_lookups(queryset):
    """The queryset's prefetch_related lookups that name a many-to-many field
    of its model (read through prepared SQL, below), and the others, which
    Django's prefetching still reads."""
    lookups = queryset._prefetch_related_lookups
    if queryset._iterable_class is not ModelIterable:
        return (), lookups
    many_to_many = []
    for lookup in lookups:
        relation = _many_to_many(queryset.model, lookup) if isinstance(lookup, str) else None
        # A deeper lookup through the same field needs Django's objects.
        if relation is not None and not any(
            isinstance(other, str) and other.startswith(f"{lookup}{LOOKUP_SEP}") for other in lookups
        ):
            many_to_many.append(relation)
    names = {relation.name for relation in many_to_many}
    return tuple(many_to_many), tuple(lookup for lookup in lookups if lookup not in names)


_RELATIONS = {}


def _many_to_many(model, name):
    """A PreparedManyToMany for ``model.name``, or None when ``name`` is not a
    plain many-to-many field (its own through table, a filtering manager, an
    ordering other than by field names)."""
    key = (model, name)
    if key not in _RELATIONS:
        _RELATIONS[key] = PreparedManyToMany.of(model, name)
    return _RELATIONS[key]


class PreparedManyToMany:
    """prefetch_related of one many-to-many field: the related objects of a
    list of instances, read from the through table (joined to the related
    table) through a PreparedQuery, in the related model's ordering. Django
    builds its prefetch query afresh for every list, which cost the home page
    more than the query took to run."""

    def __init__(self, name, through, source, target, ordering):
        self.name = name
        self.source_attname = through._meta.get_field(source).attname
        self.target = target
        self.rows = PreparedQuery(
            through,
            lambda pks: through._base_manager.filter(**{f"{source}__in": pks}).select_related(target).order_by(
                *ordering
            ),
        )

    @classmethod
    def of(cls, model, name):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not (field.many_to_many and field.concrete) or not field.remote_field.through._meta.auto_created:
            return None
        related = field.related_model
        if type(related._default_manager).get_queryset is not BaseManager.get_queryset:
            return None
        target = field.m2m_reverse_field_name()
        ordering = []
        for order in related._meta.ordering:
            if not isinstance(order, str) or LOOKUP_SEP in order or order == "?":
                return None
            descending = order.startswith("-")
            ordering.append(f"{'-' if descending else ''}{target}{LOOKUP_SEP}{order.lstrip('-')}")
        return cls(name, field.remote_field.through, field.m2m_field_name(), target, ordering)

    def prefetch(self, instances):
        """What prefetch_related(name) leaves on each instance: its manager's
        queryset, with the related objects as its results."""
        if not instances:
            return
        related = {}
        for row in self.rows([instance.pk for instance in instances]):
            related.setdefault(getattr(row, self.source_attname), []).append(getattr(row, self.target))
        for instance in instances:
            queryset = getattr(instance, self.name).get_queryset()
            queryset._result_cache = related.get(instance.pk, [])
            queryset._prefetch_done = True
            if not hasattr(instance, "_prefetched_objects_cache"):
                instance._prefetched_objects_cache = {}
            instance._prefetched_objects_cache[self.name] = queryset


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
