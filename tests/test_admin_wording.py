"""Our own words where Django's generic admin text showed through: the
bulk-delete confirmation names what is deleted with the count's plural form,
lists are titled by what they list, and counts read right in Russian."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from comments.models import Comment
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(username="erlan", is_staff=True, groups=[Group.objects.get(name="Editors")]))
    return client


def heading(page):
    return re.search(r"<h1>(.*?)</h1>", page.content.decode(), re.S).group(1).strip()


def confirm_delete(client, url, pks, language="en"):
    return client.post(url, {"action": "delete_selected", "_selected_action": pks}, HTTP_ACCEPT_LANGUAGE=language)


def trashed(article, n):
    return [make_comment(article, status=Status.TRASH, user_name=f"Читатель {i}").pk for i in range(n)]


QUEUE_TRASH = reverse("admin:comments_comment_changelist") + "?status=trash"
ARTICLES = reverse("admin:articles_article_changelist")


@pytest.mark.parametrize("count, title, button", [
    (1, "Delete 1 comment permanently?", "Yes, delete the comment"),
    (3, "Delete 3 comments permanently?", "Yes, delete 3 comments"),
])
def test_bulk_delete_of_comments_names_them_in_english(editor_client, article, count, title, button):
    page = confirm_delete(editor_client, QUEUE_TRASH, trashed(article, count))
    text = page.content.decode()
    assert heading(page) == title and f'value="{button}"' in text
    assert "Delete multiple objects" not in text and "Yes, I’m sure" not in text
    assert ("This comment and its history" if count == 1 else "These comments and their history") in text


@pytest.mark.parametrize("count, title, button", [
    (1, "Удалить 1 комментарий навсегда?", "Да, удалить 1 комментарий"),
    (3, "Удалить 3 комментария навсегда?", "Да, удалить 3 комментария"),
    (5, "Удалить 5 комментариев навсегда?", "Да, удалить 5 комментариев"),
    (21, "Удалить 21 комментарий навсегда?", "Да, удалить 21 комментарий"),
])
def test_bulk_delete_of_comments_uses_russian_plural_forms(editor_client, article, count, title, button):
    page = confirm_delete(editor_client, QUEUE_TRASH, trashed(article, count), "ru")
    assert heading(page) == title and f'value="{button}"' in page.content.decode()


@pytest.mark.parametrize("count, language, title", [
    (1, "en", "Delete 1 article?"), (2, "en", "Delete 2 articles?"),
    (1, "ru", "Удалить 1 статью?"), (2, "ru", "Удалить 2 статьи?"), (11, "ru", "Удалить 11 статей?"),
    (2, "kk", "2 мақаланы жою керек пе?"),
])
def test_bulk_delete_of_articles_names_them(editor_client, count, language, title):
    pks = [make_article(title=f"Мақала {n}").pk for n in range(count)]
    page = confirm_delete(editor_client, ARTICLES, pks, language)
    assert heading(page) == title


def test_deleting_one_article_suggests_a_draft_instead(editor_client):
    page = confirm_delete(editor_client, ARTICLES, [make_article(title="Жаңалық", slug="zhanalyq").pk])
    assert "To take it off the site and keep it, make it a draft instead." in page.content.decode()


def test_confirming_the_bulk_delete_still_deletes(editor_client, article):
    pks = trashed(article, 2)
    editor_client.post(QUEUE_TRASH, {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert not Comment.objects.filter(pk__in=pks).exists()


@pytest.mark.parametrize("name, plural_en, plural_ru", [
    ("articles_article", "Articles", "Статьи"),
    ("comments_comment", "Comments", "Комментарии"),
    ("subscribers_subscriber", None, None),
])
def test_lists_are_titled_by_what_they_list(editor_client, admin_user, client, name, plural_en, plural_ru):
    client.force_login(admin_user)
    url = reverse(f"admin:{name}_changelist")
    for language, expected in (("en", plural_en), ("ru", plural_ru)):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        text = page.content.decode()
        assert "to change" not in text and "Select " not in heading(page) and "Выберите" not in heading(page)
        if expected:
            assert heading(page) == expected
            assert f"<title>{expected} |" in text


def test_a_title_the_admin_chose_stays(admin_user, client):
    client.force_login(admin_user)
    page = client.get(reverse("admin:comments_spamstat_changelist"))
    assert heading(page) == "Blatant spam discarded unseen, per day"


def test_list_counts_read_right_in_russian(admin_user, client):
    for n in range(5):
        make_article(title=f"Статья {n}")
    client.force_login(admin_user)
    text = client.get(ARTICLES, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Всего: 5" in text and "5 статьи" not in text
    assert "Total: 0" in client.get(reverse("admin:comments_spamstat_changelist")).content.decode()
