"""WordPress pages become pages: the hierarchy, order, status, author and
date come over, their old addresses and ids lead to them, links to them in
bodies are rewritten, and what our pages cannot hold is reported."""

import datetime

import pytest

from articles.models import Article, Page
from comments.models import Comment
from tests.comments.conftest import make_comment
from tests.factories import make_user
from wordpress import wxr

from .conftest import run_import
from .test_export import export_site
from .test_legacy_urls import assert_moved
from .test_rerun import changed_export, summary

pytestmark = pytest.mark.django_db
OLZHAS = "/about/team/%d0%be%d0%bb%d0%b6%d0%b0%d1%81/"


def page(wp_id):
    return Page.objects.select_related("parent", "author").get(wordpress_id=wp_id)


def test_pages_become_pages_with_their_hierarchy_order_author_and_date(imported):
    about, team, contact, olzhas = page(108), page(114), page(115), page(116)
    assert (about.title, about.slug, about.parent, about.status) == ("About this blog", "about", None, "published")
    assert about.author.username == "olga"
    assert about.created_at == datetime.datetime(2023, 1, 1, 9, 0, tzinfo=datetime.UTC)
    assert (team.title, team.parent, team.order) == ("Команда — 团队", about, 2)
    assert (contact.parent, contact.order) == (about, 1)
    assert (olzhas.slug, olzhas.parent) == ("olzhas", team)
    assert olzhas.get_absolute_url() == "/about/team/olzhas/"
    assert not Article.objects.filter(wordpress_id__in=[108, 114, 115, 116, 117]).exists()


def test_pages_answer_at_their_paths_with_their_children_in_order(imported, client):
    response = client.get("/about/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Contact") < text.index("Команда — 团队")
    assert client.get("/about/team/").status_code == 200
    assert "Олжас пишет о воде." in client.get("/about/team/olzhas/").content.decode()


def test_old_page_links_and_ids_lead_to_the_pages(imported, client):
    assert_moved(client, "/?page_id=108", "/about/")
    assert_moved(client, "/?p=114", "/about/team/")
    assert_moved(client, OLZHAS, "/about/team/olzhas/")
    assert_moved(client, "/about/team", "/about/team/")


def test_links_to_old_page_addresses_in_bodies_point_at_the_pages(imported):
    rules = Article.objects.get(wordpress_id=112).body
    assert '<a href="/about/team/"' in rules and '<a href="/about/"' in rules
    assert "old-blog.example" not in rules
    assert '<a href="/about/"' in page(114).body


def test_a_protected_page_is_a_draft_and_the_report_says_what_to_do(imported, client):
    rules = page(117)
    assert rules.status == "draft"
    assert client.get("/internal-rules/").status_code == 404
    assert "#117 “Internal rules”: password-protected in WordPress; pages here have no password, so it is a draft." in imported
    assert "its 1 comment(s) were not imported, as pages here take no comments" in imported
    assert not Comment.objects.filter(wordpress_id=1101).exists()


def test_the_report_lists_the_pages_that_came_over(imported):
    assert (
        "5 page(s) are pages here, with their parents and order: /about/, /about/contact/, /about/team/, "
        "/about/team/olzhas/, /internal-rules/."
    ) in imported


def test_a_changed_page_is_updated_in_place(imported, media_dir, tmp_path):
    team = page(114)
    path = changed_export(tmp_path, [("Команда — 团队", "Наша команда"), ("Write to us.", "Write to us, please.")])
    output = run_import(path, media_dir=str(media_dir))
    assert summary(output)["pages"][:3] == [0, 2, 3]
    assert Page.objects.count() == 5
    assert (page(114).pk, page(114).title) == (team.pk, "Наша команда")
    assert page(115).body == "<p>Write to us, please.</p>"


def test_a_page_an_earlier_import_made_an_article_becomes_a_page_and_its_old_address_redirects(db, media_dir, client):
    Article.objects.create(
        title="About this blog", slug="about", author=make_user(username="olga"), status="published",
        published_at=datetime.datetime(2023, 1, 1, 9, 0, tzinfo=datetime.UTC), wordpress_id=108,
    )
    output = run_import(media_dir=str(media_dir))
    assert not Article.objects.filter(wordpress_id=108).exists()
    assert page(108).get_absolute_url() == "/about/"
    assert "it is a page at /about/ now, and /2023/01/01/about/ redirects there." in output
    assert_moved(client, "/2023/01/01/about/", "/about/")


def test_a_former_page_article_with_comments_is_kept_and_reported(db, media_dir):
    article = Article.objects.create(
        title="About this blog", slug="about", author=make_user(username="olga"), status="published",
        published_at=datetime.datetime(2023, 1, 1, 9, 0, tzinfo=datetime.UTC), wordpress_id=108,
    )
    make_comment(article, comment="Кто вы?")
    output = run_import(media_dir=str(media_dir))
    assert Article.objects.filter(wordpress_id=108).exists()
    assert "an earlier import made it an article, which is kept as it has 1 comment(s)" in output


def test_pages_are_exported_as_pages_with_parent_and_menu_order(imported, tmp_path):
    path, _media, _output = export_site(tmp_path)
    pages = {int(item.post_id): item for item in wxr.read(path) if isinstance(item, wxr.Item) and item.post_type == "page"}
    assert set(pages) == {108, 114, 115, 116, 117}
    assert (pages[114].post_parent, pages[114].menu_order, pages[114].post_name) == ("108", "2", "team")
    assert (pages[116].post_parent, pages[108].post_parent, pages[117].status) == ("114", "0", "draft")
