from django.db import migrations

# The duplicate check, the known-author rule and the privacy tools now compare
# UPPER(user_email) on SQLite too (CommentQuerySet.by_email), which an
# expression index can serve there as well; PostgreSQL has had it since 0010.
INDEX = "comments_user_email_upper"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "django_comments" (UPPER("user_email"))')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):

    dependencies = [("comments", "0010_comment_email_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
