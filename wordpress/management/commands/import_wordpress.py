import io
import os
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...importer import WordPressImporter
from ...wxr import WXRError

STAGES = {"reading": "Checking the file", "pictures": "Pictures", "articles": "Articles and comments"}


class ProgressBar:
    """One line redrawn in place; only used when the output is a terminal."""

    def __init__(self, stream, width=30):
        self.stream = stream
        self.width = width
        self.stage = None
        self.last_draw = 0.0

    def __call__(self, stage, done, total):
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.last_draw < 0.1:
            return
        if stage != self.stage and self.stage is not None:
            self.stream.write("\n")
        self.stage, self.last_draw = stage, now
        fraction = min(1.0, done / total) if total else 1.0
        filled = round(self.width * fraction)
        count = f"{_size(done)}/{_size(total)}" if stage == "reading" else f"{done}/{total}"
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{STAGES[stage]:<22} [{bar}] {fraction:4.0%}  {count}", ending="")
        self.stream.flush()

    def close(self):
        if self.stage is not None:
            self.stream.write("\n")


def _size(count):
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.0–1.2): authors, categories, tags, "
        "pictures, posts, pages, comments and pings. Running it again with the same file "
        "updates what changed and duplicates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file WordPress exported")
        parser.add_argument(
            "--media-dir",
            help="a copy of the old site's wp-content/uploads folder; attachments are taken from it",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="do everything and report it, then roll back: nothing is written",
        )

    def handle(self, export, media_dir=None, dry_run=False, verbosity=1, **options):
        if not os.path.isfile(export):
            raise CommandError(f"{export}: no such file.")
        if media_dir and not os.path.isdir(media_dir):
            raise CommandError(f"--media-dir {media_dir}: no such folder.")
        bar = ProgressBar(self.stdout) if self.stdout.isatty() and verbosity > 0 else None
        started = time.monotonic()
        try:
            # One transaction: a file that cannot be imported leaves no administrator behind either.
            with transaction.atomic():
                admin_login = None if dry_run else self._first_administrator()
                report = WordPressImporter(export, media_dir=media_dir, dry_run=dry_run, progress=bar).run()
        except WXRError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        finally:
            if bar is not None:
                bar.close()
        elapsed = time.monotonic() - started
        if verbosity == 0:
            return
        for line in report.detail_lines(limit=None if verbosity > 1 else 20):
            self.stdout.write(line)
        self.stdout.write("")
        for line in report.summary_lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run ({elapsed:.1f} s): nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {export} in {elapsed:.1f} s."))
        if admin_login:
            self.stdout.write(f"This site had no administrator; you are its first: {admin_login}")

    def _first_administrator(self):
        """The person importing into a fresh site becomes its administrator
        (ensure_admin's account), before the export's authors arrive: an
        author of the same name then stays that working account instead of
        becoming one without a password."""
        if get_user_model().objects.filter(is_superuser=True, is_active=True).exists():
            return None
        out = io.StringIO()
        call_command("ensure_admin", stdout=out)
        return out.getvalue().strip()
