"""New rows written together, with INSERTs Django compiles once per process.

A comment POST writes four rows: the comment's three (django_comments', xtd's
and ours: one model through multi-table inheritance) and the first line of its
history. Django's save() builds and compiles every INSERT afresh, and on
PostgreSQL sends each in a round trip of its own: together that was a quarter
of the POST's Python. NewRows writes the rows of several new instances with
each table's INSERT compiled by Django once per process: on PostgreSQL as one
statement, each INSERT a data-modifying WITH query of it; elsewhere one
statement per table, in one transaction.

An instance added gets a marker in place of the id its row will be given.
Whatever refers to it meanwhile (a later instance's foreign key, a column the
caller set to the instance's own id) holds the marker, and the statement puts
the id there: on PostgreSQL a sub-select of the row that makes it, elsewhere
the id that row returned. After the write every instance holds its ids, and
pre_save and post_save have been sent, as save() leaves and sends them.

Only plain values are written: a field whose value is an expression, or whose
column takes another placeholder than %s, is refused.
"""

from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import signals
from django.db.models.sql import InsertQuery

# Far from any id a table holds, and from bluedomes.prepared's markers.
_MARKER_BASE = -7_355_609_000_000


@dataclass(frozen=True)
class _Insert:
    """One table's INSERT, split around its VALUES list."""

    model: object
    fields: list
    head: str
    tail: str
    plain: str
    returning: bool

    def sql(self, placeholders):
        return f"{self.head}VALUES ({', '.join(placeholders)}){self.tail}"


_INSERTS = {}


def _insert(alias, model, makes_id):
    """The INSERT of ``model``'s own table, without its id column when the
    row ``makes_id`` (and then returning it), compiled by Django once."""
    key = (alias, model, makes_id)
    if key not in _INSERTS:
        meta = model._meta
        fields = [field for field in meta.local_concrete_fields if not (makes_id and field is meta.auto_field)]
        query = InsertQuery(model)
        query.insert_values(fields, [model()])
        connection = connections[alias]
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = [meta.pk] if makes_id else None
        [(sql, _params)] = compiler.as_sql()
        values = f"VALUES ({', '.join(['%s'] * len(fields))})"
        others_returned = [field for field in meta.db_returning_fields if field is not meta.pk]
        if sql.count(values) != 1 or compiler.returning_params or others_returned:
            raise TypeError(f"{meta.label} has columns NewRows cannot write: save() it instead")
        head, tail = sql.split(values)
        returning = makes_id and connection.features.can_return_columns_from_insert
        _INSERTS[key] = _Insert(model, fields, head, tail, sql, returning)
    return _INSERTS[key]


def _tables(model):
    """``model`` and the models of its parents' tables, the topmost first."""
    return [*reversed(model._meta.get_parent_list()), model]


class NewRows:
    """New instances, added in the order their rows must be written (an
    instance before those that refer to it), written by ``write()``."""

    def __init__(self):
        self._instances = []
        self._markers = {}
        self._alias = None

    def add(self, instance):
        """Queue ``instance`` (unsaved). Its id, and each parent link's, is a
        marker until ``write()``; returns the instance."""
        model = instance._meta.concrete_model
        alias = router.db_for_write(model, instance=instance)
        if self._alias not in (None, alias):
            raise ValueError("NewRows writes to one database")
        self._alias = alias
        instance._prepare_related_fields_for_save(operation_name="save")
        signals.pre_save.send(sender=type(instance), instance=instance, raw=False, using=alias, update_fields=None)
        tables = _tables(model)
        top = tables[0]._meta.pk
        value = getattr(instance, top.attname)
        if value is None:
            value = top.get_pk_value_on_save(instance)
        if value is None:
            if top is not top.model._meta.auto_field:
                raise ValueError(f"{model._meta.label} needs its id before its row is written")
            value = _MARKER_BASE - len(self._markers)
            self._markers[value] = None
        for table in tables:
            setattr(instance, table._meta.pk.attname, value)
        self._instances.append(instance)
        return instance

    def write(self):
        """Write the rows of every instance added; each then holds its ids, as
        after save(). When the database refuses a row, none is written and
        the new ids are None again."""
        connection = connections[self._alias]
        try:
            rows = [row for instance in self._instances for row in self._rows(instance, connection)]
            if connection.vendor == "postgresql":
                self._write_in_one_statement(connection, rows)
            else:
                with transaction.atomic(using=self._alias, savepoint=False):
                    self._write_row_by_row(connection, rows)
        except BaseException:
            self._markers = dict.fromkeys(self._markers)
            self._put_ids()
            raise
        self._put_ids()
        for instance in self._instances:
            instance._state.adding = False
            instance._state.db = self._alias
        for instance in self._instances:
            signals.post_save.send(
                sender=type(instance), instance=instance, created=True, update_fields=None, raw=False,
                using=self._alias,
            )

    def _put_ids(self):
        """Every marker an instance holds replaced by the id it stood for."""
        for instance in self._instances:
            for field in instance._meta.concrete_fields:
                value = getattr(instance, field.attname)
                if self._is_marker(value):
                    setattr(instance, field.attname, self._markers[value])

    def _rows(self, instance, connection):
        """(INSERT, parameters, the marker it makes or None) of each of the instance's tables."""
        for table in _tables(instance._meta.concrete_model):
            pk = getattr(instance, table._meta.pk.attname)
            makes = pk if table._meta.auto_field is not None and self._is_marker(pk) else None
            insert = _insert(self._alias, table, makes is not None)
            params = []
            for field in insert.fields:
                value = field.pre_save(instance, True)
                if hasattr(value, "resolve_expression"):
                    raise TypeError(f"{field} holds an expression: save() the instance instead")
                params.append(value if self._is_marker(value) else field.get_db_prep_save(value, connection))
            yield insert, params, makes

    def _is_marker(self, value):
        return type(value) is int and value in self._markers

    def _write_in_one_statement(self, connection, rows):
        queries, params, made = [], [], {}
        quote = connection.ops.quote_name
        for number, (insert, values, makes) in enumerate(rows):
            placeholders = []
            for value in values:
                if self._is_marker(value):
                    placeholders.append(made[value])
                else:
                    placeholders.append("%s")
                    params.append(value)
            queries.append(f"{quote(f'row{number}')} AS ({insert.sql(placeholders)})")
            if makes is not None:
                made[makes] = f"(SELECT {quote(insert.model._meta.pk.column)} FROM {quote(f'row{number}')})"
        markers = list(made)
        sql = f"WITH {', '.join(queries)} SELECT {', '.join(made[marker] for marker in markers) or 'NULL'}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = cursor.fetchone()
        self._markers.update(zip(markers, ids))

    def _write_row_by_row(self, connection, rows):
        ids = self._markers
        with connection.cursor() as cursor:
            for insert, values, makes in rows:
                cursor.execute(insert.plain, [ids[value] if self._is_marker(value) else value for value in values])
                if makes is not None:
                    if insert.returning:
                        ids[makes] = cursor.fetchone()[0]
                    else:
                        meta = insert.model._meta
                        ids[makes] = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
