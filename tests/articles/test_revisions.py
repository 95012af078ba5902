"""Every save of an article or page keeps a revision (who, when, what
changed); any two are compared side by side with the changed words marked,
and an old one is restored by someone who may edit the article."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from articles.models import Article, Page, Revision
from tests.articles.revision_helpers import change_data, change_url, form_saved_article, member
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

BODY_RU = "<p>Дорога на Памир открыта с мая.</p><p>Перевал закрыт зимой.</p>"


@pytest.fixture
def nadia():
    return member("nadia", "Authors", first_name="Nadia", last_name="Rahimova")


@pytest.fixture
def arman():
    return member("arman", "Editors", first_name="Arman", last_name="Bekov")


@pytest.fixture
def article(nadia):
    return form_saved_article(title="Памир весной", slug="pamir-vesnoi", author=nadia, body=BODY_RU, status=Article.Status.DRAFT)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def saved_revisions(obj):
    return list(Revision.objects.of(obj).saved())


def test_each_save_that_changes_the_article_stores_a_revision_with_who_and_what_changed(article, nadia, arman):
    nadia_client = logged_in(nadia)
    response = nadia_client.post(change_url(article), change_data(article, title="Памир летом"))
    assert response.status_code == 302
    first_save = saved_revisions(article)
    # The version before the first edit is kept too, so it can be restored.
    assert [r.note for r in first_save][1:] == ["Before revisions were kept"]
    latest = first_save[0]
    assert (latest.author, latest.changed_fields, latest.title) == (nadia, ["title"], "Памир летом")

    article.refresh_from_db()
    category = make_category(name="Дороги")
    logged_in(arman).post(change_url(article), change_data(
        article, body="<p>Дорога на Памир открыта с июня.</p>", categories=[category.pk]))
    latest = saved_revisions(article)[0]
    assert latest.author == arman
    assert sorted(latest.changed_fields) == ["body", "categories", "excerpt"]
    assert latest.data["categories"] == [category.pk]

    article.refresh_from_db()
    nadia_client.post(change_url(article), change_data(article, categories=[category.pk]))
    assert len(saved_revisions(article)) == 3, "a save that changes nothing stores nothing"


def test_a_new_article_gets_its_first_revision_when_added(nadia):
    client = logged_in(nadia)
    data = change_data(make_article(author=nadia), title="Новая статья", slug="novaya", body="<p>Текст</p>")
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    added = Article.objects.get(slug="novaya")
    [revision] = saved_revisions(added)
    assert (revision.author, revision.note, revision.body) == (nadia, "First version", "<p>Текст</p>")


def test_page_saves_store_revisions_too(arman):
    page = Page.objects.create(title="О нас", slug="about", body="<p>Мы пишем о регионе.</p>")
    client = logged_in(arman)
    response = client.post(f"/admin/articles/page/{page.pk}/change/", {
        "title": "О нас", "slug": "about", "order": 0, "status": "draft", "body": "<p>Мы пишем о Центральной Азии.</p>",
    })
    assert response.status_code == 302
    assert saved_revisions(page)[0].changed_fields == ["body"]


def test_the_change_form_lists_revisions_with_bounded_queries(article, arman, django_assert_max_num_queries):
    client = logged_in(arman)
    for n in range(25):
        article.refresh_from_db()
        client.post(change_url(article), change_data(article, title=f"Памир, версия {n}"))
    article.refresh_from_db()
    with django_assert_max_num_queries(45):
        response = client.get(change_url(article))
    html = response.content.decode()
    assert html.count('name="to"') == 20
    assert "The latest 20 of 26 revisions are listed." in html
    assert "Arman Bekov" in html


def test_compare_marks_the_changed_words_of_a_cyrillic_body(article, nadia):
    client = logged_in(nadia)
    client.post(change_url(article), change_data(article, body=BODY_RU.replace("с мая", "с июня")))
    new, old = saved_revisions(article)
    response = client.get(f"/admin/articles/article/{article.pk}/revisions/compare/",
                          {"from": old.pk, "to": new.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>мая</del>." in html and "<ins>июня</ins>." in html
    assert "Перевал закрыт зимой." in html


def test_compare_never_renders_stored_html(article, nadia):
    client = logged_in(nadia)
    Revision.objects.create(content_object=article, author=nadia, title="<img src=x onerror=alert(1)>",
                            body="<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", changed_fields=["title"])
    Revision.objects.create(content_object=article, author=nadia, title="<b>bold</b>", body="<p>x</p>")
    html = client.get(f"/admin/articles/article/{article.pk}/revisions/compare/").content.decode()
    assert "<img src=x" not in html and "<script>alert" not in html and "<b>bold</b>" not in html
    assert "img src=x onerror=alert(1)&gt;" in html, "shown as text"


def test_restore_puts_the_old_content_back_as_a_new_revision_and_logs_it(article, nadia, arman):
    logged_in(nadia).post(change_url(article), change_data(article, title="Новый заголовок",
                                                           body="<p>Совсем другой текст.</p>"))
    current, original = saved_revisions(article)
    response = logged_in(arman).post(f"/admin/articles/article/{article.pk}/revisions/{original.pk}/restore/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Памир весной", BODY_RU)
    restored = saved_revisions(article)[0]
    assert restored.author == arman and "title" in restored.changed_fields and restored.note.startswith("Restored")
    entry = LogEntry.objects.get(object_id=str(article.pk), user=arman)
    assert "Restored the revision of" in entry.get_change_message()


def test_restore_is_a_csrf_protected_post(article, nadia):
    client = Client(enforce_csrf_checks=True)
    client.force_login(nadia)
    logged_in(nadia).post(change_url(article), change_data(article, title="Другой"))
    original = saved_revisions(article)[-1]
    url = f"/admin/articles/article/{article.pk}/revisions/{original.pk}/restore/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    article.refresh_from_db()
    assert article.title == "Другой"


def test_an_author_can_neither_see_nor_restore_revisions_of_anothers_article(article, nadia):
    logged_in(nadia).post(change_url(article), change_data(article, title="Другой"))
    original = saved_revisions(article)[-1]
    lena = member("lena", "Authors")
    client = logged_in(lena)
    assert client.get(f"/admin/articles/article/{article.pk}/revisions/compare/").status_code == 404
    response = client.post(f"/admin/articles/article/{article.pk}/revisions/{original.pk}/restore/")
    assert response.status_code == 404
    article.refresh_from_db()
    assert article.title == "Другой"


def test_a_revision_of_another_article_cannot_be_restored_through_this_one(article, nadia):
    other = form_saved_article(author=nadia, title="Другая статья", slug="drugaya")
    logged_in(nadia).post(change_url(other), change_data(other, title="Другая статья 2"))
    foreign = saved_revisions(other)[0]
    response = logged_in(nadia).post(f"/admin/articles/article/{article.pk}/revisions/{foreign.pk}/restore/")
    assert response.status_code == 404
