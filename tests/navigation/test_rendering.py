"""The menus as readers get them: in the editor's order, one level of
submenus, nothing that leads to what they may not see, and the same few
queries however long the menus are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Page
from tests.factories import make_article, make_category, make_tag

from .conftest import header_nav, links, make_item, make_page, nav

pytestmark = pytest.mark.django_db

MAIN, FOOTER = "Main menu", "Footer menu"


def header_links(client, **extra):
    return links(header_nav(client.get("/", **extra).content.decode()) or "")


class TestOrderAndNesting:
    def test_items_come_in_their_order_with_children_under_their_parent(self, client, header):
        make_item(header, url="/third/", label="Үшінші", order=3)
        parent = make_item(header, url="/first/", label="Первый", order=1)
        make_item(header, url="/second/", label="Второй", order=2)
        make_item(header, url="/first/b/", label="Ә", order=2, parent=parent)
        make_item(header, url="/first/a/", label="А", order=1, parent=parent)

        html = client.get("/").content.decode()

        assert links(nav(html, MAIN)) == [
            ("/first/", "Первый"), ("/first/a/", "А"), ("/first/b/", "Ә"), ("/second/", "Второй"),
            ("/third/", "Үшінші"),
        ]
        menu = nav(html, MAIN)
        submenu_id = f"menu-item-{parent.pk}"
        assert f'aria-expanded="false" aria-controls="{submenu_id}"' in menu
        assert f'<ul class="menu__sub" id="{submenu_id}">' in menu
        assert "Первый: submenu" in menu
        assert "js/menus.js" in html

    def test_a_menu_without_submenus_loads_no_script(self, client, header):
        make_item(header, url="/", label="Home")
        assert "js/menus.js" not in client.get("/").content.decode()

    def test_the_footer_menu_lists_its_items_and_their_children(self, client, footer):
        about = make_page(title="About us", slug="about")
        parent = make_item(footer, page=about)
        make_item(footer, page=make_page(title="Команда", slug="team", parent=about), parent=parent)
        make_item(footer, url="https://t.me/bluedomes", label="Telegram", new_tab=True, order=1)

        menu = nav(client.get("/").content.decode(), FOOTER)

        assert links(menu) == [("/about/", "About us"), ("/about/team/", "Команда"),
                               ("https://t.me/bluedomes", "Telegram (opens in a new tab)")]
        assert 'target="_blank" rel="noopener"' in menu

    def test_the_current_page_is_marked(self, client, header):
        category = make_category(name="Economy")
        make_article(categories=[category])
        make_item(header, url="/", label="Home")
        make_item(header, category=category, order=1)
        menu = nav(client.get(category.get_absolute_url()).content.decode(), MAIN)
        assert f'<a href="{category.get_absolute_url()}" class="menu__link" aria-current="page">' in menu
        assert '<a href="/" class="menu__link">' in menu

    def test_labels_are_text_not_markup(self, client, header):
        make_item(header, url="/", label='<img src=x onerror="alert(1)">')
        menu = nav(client.get("/").content.decode(), MAIN)
        assert "<img" not in menu and "&lt;img" in menu

    def test_a_right_to_left_label_keeps_its_text(self, client, header):
        make_item(header, url="/ug/", label="ئۇيغۇرچە")
        assert header_links(client) == [("/ug/", "ئۇيغۇرچە")]


class TestHiddenTargets:
    def test_an_article_sent_back_to_draft_leaves_the_menu_and_returns_when_published(self, client, header):
        article = make_article(title="Снег на перевале", slug="sneg")
        make_item(header, article=article)
        assert header_links(client) == [(article.get_absolute_url(), "Снег на перевале")]

        article.status = Article.Status.DRAFT
        article.save()
        assert header_links(client) == []

        article.status = Article.Status.PUBLISHED
        article.save()
        assert header_links(client) == [(article.get_absolute_url(), "Снег на перевале")]

    def test_scheduled_and_private_articles_are_not_shown(self, client, header):
        make_item(header, article=make_article(published_at=timezone.now() + timedelta(days=1)))
        make_item(header, article=make_article(is_private=True))
        assert header_links(client) == []

    def test_a_draft_page_or_a_page_under_a_draft_is_not_shown(self, client, header):
        section = make_page(title="Раздел", slug="section", status=Page.Status.DRAFT)
        make_item(header, page=section)
        make_item(header, page=make_page(title="Под разделом", slug="under", parent=section))
        make_item(header, page=make_page(title="About", slug="about"))
        assert header_links(client) == [("/about/", "About")]

    def test_a_category_or_tag_with_nothing_published_is_not_shown(self, client, header):
        empty_category, empty_tag = make_category(name="Empty"), make_tag(name="empty")
        used_category, used_tag = make_category(name="Used"), make_tag(name="used")
        make_article(categories=[used_category], tags=[used_tag])
        make_article(categories=[empty_category], tags=[empty_tag], status=Article.Status.DRAFT)
        for target in (empty_category, used_category):
            make_item(header, category=target)
        for target in (empty_tag, used_tag):
            make_item(header, tag=target, order=1)
        assert [label for _url, label in header_links(client)] == ["Used", "used"]

    def test_the_children_of_a_hidden_item_are_hidden_with_it(self, client, header):
        parent = make_item(header, page=make_page(title="Draft", slug="draft", status=Page.Status.DRAFT))
        make_item(header, url="/search/", label="Search", parent=parent)
        assert header_links(client) == []


class TestLanguages:
    def test_an_item_limited_to_a_language_shows_only_to_its_readers(self, client, header):
        make_item(header, url="/", label="Latest", language="en")
        make_item(header, url="/", label="Последние", language="ru")
        make_item(header, url="/search/", label="Search · Поиск · Іздеу", order=1)

        assert [label for _url, label in header_links(client, HTTP_ACCEPT_LANGUAGE="ru")] == [
            "Последние", "Search · Поиск · Іздеу"]
        assert [label for _url, label in header_links(client, HTTP_ACCEPT_LANGUAGE="en")] == [
            "Latest", "Search · Поиск · Іздеу"]
        assert [label for _url, label in header_links(client, HTTP_ACCEPT_LANGUAGE="kk")] == [
            "Search · Поиск · Іздеу"]


class TestWithoutAHeaderMenu:
    def test_a_site_without_a_header_menu_lists_its_categories_as_before(self, client):
        used, _unused = make_category(name="Общество", slug="society"), make_category(name="Unused")
        make_article(categories=[used])
        assert links(nav(client.get("/").content.decode(), "Categories")) == [
            ("/", "Latest"), (used.get_absolute_url(), "Общество")]

    def test_an_emptied_header_menu_shows_no_navigation(self, client, header):
        make_article(categories=[make_category(name="Economy")])
        html = client.get("/").content.decode()
        assert nav(html, "Categories") is None and nav(html, MAIN) is None


def fill(menu, start, count):
    """``count`` items of every kind, half of them under the first ones."""
    parents = []
    for number in range(start, start + count):
        kind = number % 5
        category, tag = make_category(name=f"Section {number}"), make_tag(name=f"topic {number}")
        if kind == 0:
            section = make_page(title=f"Section {number}", slug=f"section-{number}")
            target = {"page": make_page(title=f"Page {number}", slug=f"page-{number}", parent=section)}
        elif kind == 1:
            target = {"article": make_article(categories=[category])}
        elif kind == 2:
            make_article(categories=[category])
            target = {"category": category}
        elif kind == 3:
            make_article(tags=[tag])
            target = {"tag": tag}
        else:
            target = {"url": f"/path-{number}/", "label": f"Путь {number}"}
        parent = parents[number % len(parents)] if parents and number % 2 else None
        item = make_item(menu, order=number, parent=parent, **target)
        if parent is None:
            parents.append(item)


def test_both_menus_cost_the_same_queries_for_3_items_as_for_30(client, header, footer,
                                                                 django_assert_max_num_queries):
    fill(header, 0, 3)
    fill(footer, 100, 3)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    fill(header, 3, 27)
    fill(footer, 103, 27)
    with django_assert_max_num_queries(len(few)):
        html = client.get("/").content.decode()
    assert len(links(nav(html, MAIN))) == 30
    assert len(links(nav(html, FOOTER))) == 30


def test_a_site_with_menus_reads_which_exist_then_every_item_in_one_query(client, header, footer):
    fill(header, 0, 10)
    fill(footer, 10, 10)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len([query for query in queries if 'FROM "navigation_menuitem"' in query["sql"]]) == 1
    assert len([query for query in queries if 'FROM "navigation_menu"' in query["sql"]]) == 1
    assert not [query for query in queries if query["sql"].startswith('SELECT "articles_category"')]


def test_a_site_without_menus_reads_no_items_and_its_categories_in_one_query(client):
    make_article(categories=[make_category(name="Economy")])
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    sql = [query["sql"] for query in queries]
    assert not [text for text in sql if 'FROM "navigation_menuitem"' in text]
    assert len([text for text in sql if 'FROM "navigation_menu"' in text]) == 1
    assert len([text for text in sql if text.startswith('SELECT "articles_category"')]) == 1
    assert "Economy" in html
