"""Static pages: their own nested addresses, never among articles (home,
archives, search, feeds), in the sitemap, written in the admin, and never
shadowing another route."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Page
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def make_page(**kw):
    kw.setdefault("status", Page.Status.PUBLISHED)
    kw.setdefault("body", f"<p>About text for {kw['slug']}.</p>")
    return Page.objects.create(**kw)


@pytest.fixture
def about():
    return make_page(title="О нас", slug="about", body="<p>Мы — небольшая редакция.</p>")


@pytest.fixture
def team(about):
    return make_page(title="Команда", slug="team", parent=about, body="<p>Nadia, Lena, Kemal.</p>")


@pytest.fixture
def editor():
    return make_user(username="mira", is_staff=True, groups=[Group.objects.get(name="Editors")])


def test_a_page_and_its_child_have_nested_addresses(client, about, team):
    assert about.get_absolute_url() == "/about/"
    assert team.get_absolute_url() == "/about/team/"
    page = client.get("/about/team/").content.decode()
    assert "Nadia, Lena, Kemal." in page
    assert 'href="/about/"' in page  # the breadcrumb
    assert 'href="/about/team/"' in client.get("/about/").content.decode()  # the section's list


def test_a_child_is_not_found_under_another_parent_or_alone(client, team):
    make_page(title="Elsewhere", slug="elsewhere")
    assert client.get("/elsewhere/team/").status_code == 404
    assert client.get("/team/").status_code == 404


def test_a_draft_page_and_pages_under_it_are_404_for_readers(client, about, team):
    about.status = Page.Status.DRAFT
    about.save()
    assert client.get("/about/").status_code == 404
    assert client.get("/about/team/").status_code == 404
    client.force_login(make_user(username="kemal", is_staff=True, groups=[Group.objects.get(name="Authors")]))
    assert client.get("/about/").status_code == 404


def test_an_editor_previews_a_draft_page(client, editor):
    make_page(title="Draft", slug="soon", status=Page.Status.DRAFT)
    client.force_login(editor)
    response = client.get("/soon/")
    assert response.status_code == 200
    assert "Preview — not published" in response.content.decode()


def test_pages_are_absent_from_home_archives_search_and_feeds(client, about):
    make_article(title="An article about borders", body="<p>небольшая редакция</p>")
    for url in ["/", "/search/?q=небольшая", "/feed/", "/feed/atom/", "/2026/"]:
        content = client.get(url).content.decode()
        assert "О нас" not in content, url
        assert "/about/" not in content, url


def test_pages_are_in_the_sitemap(client, about, team):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/about/</loc>" in sitemap and "/about/team/</loc>" in sitemap
    team.status = Page.Status.DRAFT
    team.save()
    assert "/about/team/</loc>" not in client.get("/sitemap.xml").content.decode()


def test_routes_answer_before_pages(client):
    make_page(title="Search", slug="search")
    assert client.get("/search/", {"q": "x"}).templates[0].name == "articles/search.html"
    assert client.get("/feed/")["Content-Type"].startswith("application/rss+xml")


def test_the_admin_refuses_an_address_the_site_already_uses(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_page_add"), {
        "title": "Feed", "slug": "feed", "order": 0, "status": "published", "body": "<p>x</p>",
    })
    assert response.status_code == 200
    assert "The address /feed/ is already used by the site" in response.content.decode()
    assert Page.objects.count() == 0


def test_the_admin_saves_a_page_with_a_parent_and_clean_body(client, editor, about):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_page_add"), {
        "title": "Contact\nus", "slug": "", "parent": about.pk, "order": 2, "status": "published",
        "body": "<p>Write to us.</p><table><tbody><tr><td>Almaty</td></tr></tbody></table><script>x</script>",
    })
    assert response.status_code == 302
    page = Page.objects.get(slug="contact-us")
    assert page.title == "Contact us"
    assert page.body == "<p>Write to us.</p><table><tbody><tr><td>Almaty</td></tr></tbody></table>"
    assert page.author == editor
    assert client.get("/about/contact-us/").status_code == 200


def test_a_page_cannot_be_filed_under_its_own_child(client, editor, about, team):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_page_change", args=[about.pk]), {
        "title": about.title, "slug": "about", "parent": team.pk, "order": 0, "status": "published", "body": "",
    })
    assert response.status_code == 200
    assert "cannot be filed under itself" in response.content.decode()


def test_authors_cannot_edit_pages(client):
    client.force_login(make_user(username="nadia", is_staff=True, groups=[Group.objects.get(name="Authors")]))
    assert client.get(reverse("admin:articles_page_add")).status_code == 403


def test_a_page_costs_a_fixed_number_of_queries(client, team, django_assert_max_num_queries):
    for n in range(5):
        make_page(title=f"Member {n}", slug=f"member-{n}", parent=team)
    with django_assert_max_num_queries(6):
        assert client.get("/about/team/").status_code == 200
