"""Slugs from titles in every script: one function for the form, the
admin's preview and the importer, and no way to store an unusable slug."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.urls import reverse

from articles.models import Article, Category, Tag
from articles.slugs import ascii_slug
from tests.articles.test_admin import form_data
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)
    client.editor = editor
    return client


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Қазақстан және Шыңжаң", "qazaqstan-zhane-shyngzhang"),
        ("Вода и энергия", "voda-i-energiya"),
        ("Oʻzbekiston va Qirgʻiziston", "ozbekiston-va-qirgiziston"),
        ("Ҳукумат ва ўзбек тили", "hukumat-va-ozbek-tili"),
        ("Zoë in Zürich, São Paulo", "zoe-in-zurich-sao-paulo"),
        ("Öğrenciler ve şehir", "ogrenciler-ve-sehir"),
    ],
)
def test_titles_in_the_regions_scripts_transliterate(title, slug):
    assert ascii_slug(title, 200) == slug


def test_scripts_without_latin_get_a_stable_short_hash():
    chinese = ascii_slug("乌鲁木齐的水", 200, fallback_prefix="article")
    uyghur = ascii_slug("ئۈرۈمچى سۇيى", 200, fallback_prefix="article")
    assert chinese.startswith("article-") and len(chinese) == len("article-") + 10
    assert chinese == ascii_slug("乌鲁木齐的水", 200, fallback_prefix="article")
    assert uyghur != chinese


def test_a_cyrillic_title_with_an_empty_slug_saves_and_every_page_stays_up(editor_client, client):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        form_data(title="Вода и энергия", slug="", status=Article.Status.PUBLISHED, author=editor_client.editor.pk),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "voda-i-energiya"
    assert editor_client.get(reverse("admin:articles_article_changelist")).status_code == 200
    for url in ["/", "/feed/", "/sitemap.xml", article.get_absolute_url()]:
        assert client.get(url).status_code == 200, url


def test_a_title_of_only_chinese_saves_with_a_fallback_slug(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"), form_data(title="乌鲁木齐", author=editor_client.editor.pk)
    )
    assert response.status_code == 302
    assert Article.objects.get().slug.startswith("article-")


def test_a_typed_cyrillic_slug_is_a_form_error_with_the_text_kept(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        form_data(title="Вода и энергия", slug="вода", author=editor_client.editor.pk),
    )
    assert response.status_code == 200
    assert Article.objects.count() == 0
    page = response.content.decode()
    assert 'value="Вода и энергия"' in page
    assert "errorlist" in page


def test_the_database_refuses_an_empty_slug():
    with pytest.raises(IntegrityError):
        make_article(title="Вода", slug="")


def test_the_admin_slug_preview_is_the_server_function(editor_client):
    url = reverse("admin:articles_article_slug_preview")
    response = editor_client.get(url, {"title": "Қазақстан және Шыңжаң"})
    assert response.json() == {"slug": "qazaqstan-zhane-shyngzhang"}


def test_the_slug_preview_is_for_staff_only(client):
    response = client.get(reverse("admin:articles_article_slug_preview"), {"title": "Вода"})
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(("kind", "url"), [("category", "admin:articles_category_add"), ("tag", "admin:articles_tag_add")])
def test_a_category_or_tag_named_in_kazakh_gets_a_transliterated_unique_slug(editor_client, kind, url):
    for _ in range(2):
        response = editor_client.post(reverse(url), {"name": "Шыңжаң", "slug": "", "description": ""})
        assert response.status_code == 302
    model = {"category": Category, "tag": Tag}[kind]
    assert sorted(model.objects.values_list("slug", flat=True)) == ["shyngzhang", "shyngzhang-2"]


def test_the_term_forms_ask_for_the_same_preview(editor_client):
    page = editor_client.get(reverse("admin:articles_tag_add")).content.decode()
    assert 'data-slug-source="id_name"' in page and 'data-slug-kind="tag"' in page
    assert "admin-extra/slug-preview.js" in page
    assert editor_client.get(
        reverse("admin:articles_article_slug_preview"), {"title": "乌鲁木齐", "kind": "tag"}
    ).json()["slug"].startswith("tag-")


def test_translations_join_one_group_and_each_language_appears_once(editor_client):
    editor = editor_client.editor
    english = make_article(title="Water and energy", slug="water", language="en", author=editor)
    russian = make_article(title="Вода и энергия", slug="voda", language="ru", translation_of=english, author=editor)
    url = reverse("admin:articles_article_add")
    response = editor_client.post(url, form_data(title="Су және энергия", language="kk",
                                                 translation_of=russian.pk, author=editor.pk))
    assert response.status_code == 302
    kazakh = Article.objects.get(language="kk")
    assert kazakh.translation_of == english  # flattened onto the group's first article
    response = editor_client.post(url, form_data(title="Ещё вода", language="ru",
                                                 translation_of=english.pk, author=editor.pk))
    assert response.status_code == 200
    assert "already has a translation in that language" in response.content.decode()
    other = make_article(title="Электр энергиясы", slug="elektr", language="kk", author=editor)
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[english.pk]),
        form_data(title="Water and energy", slug="water", language="en", translation_of=other.pk, author=editor.pk),
    )
    assert response.status_code == 200
    assert "Other articles are already translations of this one" in response.content.decode()
