from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...backup import create_backup


class Command(BaseCommand):
    help = "Write the whole site (database content and uploaded media) to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="where to write it (default: var/backups/bluedomes-<time>.tar.gz)")

    def handle(self, archive=None, **options):
        if archive is None:
            folder = Path("var/backups")
            folder.mkdir(parents=True, exist_ok=True)
            archive = folder / f"bluedomes-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        create_backup(archive)
        self.stdout.write(f"Backup written to {archive}.")
