from django.db import migrations

# The duplicate check and the known-author rule find a commenter's earlier
# comments by email, compared case-insensitively. PostgreSQL compares
# UPPER(user_email) and without this index scans every comment of the site
# (or of the article) on each POST. The rules then matched with LIKE on
# SQLite, which no index serves; 0011 indexes SQLite since they compare UPPER.
INDEX = "comments_user_email_upper"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "django_comments" (UPPER("user_email"::text))')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0009_moderator_digest"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
