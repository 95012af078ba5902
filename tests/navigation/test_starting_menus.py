"""Where menus start from: an existing site's header kept as it was, and
the demo's header and footer."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from articles.models import Article
from navigation.demo import ensure_demo_menus
from navigation.models import Menu, MenuItem
from tests.factories import make_article, make_category, make_tag

from .conftest import header_nav, links, make_page, nav

pytestmark = pytest.mark.django_db

migration = importlib.import_module("navigation.migrations.0002_header_menu_from_categories")


def header_links(client, language):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return links(header_nav(html) or "")


def test_an_existing_sites_header_is_the_same_after_the_migration_in_every_language(client):
    travel, economy = make_category(name="Travel"), make_category(name="Economy")
    make_category(name="Unused")
    make_article(categories=[travel, economy])
    make_article(categories=[make_category(name="Drafts only")], status=Article.Status.DRAFT)
    before = {language: header_links(client, language) for language in ("en", "ru", "kk")}

    migration.header_menu_from_categories(apps, None)

    assert Menu.objects.filter(location="header").exists()
    after = {language: header_links(client, language) for language in ("en", "ru", "kk")}
    assert after == before
    with translation.override("ru"):
        assert before["ru"][0] == ("/", translation.gettext("Latest"))
    assert before["ru"][0] != before["en"][0]


def test_a_fresh_site_gets_no_menu_and_keeps_the_automatic_header():
    migration.header_menu_from_categories(apps, None)
    assert not Menu.objects.exists()


def test_the_demo_has_a_header_with_submenus_and_the_footer_pages_that_exist(client):
    categories = {slug: make_category(name=slug.title(), slug=slug) for slug in ("economy", "travel")}
    tags = {slug: make_tag(name=slug, slug=slug) for slug in ("trade", "rail")}
    make_article(categories=list(categories.values()), tags=list(tags.values()))
    make_page(title="About", slug="about")
    make_page(title="Contact", slug="contact")

    assert ensure_demo_menus(["economy", "travel"]) > 0
    assert ensure_demo_menus(["economy", "travel"]) == 0

    html = client.get("/").content.decode()
    assert links(nav(html, "Main menu")) == [
        ("/", "Latest"), ("/category/economy/", "Economy"), ("/tag/trade/", "Trade"),
        ("/category/travel/", "Travel"), ("/tag/rail/", "Rail"),
    ]
    assert links(nav(html, "Footer menu")) == [("/about/", "About"), ("/comments/privacy/", "Privacy"),
                                              ("/contact/", "Contact")]
    russian = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert ("/comments/privacy/", "Конфиденциальность") in links(nav(russian, "Меню подвала"))
    assert MenuItem.objects.filter(menu__location="footer", language="kk").exists()
