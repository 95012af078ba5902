"""The three roles as groups: Authors, Editors, Moderators.

Group permissions say what each role may touch; the "own articles only" rule
for Authors (who hold change_article but not edit_any_article) is enforced by
ArticleAdmin. Re-running adds missing permissions and removes none, so a
site's own additions to a group survive."""

from django.db import migrations

ROLES = {
    "Authors": [
        "articles.add_article", "articles.change_article", "articles.delete_article", "articles.view_article",
        "articles.add_image", "articles.change_image", "articles.view_image",
        "articles.view_category", "articles.view_tag",
    ],
    "Editors": [
        "articles.add_article", "articles.change_article", "articles.delete_article", "articles.view_article",
        "articles.edit_any_article",
        "articles.add_image", "articles.change_image", "articles.delete_image", "articles.view_image",
        "articles.add_category", "articles.change_category", "articles.delete_category", "articles.view_category",
        "articles.add_tag", "articles.change_tag", "articles.delete_tag", "articles.view_tag",
    ],
    "Moderators": [
        "comments.view_comment", "comments.change_comment", "comments.delete_comment",
        "comments.view_commentevent",
        "django_comments.can_moderate",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; the
    # groups need them now, on a fresh database too.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for label in wanted:
            app_label, codename = label.split(".")
            try:
                permissions.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                # A role silently missing a permission would be a hole
                # nobody notices: fail the migration instead.
                raise LookupError(f"permission {label} for the {name} group does not exist") from None
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_edit_any_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comments", "0001_initial"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
