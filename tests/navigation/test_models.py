"""What an editor may put in a menu: one target per item, one level of
nesting, addresses that cannot run script or leave the site in disguise."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from navigation.models import Menu, MenuItem
from tests.factories import make_article, make_category, make_tag

from .conftest import make_item, make_page

pytestmark = pytest.mark.django_db


def errors(item):
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    return caught.value.message_dict


class TestOneTarget:
    def test_an_item_needs_the_target_its_kind_names(self, header):
        assert "page" in errors(MenuItem(menu=header, kind=MenuItem.Kind.PAGE))
        assert "url" in errors(MenuItem(menu=header, kind=MenuItem.Kind.URL, label="Home"))

    def test_a_second_target_is_refused(self, header):
        item = MenuItem(menu=header, kind=MenuItem.Kind.CATEGORY, category=make_category(),
                        tag=make_tag(), url="/elsewhere/")
        found = errors(item)
        assert set(found) == {"tag", "url"}

    def test_the_database_refuses_two_targets_too(self, header):
        with pytest.raises(IntegrityError), transaction.atomic():
            MenuItem.objects.create(menu=header, kind=MenuItem.Kind.TAG, tag=make_tag(), category=make_category())

    def test_an_address_needs_a_label_a_target_does_not(self, header):
        assert "label" in errors(MenuItem(menu=header, kind=MenuItem.Kind.URL, url="/search/"))
        item = make_item(header, category=make_category(name="Экономика"))
        assert item.title() == "Экономика"

    def test_a_label_loses_its_control_characters(self, header):
        item = make_item(header, url="/", label="Басты\nбет\x00")
        assert item.label == "Басты бет"

    def test_a_language_the_interface_does_not_speak_is_refused(self, header):
        assert "language" in errors(MenuItem(menu=header, kind=MenuItem.Kind.URL, url="/", label="x",
                                             language="ug"))
        assert make_item(header, url="/", label="Басты бет", language="kk").language == "kk"

    def test_one_menu_per_location(self, header):
        with pytest.raises(IntegrityError), transaction.atomic():
            Menu.objects.create(location=Menu.Location.HEADER)


class TestAddresses:
    @pytest.mark.parametrize("url", [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/", "/\\evil.example/",
        "\\\\evil.example", "http:/\\evil.example", "ftp://example.org/", "mailto:editor@example.org",
        "https://exa mple.org/", "/path\x00", "#top", "example.org", "https://", "/a\u2028b",
    ])
    def test_hostile_or_foreign_addresses_are_refused(self, header, url):
        assert "url" in errors(MenuItem(menu=header, kind=MenuItem.Kind.URL, url=url, label="Link"))

    @pytest.mark.parametrize("url", [
        "/", "/about/team/", "/search/?q=%D1%81%D1%83", "https://example.org/путь?q=1#часть",
        "http://例え.jp/", "https://t.me/bluedomes",
    ])
    def test_http_addresses_and_site_paths_are_kept(self, header, url):
        assert make_item(header, url=url, label="Link").link() == url


class TestOneLevel:
    def test_an_item_may_go_under_a_top_level_item(self, header):
        parent = make_item(header, url="/", label="Разделы")
        child = make_item(header, url="/search/", label="Іздеу", parent=parent)
        assert child.parent == parent

    def test_an_item_cannot_go_under_a_child(self, header):
        parent = make_item(header, url="/", label="Top")
        child = make_item(header, url="/a/", label="Child", parent=parent)
        assert "parent" in errors(MenuItem(menu=header, kind=MenuItem.Kind.URL, url="/b/", label="Grandchild",
                                           parent=child))

    def test_an_item_with_children_cannot_go_under_another(self, header):
        parent = make_item(header, url="/", label="Parent")
        make_item(header, url="/a/", label="Child", parent=parent)
        other = make_item(header, url="/b/", label="Other")
        parent.parent = other
        assert "parent" in errors(parent)

    def test_an_item_cannot_go_under_itself_or_another_menus_item(self, header, footer):
        item = make_item(header, url="/", label="Self")
        item.parent = item
        assert "parent" in errors(item)
        elsewhere = make_item(footer, url="/about/", label="About")
        assert "parent" in errors(MenuItem(menu=header, kind=MenuItem.Kind.URL, url="/x/", label="X",
                                           parent=elsewhere))


class TestDeletedTargets:
    def test_deleting_a_page_removes_its_items(self, header):
        page = make_page(title="О нас", slug="about")
        make_item(header, page=page)
        page.delete()
        assert not MenuItem.objects.exists()

    def test_removing_an_item_moves_its_children_to_the_top_level(self, header):
        article = make_article(title="Дорога через перевал", slug="doroga-cherez-pereval")
        parent = make_item(header, article=article)
        child = make_item(header, url="/search/", label="Search", parent=parent)
        article.delete()
        child.refresh_from_db()
        assert child.parent is None
