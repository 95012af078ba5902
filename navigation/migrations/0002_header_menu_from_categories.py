"""Sites that already have categories get a header menu equal to the header
they show today (the home page, then every category, hidden while it has
nothing published), so nothing changes until an editor changes the menu. A
fresh site gets none: without a header menu the theme lists the categories
by itself, as it always has."""

from django.db import migrations

from navigation.defaults import add_header_items


def header_menu_from_categories(apps, schema_editor):
    Category = apps.get_model("articles", "Category")
    Menu = apps.get_model("navigation", "Menu")
    MenuItem = apps.get_model("navigation", "MenuItem")
    categories = list(Category.objects.order_by("name"))
    if not categories or Menu.objects.filter(location="header").exists():
        return
    add_header_items(MenuItem, Menu.objects.create(location="header"), categories)


class Migration(migrations.Migration):

    dependencies = [
        ("navigation", "0001_menus"),
    ]

    operations = [
        migrations.RunPython(header_menu_from_categories, migrations.RunPython.noop),
    ]
