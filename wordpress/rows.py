"""Writing many rows of one table at once, for the import's bulk loads:
Django's bulk_create refuses multi-table models (a comment is three tables)
and builds a model instance per row."""

from django.db import connections, router

# Rows per INSERT statement: many rows in one statement spare a round trip
# each; a bound keeps one statement's size sane for an article with
# thousands of comments.
ROWS_PER_INSERT = 1000


def insert_rows(model, rows):
    """INSERT ``rows`` (dicts by field attname; a missing field takes its
    default) into ``model``'s own table: by COPY on PostgreSQL, where an
    INSERT's parameters are quoted into its text one by one (half a big
    import's database time), else many rows per statement."""
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key or f.remote_field]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)

    # Once per call, not per row and field: every row of a bulk load takes the same defaults.
    defaults = {f.attname: f.get_default() for f in fields}

    def values(row):
        return [f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection) for f in fields]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        one_row = "({})".format(", ".join(["%s"] * len(fields)))
        size = min(ROWS_PER_INSERT, connection.ops.bulk_batch_size(fields, rows) or 1)
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one_row] * len(chunk)),
                [value for row in chunk for value in values(row)],
            )
