"""The demo content and admin login that bin/run sets up."""

import io
import re
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from PIL import Image as PILImage

from articles.management.commands.load_demo import title_font
from articles.models import Article, Category, Image, Page, Rendition, Tag
from comments.models import Comment, DiscussionSettings
from navigation.models import Menu

pytestmark = pytest.mark.django_db


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Category, Tag, Image, Rendition, get_user_model())
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Loaded once for the module: the pictures take a few seconds to draw."""
    with django_db_blocker.unblock():
        started = time.monotonic()
        output = run("load_demo")
        elapsed = time.monotonic() - started
        yield output, elapsed
        # Committed outside any test's transaction, so every row it made must
        # go: the self-pingback between two demo articles (and its history)
        # and the discussion settings row would otherwise be in every later
        # test's database.
        Comment.objects.all().delete()
        DiscussionSettings.objects.all().delete()
        Menu.objects.all().delete()
        Page.objects.exclude(parent=None).delete()
        Page.objects.all().delete()
        Article.objects.all().delete()
        Image.objects.all().delete()
        Category.objects.all().delete()
        Tag.objects.all().delete()
        get_user_model().objects.filter(email__endswith="@example.org").delete()


class TestLoadDemo:
    def test_a_new_moderator_finds_a_queue_to_practise_on(self, loaded):
        demo = Comment.objects.filter(user_email__endswith="@readers.example")
        assert demo.filter(status=Comment.Status.PENDING).count() == 2
        assert demo.filter(status=Comment.Status.PENDING, level=1).exists()
        assert demo.filter(status=Comment.Status.SPAM).count() == 1
        assert demo.filter(status=Comment.Status.TRASH).count() == 1
        assert Comment.objects.filter(status=Comment.Status.PENDING, type=Comment.Type.PINGBACK,
                                      source_url__contains="valley-notes").exists()
        assert all(comment.events.exists() for comment in demo)

    def test_it_creates_a_small_blog(self, loaded):
        output, _elapsed = loaded
        assert output.startswith("Demo content created:")
        assert 18 <= Article.objects.count() <= 24
        assert 4 <= Category.objects.count() <= 6
        assert Tag.objects.count() >= 10
        authors = get_user_model().objects.filter(groups__name="Authors")
        assert authors.count() >= 3
        assert all(not user.has_usable_password() and user.is_staff for user in authors)

    def test_it_makes_a_header_menu_with_submenus_and_a_footer_menu(self, loaded):
        header = Menu.objects.get(location="header")
        assert header.items.filter(kind="category").count() == Category.objects.count()
        assert header.items.filter(parent__isnull=False).exists()
        assert Menu.objects.get(location="footer").items.exists()

    def test_it_has_about_team_and_contact_pages_linked_from_the_footer(self, loaded, client):
        assert client.get("/about/team/").status_code == 200
        contact = client.get("/contact/")
        assert contact.status_code == 200 and b'name="message"' in contact.content
        footer = Menu.objects.get(location="footer").items.filter(kind="page")
        assert sorted(footer.values_list("page__slug", flat=True)) == ["about", "contact"]

    def test_it_has_russian_and_kazakh_translations_with_an_uyghur_quotation(self, loaded):
        original = Article.objects.get(slug="sharing-a-river")
        group = Article.objects.translations_of(original)
        assert sorted(group.values_list("language", flat=True)) == ["en", "kk", "ru"]
        for article in group.exclude(language="en"):
            assert '<blockquote dir="rtl" lang="ug">' in article.body

    def test_it_runs_well_under_a_minute(self, loaded):
        assert loaded[1] < 30

    def test_a_second_run_creates_nothing(self, loaded):
        before = snapshot()
        assert run("load_demo").strip() == "Demo content already loaded: nothing new created."
        assert snapshot() == before

    def test_every_article_has_a_featured_picture_with_renditions(self, loaded):
        for article in Article.objects.select_related("featured_image"):
            image = article.featured_image
            assert image is not None and image.alt_text
            formats = set(image.renditions.values_list("format", flat=True))
            assert formats == {"jpeg", "webp"}
            with PILImage.open(image.file.path) as stored:
                assert stored.size == (image.width, image.height)

    def test_dates_spread_over_months_with_a_draft_and_a_scheduled_one(self, loaded):
        now = timezone.now()
        public = Article.objects.published()
        assert public.count() >= 15
        oldest = public.order_by("published_at").first().published_at
        assert (now - oldest).days > 90
        assert Article.objects.filter(status=Article.Status.DRAFT).exists()
        scheduled = Article.objects.filter(status=Article.Status.SCHEDULED).get()
        assert scheduled.published_at > now
        assert scheduled not in public

    def test_one_article_links_to_another_by_its_full_url(self, loaded):
        linking = [a for a in Article.objects.all() if settings.SITE_URL + "/" in a.body]
        assert linking
        targets = {a.get_full_url(): a for a in Article.objects.all()}
        hrefs = re.findall(r'href="([^"]+)"', linking[0].body)
        assert any(href in targets for href in hrefs)

    def test_bodies_are_clean_long_and_varied(self, loaded):
        bodies = list(Article.objects.values_list("body", flat=True))
        assert all("<script" not in body and "{link:" not in body for body in bodies)
        assert all(body.count("<p>") >= 2 for body in bodies)
        assert sum("<h2>" in body for body in bodies) >= 10
        assert any("<blockquote>" in body for body in bodies)
        assert any("<ul>" in body or "<ol>" in body for body in bodies)
        figures = [body for body in bodies if "<figure>" in body]
        assert figures and all("data-file=" in body and "<figcaption>" in body for body in figures)

    def test_excerpts_are_derived(self, loaded):
        assert all(Article.objects.values_list("excerpt", flat=True))


class TestEnsureAdmin:
    def test_it_creates_a_superuser_once_and_prints_a_stable_login(self, tmp_path, monkeypatch):
        monkeypatch.setenv("ADMIN_PASSWORD_FILE", str(tmp_path / "var" / "admin-password"))
        for name in ("ADMIN_USERNAME", "ADMIN_PASSWORD", "ADMIN_EMAIL"):
            monkeypatch.delenv(name, raising=False)
        first = run("ensure_admin")
        second = run("ensure_admin")
        assert first == second
        assert first.count("\n") == 1
        username, password = re.fullmatch(r"login: (\S+) / (\S+)\n", first).groups()
        assert username == "admin"
        assert len(password) >= 12
        assert (tmp_path / "var" / "admin-password").read_text().strip() == password
        assert (tmp_path / "var" / "admin-password").stat().st_mode & 0o077 == 0
        user = get_user_model().objects.get(username="admin")
        assert user.is_superuser and user.check_password(password)
        assert get_user_model().objects.filter(is_superuser=True).count() == 1

    def test_it_takes_the_login_from_the_environment(self, tmp_path, monkeypatch):
        monkeypatch.setenv("ADMIN_PASSWORD_FILE", str(tmp_path / "admin-password"))
        monkeypatch.setenv("ADMIN_USERNAME", "chief")
        monkeypatch.setenv("ADMIN_PASSWORD", "a-long-chosen-passphrase")
        monkeypatch.setenv("ADMIN_EMAIL", "chief@example.net")
        assert run("ensure_admin") == "login: chief / a-long-chosen-passphrase\n"
        user = get_user_model().objects.get(username="chief")
        assert user.email == "chief@example.net" and user.check_password("a-long-chosen-passphrase")
        assert not (tmp_path / "admin-password").exists()

    def test_a_password_changed_in_the_admin_is_not_printed(self, tmp_path, monkeypatch):
        monkeypatch.setenv("ADMIN_PASSWORD_FILE", str(tmp_path / "admin-password"))
        monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
        monkeypatch.delenv("ADMIN_USERNAME", raising=False)
        generated = run("ensure_admin").split(" / ")[1].strip()
        user = get_user_model().objects.get(username="admin")
        user.set_password("changed-by-its-owner")
        user.save()
        line = run("ensure_admin")
        assert generated not in line and "changed-by-its-owner" not in line
        assert line.startswith("login: admin / ")


def test_demo_picture_titles_draw_kazakh_and_russian_letters_not_empty_boxes():
    font = title_font(24)
    missing = font.getmask("\U0010fffd").getbbox()  # a code point no font draws: the empty box
    for letter in "ҚңөЖя":
        assert font.getmask(letter).getbbox() != missing, letter
