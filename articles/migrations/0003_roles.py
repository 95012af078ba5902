"""The roles as groups (Authors, Editors, Moderators), as bluedomes.roles
declares them. Later changes to that file need no migration of their own:
every ``migrate`` syncs the groups again (ArticlesConfig.ready)."""

from django.db import migrations

from bluedomes.roles import sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_edit_any_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comments", "0001_initial"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
