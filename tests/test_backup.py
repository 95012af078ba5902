"""``manage.py backup`` / ``restore``: the restore drill of the README, run
as a test — back up, empty the site, restore, and find everything as it was."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from articles.models import Image
from comments.models import Comment, DiscussionSettings
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_image, make_user
from tests.snapshots import site_snapshot

# Emptying the site is manage.py flush, which PostgreSQL refuses inside the
# test's transaction (TRUNCATE with deferred constraint checks pending); the
# rows migrations made are put back after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(media_root):
    writer = make_user(username="daniyar", first_name="Данияр", password="a-long-pass-phrase")
    picture = make_image(alt_text="Көк күмбез", uploaded_by=writer)
    article = make_article(title="Су және энергия", slug="su-zhane-energiya", author=writer, featured_image=picture)
    first = make_comment(article, user_name="Айгерим", comment="Рақмет!")
    make_comment(article, parent=first, user_name="Ли", comment="谢谢", status=Comment.Status.PENDING)
    settings = DiscussionSettings.load()
    settings.close_after_days = 30
    settings.save()
    return article


def backup(tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


def empty_site(media_root):
    call_command("flush", interactive=False, verbosity=0)
    for file in sorted(Path(media_root).rglob("*"), reverse=True):
        file.unlink() if file.is_file() else file.rmdir()


def test_a_restored_site_is_the_site_that_was_backed_up(site, tmp_path, media_root, client):
    before = site_snapshot()
    picture_bytes = Image.objects.get().file.read()
    archive = backup(tmp_path)
    empty_site(media_root)
    assert site_snapshot() == {"articles": {}, "images": [], "pages": {}}

    call_command("restore", str(archive), stdout=io.StringIO())

    assert site_snapshot() == before
    assert Image.objects.get().file.read() == picture_bytes
    assert DiscussionSettings.load().close_after_days == 30
    # django-axes wants the request a login comes with.
    assert client.login(request=HttpRequest(), username="daniyar", password="a-long-pass-phrase")
    assert client.get(site.get_absolute_url()).status_code == 200


def test_the_archive_holds_data_media_and_the_migrations_it_was_taken_at(site, tmp_path):
    with tarfile.open(backup(tmp_path)) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert {"manifest.json", "data.xml"} <= set(names)
    assert any(name.startswith("media/images/") for name in names)
    assert "0001_initial" in manifest["migrations"]["comments"]


def _rewrite_archive(source, target, *, manifest=None, extra=None):
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        if extra is not None:
            info = tarfile.TarInfo(extra)
            info.size = 4
            new.addfile(info, io.BytesIO(b"evil"))


def test_an_archive_from_a_newer_schema_is_refused_before_anything_is_written(site, tmp_path, media_root):
    newer = tmp_path / "newer.tar.gz"

    def add_migration(manifest):
        manifest["migrations"]["comments"].append("9999_from_the_future")
        return manifest

    _rewrite_archive(backup(tmp_path), newer, manifest=add_migration)
    empty_site(media_root)
    with pytest.raises(CommandError, match="newer version"):
        call_command("restore", str(newer), stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_an_archive_that_writes_outside_media_is_refused(site, tmp_path, media_root):
    hostile = tmp_path / "hostile.tar.gz"
    _rewrite_archive(backup(tmp_path), hostile, extra="media/../../escaped.txt")
    with pytest.raises(CommandError, match="never does"):
        call_command("restore", str(hostile), stdout=io.StringIO())
    assert not (tmp_path / "escaped.txt").exists()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(junk), stdout=io.StringIO())
