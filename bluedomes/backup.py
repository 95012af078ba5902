"""The whole site in one archive, and back: ``manage.py backup`` / ``restore``.

An archive is a gzipped tar holding ``manifest.json`` (when, from which
database, the migrations it was taken at), ``data.xml`` (every table but
the ones Django rebuilds itself, by natural keys so it loads into a
database whose ids for content types and permissions differ; XML because
Django's JSON encoder cuts times to the millisecond, and the order of
comments posted in the same second depends on the rest) and
``media/`` (uploaded pictures and their renditions). Restoring checks the
archive before writing anything, loads the data in one transaction, then
unpacks the media; a restore into a site whose schema is older than the
archive's is refused, since its rows would not fit."""

import json
import os
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core import management
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Rebuilt by ``migrate`` on the restoring site; copying them would clash with its own.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
MANIFEST, DATA, MEDIA = "manifest.json", "data.xml", "media"


class BackupError(Exception):
    """The archive cannot be restored here; nothing was written."""


def applied_migrations():
    """{app: [migration names]} applied on the default database."""
    applied = {}
    for app, name in sorted(MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def create_backup(path):
    """Write the archive to ``path``; returns its manifest."""
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connections[DEFAULT_DB_ALIAS].vendor,
        "site_url": settings.SITE_URL,
        "migrations": applied_migrations(),
    }
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / DATA
        management.call_command(
            "dumpdata", exclude=EXCLUDED, natural_foreign=True, natural_primary=True, format="xml",
            output=str(data), verbosity=0,
        )
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        with tarfile.open(path, "w:gz") as archive:
            archive.add(manifest_file, MANIFEST)
            archive.add(data, DATA)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.is_dir():
                for file in sorted(media_root.rglob("*")):
                    if file.is_file():
                        archive.add(file, f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
    return manifest


def _media_members(archive):
    """The archive's media files, each checked to stay inside media/ (no
    absolute paths, no "..", no links or devices): an archive is a file a
    person may have been handed."""
    members = []
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if member.name in (MANIFEST, DATA) or member.isdir():
            continue
        if name.is_absolute() or ".." in name.parts or name.parts[:1] != (MEDIA,) or not member.isfile():
            raise BackupError(f"the archive holds “{member.name}”, which a bluedomes backup never does")
        members.append(member)
    return members


def check_archive(archive):
    """The manifest of an archive this site can take; raises BackupError."""
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError(f"not a bluedomes backup ({error})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not the {FORMAT} this version reads")
    here = applied_migrations()
    missing = sorted(
        f"{app}.{name}" for app, names in manifest.get("migrations", {}).items() for name in names
        if name not in here.get(app, [])
    )
    if missing:
        raise BackupError(
            "the backup comes from a newer version of the site: run its code's migrations first "
            f"(missing here: {', '.join(missing[:5])}{'…' if len(missing) > 5 else ''})"
        )
    return manifest


def restore_backup(path):
    """Load the archive at ``path`` into this site; returns its manifest."""
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"cannot read {path}: {error}") from None
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = check_archive(archive)
        media = _media_members(archive)
        data = Path(work) / DATA
        with archive.extractfile(DATA) as source, open(data, "wb") as target:
            target.write(source.read())
        with transaction.atomic():
            management.call_command("loaddata", str(data), verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        for member in media:
            destination = media_root.joinpath(*PurePosixPath(member.name).parts[1:])
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(destination, "wb") as target:
                target.write(source.read())
            os.utime(destination, (member.mtime, member.mtime))
    return manifest
