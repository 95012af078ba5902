"""Leaving as easily as arriving: ``export_wordpress`` writes the whole site as
WXR 1.2, and ``import_wordpress`` reads it back into a fresh site with
nothing changed — for a site written here and for one imported from WordPress."""

import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Category, Image, Page, Tag
from comments.models import Comment
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_category, make_image, make_tag, make_user
from tests.snapshots import site_snapshot as snapshot
from wordpress import wxr

from .conftest import run_import

pytestmark = pytest.mark.django_db


def export_site(tmp_path, name="site.xml"):
    """``manage.py export_wordpress`` with a media copy; returns (export path, media folder, output)."""
    path, media = tmp_path / name, tmp_path / f"{name}-uploads"
    out = io.StringIO()
    call_command("export_wordpress", str(path), media_dir=str(media), stdout=out)
    return path, media, out.getvalue()


def wipe_site():
    """What a fresh site holds: nothing of the content, no authors."""
    Comment.objects.all().delete()
    Article.objects.all().delete()
    while Page.objects.exists():
        # Parents are protected while they have children: the leaves go first.
        Page.objects.filter(children__isnull=True).delete()
    Image.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()


@pytest.fixture
def written_here(media_root):
    """A site made in bluedomes: every status, terms in Russian and Kazakh, a
    picture in a body and as a featured image, a thread with every comment state."""
    writer = make_user(username="nadia", first_name="Надия", last_name="Рахимова", email="nadia@example.org")
    editor = make_user(username="li", first_name="李伟", last_name="", email="li@example.org")
    water = make_category(name="Вода и энергия", slug="voda-i-energiya", description="Реки & плотины")
    steppe = make_tag(name="Қазақстан", slug="qazaqstan")
    picture = make_image(alt_text="Купол на рассвете", caption="Бухара, 2024", uploaded_by=writer)
    now = timezone.now().replace(microsecond=0)
    story = make_article(
        title="Q&A: реки <между> странами", slug="q-a-reki", author=writer, categories=[water], tags=[steppe],
        body=f'<p>Первый абзац.</p><figure><img src="{picture.file.url}" alt="Купол" data-file="{picture.pk}">'
        f"<figcaption>Купол</figcaption></figure><h2>Дальше</h2><ul><li>один</li><li>два</li></ul>",
        excerpt="Коротко о реках.", featured_image=picture, published_at=now - timedelta(days=3),
    )
    make_article(title="Черновик", slug="chernovik", author=editor, status=Article.Status.DRAFT,
                 body="<p>Ещё не готово.</p>", published_at=now - timedelta(days=1))
    make_article(title="Later", slug="later", author=writer, status=Article.Status.PUBLISHED,
                 published_at=now + timedelta(days=2), allow_comments=False)
    make_article(title="Private notes", slug="private-notes", author=editor, is_private=True,
                 published_at=now - timedelta(days=2), allow_pingbacks=False)
    first = make_comment(story, user_name="Айгерим", user_email="aigerim@example.org", comment="Рахмет!")
    reply = make_comment(story, parent=first, user_name="Sam & co", comment="A reply <b>with markup</b>")
    make_comment(story, parent=reply, user_name="Ли", comment="第三层", status=Comment.Status.PENDING)
    make_comment(story, user_name="Spammer", comment="cheap pills", status=Comment.Status.SPAM,
                 akismet_verdict=Comment.Verdict.SPAM)
    make_comment(story, user_name="Old", comment="Removed.", status=Comment.Status.TRASH)
    make_comment(story, type=Comment.Type.PINGBACK, user_name="Trade Winds", user_email="",
                 user_url="http://elsewhere.example/post/", source_url="http://elsewhere.example/post/",
                 source_title="Trade Winds", comment="[…] the rivers […]")
    return story


def test_the_export_is_wxr_our_reader_reads(written_here, tmp_path):
    path, _media, output = export_site(tmp_path)
    records = list(wxr.read(path))
    assert records[0].wxr_version == "1.2"
    items = [record for record in records if isinstance(record, wxr.Item)]
    assert sorted(item.post_type for item in items) == ["attachment", "post", "post", "post", "post"]
    statuses = {item.post_name: item.status for item in items if item.post_type == "post"}
    assert statuses == {"q-a-reki": "publish", "chernovik": "draft", "later": "future", "private-notes": "private"}
    story = next(item for item in items if item.post_name == "q-a-reki")
    assert {comment.approved for comment in story.comments} == {"1", "0", "spam", "trash"}
    assert "Wrote" in output


def test_a_site_written_here_comes_back_unchanged(written_here, tmp_path):
    before = snapshot()
    path, media, _output = export_site(tmp_path)
    wipe_site()
    run_import(path, media_dir=str(media))
    assert snapshot() == before


def test_the_export_keeps_threads_and_pictures_wired(written_here, tmp_path):
    path, media, _output = export_site(tmp_path)
    wipe_site()
    run_import(path, media_dir=str(media))
    story = Article.objects.get(slug="q-a-reki")
    picture = Image.objects.get()
    assert story.featured_image == picture
    assert f'data-file="{picture.pk}"' in story.body and picture.file.url in story.body
    third = Comment.objects.get(comment="第三层")
    second = Comment.objects.get(pk=third.parent_id)
    assert second.comment == "A reply <b>with markup</b>"
    assert Comment.objects.get(pk=second.parent_id).comment == "Рахмет!"


def test_an_imported_wordpress_site_comes_back_unchanged(imported, tmp_path):
    before = snapshot()
    path, media, _output = export_site(tmp_path)
    wipe_site()
    run_import(path, media_dir=str(media))
    assert snapshot() == before


def test_exporting_an_imported_site_keeps_its_wordpress_ids(imported, tmp_path):
    path, _media, _output = export_site(tmp_path)
    exported = {int(item.post_id) for item in wxr.read(path) if isinstance(item, wxr.Item) and item.post_type == "post"}
    assert exported == set(Article.objects.values_list("wordpress_id", flat=True))


def test_the_exported_picture_address_answers_on_this_site(written_here, tmp_path, client):
    path, _media, _output = export_site(tmp_path)
    attachment = next(item for item in wxr.read(path) if isinstance(item, wxr.Item) and item.post_type == "attachment")
    response = client.get(urlsplit(attachment.attachment_url).path)
    assert response.status_code == 301
    assert response["Location"] == Image.objects.get().file.url


def test_the_demo_site_comes_back_unchanged(media_root, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    before = snapshot()
    path, media, _output = export_site(tmp_path)
    wipe_site()
    run_import(path, media_dir=str(media))
    assert snapshot() == before
