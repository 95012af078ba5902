"""The writer's autosave (one per writer and article, offered back when it
is newer) and the edit lock (held in the database, taken over, and a save
from someone who lost it refused)."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, EditLock, Revision
from articles.revisions import locks
from tests.articles.revision_helpers import change_data, change_url, form_saved_article, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def nadia():
    return member("nadia", "Authors", first_name="Nadia", last_name="Rahimova")


@pytest.fixture
def arman():
    return member("arman", "Editors", first_name="Arman", last_name="Bekov")


@pytest.fixture
def article(nadia):
    return form_saved_article(title="Базар в Оше", slug="bazar-v-oshe", author=nadia, status=Article.Status.DRAFT)


def logged_in(user, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def autosave(client, article, **values):
    url = f"/admin/articles/article/{article.pk}/autosave/" if article else "/admin/articles/article/autosave/"
    return client.post(url, json.dumps(values), content_type="application/json")


def test_autosave_keeps_one_draft_revision_per_writer_and_article(article, nadia, arman):
    for text in ("Первый", "Второй", "Третий"):
        assert autosave(logged_in(nadia), article, title=text, body=f"<p>{text}</p>").status_code == 200
    autosave(logged_in(arman), article, title="Правка редактора")
    drafts = Revision.objects.of(article).filter(kind=Revision.Kind.AUTOSAVE)
    assert sorted((r.author.username, r.title) for r in drafts) == [("arman", "Правка редактора"), ("nadia", "Третий")]
    assert not Revision.objects.of(article).saved().exists(), "autosaves do not clutter the revisions list"


def test_autosave_sanitises_the_body(article, nadia):
    autosave(logged_in(nadia), article, body='<p onclick="x()">Текст<script>alert(1)</script></p>')
    assert Revision.objects.autosaves(Article, article.pk, nadia).get().body == "<p>Текст</p>"


def test_autosave_refuses_a_post_without_csrf(article, nadia):
    client = logged_in(nadia, csrf=True)
    assert autosave(client, article, title="Без токена").status_code == 403
    assert not Revision.objects.of(article).exists()


def test_autosave_refuses_an_article_the_writer_may_not_edit(article):
    lena = member("lena", "Authors")
    assert autosave(logged_in(lena), article, title="Чужое").status_code == 404
    moderator = member("kemal", "Moderators")
    assert autosave(logged_in(moderator), article, title="Чужое").status_code in (403, 404)
    assert not Revision.objects.of(article).exists()


def test_autosave_refuses_what_is_not_a_json_object(article, nadia):
    response = logged_in(nadia).post(f"/admin/articles/article/{article.pk}/autosave/", "[1, 2",
                                     content_type="application/json")
    assert response.status_code == 400


def test_a_newer_autosave_is_offered_back_and_restored_into_the_form(article, nadia):
    client = logged_in(nadia)
    autosave(client, article, title="Базар в Оше утром", body="<p>Черновик абзаца</p>", excerpt="")
    html = client.get(change_url(article)).content.decode()
    assert "newer than this version" in html
    restored = client.get(change_url(article), {"autosave": "restore"}).content.decode()
    assert 'value="Базар в Оше утром"' in restored and "Черновик абзаца" in restored
    assert "newer than this version" not in restored
    article.refresh_from_db()
    assert article.title == "Базар в Оше", "nothing is saved until the writer saves"


def test_an_autosave_older_than_the_article_is_not_offered(article, nadia):
    client = logged_in(nadia)
    autosave(client, article, title="Старый черновик")
    Revision.objects.filter(kind=Revision.Kind.AUTOSAVE).update(created_at=timezone.now() - timedelta(hours=1))
    assert "newer than this version" not in client.get(change_url(article)).content.decode()


def test_dismissing_the_offer_discards_the_autosave(article, nadia):
    client = logged_in(nadia)
    autosave(client, article, title="Черновик")
    client.post(f"/admin/articles/article/{article.pk}/autosave/discard/")
    assert not Revision.objects.autosaves(Article, article.pk, nadia).exists()


def test_a_new_articles_autosave_is_offered_on_the_add_form(nadia):
    client = logged_in(nadia)
    autosave(client, None, title="Ещё не сохранённая", body="<p>Начало</p>")
    autosave(client, None, title="Ещё не сохранённая статья", body="<p>Начало</p>")
    assert Revision.objects.autosaves(Article, None, nadia).count() == 1
    assert "newer than this version" in client.get("/admin/articles/article/add/").content.decode()
    form = client.get("/admin/articles/article/add/", {"autosave": "restore"}).content.decode()
    assert 'value="Ещё не сохранённая статья"' in form


def test_saving_the_article_removes_the_writers_autosave(article, nadia):
    client = logged_in(nadia)
    autosave(client, article, title="Черновик")
    client.post(change_url(article), change_data(article, title="Сохранено"))
    assert not Revision.objects.autosaves(Article, article.pk, nadia).exists()


def test_opening_the_form_takes_the_lock_and_a_second_editor_sees_who_holds_it(article, nadia, arman):
    logged_in(nadia).get(change_url(article))
    assert EditLock.objects.get().user == nadia
    response = logged_in(arman).get(change_url(article))
    html = response.content.decode()
    assert "Nadia Rahimova is editing" in html and "Take over" in html and "Go back" in html
    assert 'name="title"' not in html


def test_a_lapsed_lock_is_taken_by_the_next_editor(article, nadia, arman, settings):
    logged_in(nadia).get(change_url(article))
    EditLock.objects.update(heartbeat_at=timezone.now() - timedelta(seconds=settings.BLUEDOMES_EDIT_LOCK_SECONDS + 1))
    assert 'name="title"' in logged_in(arman).get(change_url(article)).content.decode()
    assert EditLock.objects.get().user == arman


def test_taking_over_moves_the_lock_and_the_first_editor_is_told_at_the_heartbeat(article, nadia, arman):
    nadia_client, arman_client = logged_in(nadia), logged_in(arman)
    nadia_client.get(change_url(article))
    lock_url = f"/admin/articles/article/{article.pk}/lock/"
    assert nadia_client.post(lock_url, "{}", content_type="application/json").json()["held"] is True
    response = arman_client.post(f"/admin/articles/article/{article.pk}/lock/take-over/")
    assert response.status_code == 302 and response["Location"] == change_url(article)
    assert (EditLock.objects.get().user, EditLock.objects.get().taken_from) == (arman, nadia)
    beat = nadia_client.post(lock_url, "{}", content_type="application/json").json()
    assert beat["held"] is False and "Arman Bekov has taken over" in beat["message"]


def test_a_save_from_someone_who_lost_the_lock_is_refused_with_a_form_message(article, nadia, arman):
    nadia_client = logged_in(nadia)
    nadia_client.get(change_url(article))
    logged_in(arman).post(f"/admin/articles/article/{article.pk}/lock/take-over/")
    response = nadia_client.post(change_url(article), change_data(article, title="Перезапись"))
    assert response.status_code == 200
    assert "Arman Bekov is editing this article now, so your changes were not saved." in response.content.decode()
    assert 'value="Перезапись"' in response.content.decode(), "their text stays in the form"
    article.refresh_from_db()
    assert article.title == "Базар в Оше"


def test_restoring_is_refused_while_another_editor_holds_the_lock(article, nadia, arman):
    logged_in(nadia).post(change_url(article), change_data(article, title="Новое"))
    original = Revision.objects.of(article).saved().last()
    logged_in(nadia).get(change_url(article))
    logged_in(arman).post(f"/admin/articles/article/{article.pk}/revisions/{original.pk}/restore/")
    article.refresh_from_db()
    assert article.title == "Новое"


def test_the_lock_lives_in_the_database_so_every_process_sees_it(article, nadia, arman):
    assert locks.acquire(article, nadia) is None
    # Another process knows nothing but the database: a fresh object.
    same = Article.objects.get(pk=article.pk)
    assert locks.acquire(same, arman) == nadia
    locks.release(same, nadia)
    assert locks.acquire(same, arman) is None


def release(client, article, stamp):
    return client.post(f"/admin/articles/article/{article.pk}/lock/release/", {"stamp": stamp})


def page_stamp(html):
    return html.split('data-lock-stamp="', 1)[1].split('"', 1)[0]


def test_leaving_the_form_lets_go_of_the_lock_so_the_next_editor_need_not_wait(article, nadia, arman):
    nadia_client = logged_in(nadia)
    stamp = page_stamp(nadia_client.get(change_url(article)).content.decode())
    assert release(nadia_client, article, stamp).status_code == 204
    assert not EditLock.objects.exists()
    assert 'name="title"' in logged_in(arman).get(change_url(article)).content.decode()


def test_a_release_from_a_page_the_writer_has_since_reopened_lets_go_of_nothing(article, nadia):
    nadia_client = logged_in(nadia)
    first = page_stamp(nadia_client.get(change_url(article)).content.decode())
    EditLock.objects.update(heartbeat_at=timezone.now() - timedelta(seconds=5))
    # The reload's page takes the lock anew; the first page's release arrives late.
    second = page_stamp(nadia_client.get(change_url(article)).content.decode())
    assert second != first
    release(nadia_client, article, first)
    assert EditLock.objects.get().user == nadia


def test_the_heartbeat_tells_the_page_the_stamp_its_release_must_name(article, nadia):
    nadia_client = logged_in(nadia)
    nadia_client.get(change_url(article))
    beat = nadia_client.post(f"/admin/articles/article/{article.pk}/lock/", "{}", content_type="application/json").json()
    assert release(nadia_client, article, beat["stamp"]).status_code == 204
    assert not EditLock.objects.exists()


def test_a_release_lets_go_of_no_one_elses_lock(article, nadia, arman):
    stamp = page_stamp(logged_in(nadia).get(change_url(article)).content.decode())
    release(logged_in(arman), article, stamp)
    assert EditLock.objects.get().user == nadia


@pytest.mark.parametrize("stamp", ["", "yesterday", "2026-13-45T99:00:00", "2026-12-02T03:00:00"])
def test_a_release_that_names_no_stamp_is_refused(article, nadia, stamp):
    nadia_client = logged_in(nadia)
    nadia_client.get(change_url(article))
    assert release(nadia_client, article, stamp).status_code == 400
    assert EditLock.objects.exists()


def test_a_release_needs_the_csrf_token(article, nadia):
    stamp = page_stamp(logged_in(nadia).get(change_url(article)).content.decode())
    assert release(logged_in(nadia, csrf=True), article, stamp).status_code == 403
    assert EditLock.objects.exists()
