"""Editors build menus in the admin: one screen per menu, its items in
place, refused with the reason beside the field when they break a rule."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from navigation.models import Menu, MenuItem
from tests.factories import make_article, make_category, make_tag, make_user

from .conftest import make_item, make_page

pytestmark = pytest.mark.django_db

FIELDS = ("order", "parent", "kind", "page", "category", "tag", "article", "url", "label", "language", "new_tab")


def form_data(location, rows, initial=0):
    """The POST an editor's browser sends: the menu and each item row."""
    data = {"location": location, "items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": str(initial),
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        for name in FIELDS + ("id", "DELETE"):
            value = row.get(name, "")
            if name == "new_tab" and not value:
                continue
            if name == "DELETE" and not value:
                continue
            data[f"items-{index}-{name}"] = "on" if value is True else str(getattr(value, "pk", value))
    return data


def existing(item, **changes):
    values = {name: getattr(item, name if name in ("order", "kind", "url", "label", "language", "new_tab")
                            else f"{name}_id") for name in FIELDS}
    row = {name: "" if value is None else value for name, value in values.items()}
    row.update(id=item.pk, **changes)
    return row


@pytest.fixture
def editor(client):
    user = make_user(username="dana", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(user)
    return user


def test_an_editor_adds_a_header_menu_with_a_page_a_category_and_an_address(client, editor):
    about = make_page(title="О редакции", slug="about")
    economy = make_category(name="Economy")
    response = client.post("/admin/navigation/menu/add/", form_data("header", [
        {"order": 1, "kind": "page", "page": about},
        {"order": 2, "kind": "category", "category": economy, "label": "Экономика"},
        {"order": 3, "kind": "url", "url": "https://t.me/bluedomes", "label": "Telegram", "new_tab": True,
         "language": "ru"},
    ]))
    assert response.status_code == 302, response.content.decode()[:3000]
    menu = Menu.objects.get(location="header")
    assert [(item.kind, item.title(), item.language) for item in menu.items.all()] == [
        ("page", "О редакции", ""), ("category", "Экономика", ""), ("url", "Telegram", "ru")]
    assert menu.items.get(kind="url").new_tab


def test_an_editor_puts_an_item_under_another_and_reorders(client, editor, header):
    first = make_item(header, url="/", label="Главная", order=1)
    second = make_item(header, url="/search/", label="Іздеу", order=2)
    third = make_item(header, url="/follow/", label="Follow", order=3)
    page = client.get(f"/admin/navigation/menu/{header.pk}/change/")
    assert page.status_code == 200
    response = client.post(f"/admin/navigation/menu/{header.pk}/change/", form_data("header", [
        existing(first, order=5), existing(second), existing(third, parent=second.pk),
    ], initial=3))
    assert response.status_code == 302, response.content.decode()[:3000]
    first.refresh_from_db()
    third.refresh_from_db()
    assert first.order == 5 and third.parent == second


def test_the_change_form_offers_only_this_menus_top_level_items_as_parents(client, editor, header, footer):
    parent = make_item(header, url="/", label="Верх")
    child = make_item(header, url="/a/", label="Ниже", parent=parent)
    elsewhere = make_item(footer, url="/b/", label="Подвал")
    html = client.get(f"/admin/navigation/menu/{header.pk}/change/").content.decode()
    select = html.split('name="items-0-parent"')[1].split("</select>")[0]
    assert f'value="{parent.pk}"' in select
    assert f'value="{child.pk}"' not in select and f'value="{elsewhere.pk}"' not in select


def test_two_levels_made_in_one_save_are_refused(client, editor, header):
    top = make_item(header, url="/", label="Top", order=1)
    middle = make_item(header, url="/m/", label="Middle", order=2)
    low = make_item(header, url="/l/", label="Low", order=3)
    response = client.post(f"/admin/navigation/menu/{header.pk}/change/", form_data("header", [
        existing(top), existing(middle, parent=top.pk), existing(low, parent=middle.pk),
    ], initial=3))
    assert response.status_code == 200
    assert "Menus nest one level deep" in response.content.decode()
    assert not MenuItem.objects.filter(parent__isnull=False).exists()


def test_a_javascript_address_is_refused_beside_its_field(client, editor):
    response = client.post("/admin/navigation/menu/add/", form_data("footer", [
        {"kind": "url", "url": "javascript:alert(document.cookie)", "label": "Click"},
    ]))
    assert response.status_code == 200
    assert "Give a full address starting with https://" in response.content.decode()
    assert not Menu.objects.exists()


def test_an_item_with_a_second_target_is_refused(client, editor):
    response = client.post("/admin/navigation/menu/add/", form_data("header", [
        {"kind": "article", "article": make_article(), "url": "/also/"},
    ]))
    assert response.status_code == 200
    assert "Leave this empty for an item of this kind." in response.content.decode()


def test_the_change_form_shows_the_menu_as_readers_see_it(client, editor, header):
    make_item(header, url="/", label="Басты бет")
    make_item(header, page=make_page(title="Черновик", slug="draft", status="draft"))
    html = client.get(f"/admin/navigation/menu/{header.pk}/change/").content.decode()
    preview = html.split('class="menu-preview"')[1].split("</ul>")[0]
    assert "Басты бет" in preview and "Черновик" not in preview


def test_the_menu_editor_reads_a_fixed_number_of_queries(client, editor, header, django_assert_max_num_queries):
    def add_items(count):
        for number in range(count):
            make_item(header, category=make_category(), order=number)
            make_item(header, tag=make_tag(), order=number)
            make_item(header, article=make_article(), order=number)
            make_item(header, page=make_page(title=f"Page {number}", slug=f"page-{number}-{count}"), order=number)

    add_items(1)
    few = len_queries(client, header)
    add_items(8)
    with django_assert_max_num_queries(few):
        client.get(f"/admin/navigation/menu/{header.pk}/change/")


def len_queries(client, menu):
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/admin/navigation/menu/{menu.pk}/change/")
    return len(queries)


def test_authors_cannot_change_menus(client, header):
    client.force_login(make_user(username="amir", is_staff=True, groups=[Group.objects.get(name="Authors")]))
    assert client.get(f"/admin/navigation/menu/{header.pk}/change/").status_code == 403
