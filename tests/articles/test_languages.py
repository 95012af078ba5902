"""Articles in English, Russian, Kazakh and Uyghur: each page speaks its
article's language, translations are linked, lists and feeds filter by
language, and the reader's choice is remembered."""

import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.template import loader
from django.utils import timezone, translation

from comments import moderation
from comments.akismet import request_fields
from comments.models import Comment, Subscription
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pair():
    english = make_article(title="Water and energy", slug="water-and-energy", language="en")
    russian = make_article(title="Вода и энергия", slug="voda-i-energiya", language="ru", translation_of=english)
    kazakh = make_article(title="Су және энергия", slug="su-zhane-energiya", language="kk", translation_of=english)
    return english, russian, kazakh


@pytest.fixture
def real_cache(settings):
    if django_settings.CACHES["default"]["BACKEND"].endswith("DummyCache"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": "language-tests"}}
    yield
    cache.clear()


def test_a_russian_article_page_is_russian_throughout(client, pair):
    _english, russian, _kazakh = pair
    response = client.get(russian.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert '<html lang="ru" dir="ltr">' in page
    assert response["Content-Language"] == "ru"
    assert "Поиск по статьям" in page
    assert "Станьте первым, кому это понравилось." in page


def test_translations_are_offered_as_hreflang_alternates(client, pair):
    english, russian, kazakh = pair
    page = client.get(kazakh.get_absolute_url()).content.decode()
    assert '<html lang="kk"' in page
    for article in pair:
        assert f'<link rel="alternate" hreflang="{article.language}" href="{article.get_full_url()}">' in page
    assert "Бұл мақала басқа тілдерде" in page


def test_an_uyghur_article_keeps_the_readers_interface_around_rtl_content(client):
    article = make_article(title="ئۈرۈمچى", slug="urumchi", language="ug", body="<p>ئۈرۈمچى سۇيى</p>")
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert '<html lang="kk" dir="ltr">' in page
    assert '<div class="entry-content e-content" lang="ug" dir="rtl">' in page


def test_accept_language_chooses_the_interface_of_lists(client, pair):
    assert '<html lang="kk"' in client.get("/", HTTP_ACCEPT_LANGUAGE="kk,ru;q=0.8").content.decode()
    assert '<html lang="ru"' in client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU").content.decode()
    assert '<html lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_the_chosen_language_is_remembered_over_accept_language(client, pair):
    response = client.get("/language/kk/", {"next": "/2020/"})
    assert response.status_code == 302 and response["Location"] == "/2020/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "kk"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="kk"' in page and "Мақалалардан іздеу" in page


def test_switching_language_refuses_other_sites_and_unknown_languages(client):
    assert client.get("/language/ru/", {"next": "https://evil.example/"})["Location"] == "/"
    assert client.get("/language/xx/").status_code == 404


def test_home_and_archives_filter_by_language(client, pair):
    english, russian, kazakh = pair
    page = client.get("/", {"lang": "ru"}).content.decode()
    assert russian.title in page and english.title not in page and kazakh.title not in page
    year = russian.published_at.year
    page = client.get(f"/{year}/", {"lang": "kk"}).content.decode()
    assert kazakh.title in page and russian.title not in page
    assert client.get("/", {"lang": "<script>"}).status_code == 404


def test_feeds_filter_by_language_and_say_it(client, pair):
    feed = feedparser.parse(client.get("/feed/", {"lang": "ru"}).content)
    assert [entry.title for entry in feed.entries] == ["Вода и энергия"]
    assert feed.feed.language == "ru"
    assert len(feedparser.parse(client.get("/feed/").content).entries) == 3


def test_the_page_cache_never_serves_a_list_in_the_wrong_language(client, pair, real_cache):
    first = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    second = client.get("/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert '<html lang="ru"' in first and '<html lang="kk"' in second
    assert '<html lang="ru"' in client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_a_cached_article_page_keeps_its_language_and_likes_line(client, pair, real_cache):
    _english, russian, _kazakh = pair
    for _ in range(2):
        response = client.get(russian.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert '<html lang="ru"' in page and "Станьте первым" in page
        assert response["Content-Language"] == "ru"


def test_akismet_is_told_the_articles_language(pair):
    _english, russian, _kazakh = pair
    comment = Comment(content_object=russian, site_id=1, user_name="Айгүл", comment="Рахмет!")
    assert request_fields(comment, russian)["blog_lang"] == "ru"


def test_russian_plural_forms(client):
    article = make_article(title="Лайки", slug="layki", language="ru")
    for count, words in [(1, "1 блогеру"), (3, "3 блогерам"), (5, "5 блогерам"), (21, "21 блогеру")]:
        article.likes.all().delete()
        for n in range(count):
            article.likes.create(visitor_token=f"t{n}", ip_hash=f"h{n}")
        assert f"{words} это нравится." in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_site_migrates_and_serves_with_a_non_english_language_code(language, tmp_path):
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "bluedomes.settings", "LANGUAGE_CODE": language,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    for command in (["check"], ["migrate", "--no-input"]):
        result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    script = (
        "import django; django.setup(); from django.test import Client; "
        "page = Client().get('/').content.decode(); print(page[:200]); print('Поиск' in page or 'Іздеу' in page)"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert f'<html lang="{language}"' in result.stdout and result.stdout.strip().endswith("True"), result.stderr


def test_followers_of_a_russian_article_are_emailed_in_russian(pair, mailoutbox, django_capture_on_commit_callbacks):
    _english, russian, _kazakh = pair
    Subscription.objects.create(article=russian, email="aigul@example.org", confirmed_at=timezone.now())
    comment = Comment(content_object=russian, site_id=1, user_name="Бекзат", user_email="bekzat@example.org",
                      comment="Спасибо за текст.", status=Comment.Status.PENDING)
    comment.save()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.set_status(comment, Comment.Status.APPROVED)
    follower = next(m for m in mailoutbox if m.to == ["aigul@example.org"])
    assert follower.subject == "Новый комментарий к статье «Вода и энергия»"
    assert "Прочитать и ответить" in follower.body


@pytest.mark.parametrize(("language", "words"), [("ru", "Страница не найдена"), ("kk", "Бет табылмады")])
def test_error_pages_speak_the_readers_language(client, language, words):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert words in response.content.decode()


def test_the_server_error_page_is_translated_and_marked():
    with translation.override("kk"):
        html = loader.get_template("500.html").render()
    assert '<html lang="kk" dir="ltr">' in html and "Біздің жақта ақау шықты" in html


def test_a_reader_with_a_session_gets_the_articles_language_too(client, pair, django_user_model):
    _english, russian, _kazakh = pair
    client.force_login(django_user_model.objects.create_user("reader", password="x-1234-reader"))
    page = client.get(russian.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert '<html lang="ru"' in page and "Станьте первым, кому это понравилось." in page
