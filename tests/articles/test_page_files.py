"""The page cache's files for nginx (articles.page_files): written for readers
without state of their own, with nothing of any one reader in them, removed
by every change that shows or hides something on the page (and again when
its transaction commits), kept in step with deploy/nginx's rules."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles import likes, page_cache, page_files, protection
from comments import cookies, moderation
from comments.cookies import REMEMBER_COOKIE, REMEMBER_SALT
from comments.models import Comment, DiscussionSettings
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_category, make_tag
from tests.nginx_view import cached_file, get_page

pytestmark = pytest.mark.django_db

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-files-tests"}}


@pytest.fixture(autouse=True)
def folder(settings, tmp_path):
    if django_settings.CACHES["default"]["BACKEND"].endswith("DummyCache"):
        settings.CACHES = LOCMEM
    settings.BLUEDOMES_PAGE_CACHE_DIR = str(tmp_path / "page-cache")
    return tmp_path / "page-cache"


@pytest.fixture
def story(article):
    make_comment(article, user_name="Айгерим", comment="Шекарада кезек қысқарды — the queue is shorter.")
    DiscussionSettings.load()
    return article


def written(article, language="en"):
    return cached_file(Client(), article.get_absolute_url(), language=language)


class TestWritten:
    def test_a_readers_view_writes_the_page_nginx_then_serves(self, story, folder):
        html = Client().get(story.get_absolute_url()).content
        target = folder / "testserver" / "en" / story.get_absolute_url().strip("/") / "index.html"
        assert target.read_bytes() == html
        assert "Шекарада кезек қысқарды" in html.decode()
        assert "csrfmiddlewaretoken" not in html.decode() and "bd-hole-" not in html.decode()

    def test_the_file_shows_the_like_count_but_no_readers_liked(self, story):
        liker = Client()
        assert liker.post(f"/like/{story.pk}/", HTTP_ORIGIN="http://testserver").status_code == 302
        # The same address, its cookie cleared: Python knows it liked, the shared file cannot.
        own = Client().get(story.get_absolute_url()).content.decode()
        shared = written(story).decode()
        assert 'aria-pressed="true"' in own and 'aria-pressed="true"' not in shared
        assert "One blogger likes this." in shared

    def test_the_language_is_part_of_the_path(self, story):
        Client().get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
        Client().get("/")
        russian, english = (cached_file(Client(), "/", language=code).decode() for code in ("ru", "en"))
        assert 'lang="ru"' in russian and 'lang="en"' in english

    @pytest.mark.parametrize("cookie", ["sessionid", "bd_pending_comments", "bluedomes_reader"])
    def test_readers_with_state_write_nothing(self, story, folder, cookie):
        client = Client()
        client.cookies[cookie] = "x"
        client.get(story.get_absolute_url())
        assert written(story) is None

    def test_a_remembered_commenter_writes_nothing(self, story):
        client = Client()
        client.cookies[REMEMBER_COOKIE] = signing.dumps({"name": "Dilnaz", "email": "d@example.org"},
                                                       salt=REMEMBER_SALT)
        assert "Dilnaz" in client.get(story.get_absolute_url()).content.decode()
        assert written(story) is None

    def test_a_query_string_writes_nothing(self, story, folder):
        Client().get("/?page=1")
        assert not (folder / "testserver" / "en" / "index.html").exists()

    def test_a_page_whose_comments_close_before_its_file_would_go_is_not_written(self, author):
        row = DiscussionSettings.load()
        row.close_after_days = 1
        row.save()
        closing = make_article(author=author, published_at=timezone.now() - timedelta(days=1) + timedelta(minutes=3))
        assert "Leave a Reply" in Client().get(closing.get_absolute_url()).content.decode()
        assert written(closing) is None

    def test_a_render_that_read_the_old_rows_takes_its_file_back(self, story, monkeypatch):
        def changed_during_the_write():
            return False

        assert not page_files.write("testserver", "en", story.get_absolute_url(), b"old", changed_during_the_write)
        assert written(story) is None

    def test_the_sweep_removes_files_past_their_lifetime(self, story):
        Client().get(story.get_absolute_url())
        assert page_files.sweep(300) == 0 and written(story) is not None
        assert page_files.sweep(300, now=timezone.now().timestamp() + 301) == 1
        assert written(story) is None

    def test_hostile_paths_get_no_file(self):
        assert page_files.file_for("testserver", "en", "/../../etc/") is None
        assert page_files.file_for("testserver", "en", "/.hidden/") is None
        assert page_files.file_for("testserver", "en", "/no-slash") is None


class TestRemovedByEveryChange:
    """Each change first has the file written, then makes it the way the
    site does, and the file is gone once the transaction commits; the page a
    reader behind nginx gets then shows the change."""

    @pytest.fixture
    def change(self, story, django_capture_on_commit_callbacks):
        def change(make):
            get_page(story.get_absolute_url())
            assert written(story) is not None
            with django_capture_on_commit_callbacks(execute=True):
                make()
            assert written(story) is None
            return get_page(story.get_absolute_url())

        return change

    def test_a_body_edit(self, story, change):
        def edit():
            story.body = "<p>Исправленный отчёт о неделе.</p>"
            story.save()

        assert "Исправленный отчёт о неделе." in change(edit)

    def test_a_category_renamed(self, story, change):
        category = make_category(name="Borders")
        story.categories.add(category)

        def rename():
            category.name = "Шекаралар"
            category.save()

        assert "Шекаралар" in change(rename)

    def test_a_tag_added(self, story, change):
        assert 'rel="tag">گۈمرۈك</a>' in change(lambda: story.tags.add(make_tag(name="گۈمرۈك", slug="gumruk")))

    def test_a_comment_approved_spammed_or_trashed(self, story, change):
        held = make_comment(story, status=Comment.Status.PENDING, user_name="Бо", comment="Held, then approved.")
        assert "Held, then approved." in change(lambda: moderation.set_status(held, Comment.Status.APPROVED))
        assert "Held, then approved." not in change(lambda: moderation.set_status(held, Comment.Status.SPAM))

    def test_a_comment_edited(self, story, change):
        comment = Comment.objects.get(object_pk=story.pk)

        def edit():
            comment.comment = "国境の列は短くなった。"
            comment.save()

        assert "国境の列は短くなった。" in change(edit)

    def test_a_like(self, story, change):
        assert "One blogger likes this." in change(
            lambda: Client().post(f"/like/{story.pk}/", HTTP_ORIGIN="http://testserver"))

    def test_the_discussion_settings(self, story, change):
        def close():
            row = DiscussionSettings.load()
            row.comments_open_by_default = False
            row.close_after_days = 1
            row.save()

        assert "Comments are closed." in change(close)

    def test_the_public_invalidation_entry_point(self, story, change):
        # What other apps (menus, the WordPress import) call after a change of their own.
        change(lambda: page_cache.content_changed(sender=None))

    def test_unpublished(self, story, change):
        def unpublish():
            story.status = story.Status.DRAFT
            story.save()

        change(unpublish)
        assert Client().get(story.get_absolute_url()).status_code == 404

    def test_a_new_article_on_the_home_page(self, story, django_capture_on_commit_callbacks):
        get_page("/")
        with django_capture_on_commit_callbacks(execute=True):
            make_article(title="Только что вышло", slug="tolko-chto")
        assert "Только что вышло" in get_page("/")

    def test_a_reader_rendering_before_the_commit_leaves_no_stale_file(self, story, django_capture_on_commit_callbacks):
        held = make_comment(story, status=Comment.Status.PENDING, comment="Approved in the transaction.")
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                moderation.set_status(held, Comment.Status.APPROVED)
                # Another reader's render that read the old rows writes its file now.
                page_files.write("testserver", "en", story.get_absolute_url(), b"the page before", lambda: True)
        assert written(story) is None


class TestAgreesWithNginx:
    def test_the_bypass_cookies_are_the_ones_nginx_checks(self):
        maps = (DEPLOY / "bluedomes-page-cache-maps.conf").read_text()
        listed = re.search(r"\(\^\|\[;,\]\\s\*\)\(([^)]+)\)=", maps).group(1).split("|")
        assert sorted(listed) == sorted(page_files.BYPASS_COOKIES)
        site = {django_settings.SESSION_COOKIE_NAME, cookies.PENDING_COOKIE, cookies.REMEMBER_COOKIE,
                protection.UNLOCK_COOKIE, likes.COOKIE_NAME}
        assert site == set(page_files.BYPASS_COOKIES)

    def test_the_files_headers_are_the_sites(self, story):
        served = Client().get(story.get_absolute_url())
        snippet = (DEPLOY / "bluedomes-page-cache.conf").read_text()
        headers = dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', snippet))
        for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options",
                     "Referrer-Policy", "Cross-Origin-Opener-Policy"):
            assert headers[name] == served[name], name
        assert set(headers["Vary"].split(", ")) <= {part.strip() for part in served["Vary"].split(",")}
