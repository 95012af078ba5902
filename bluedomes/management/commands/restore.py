from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Load a backup made by manage.py backup into this site: run migrate first; rows in the "
        "archive replace rows with the same keys, media files are written into MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by manage.py backup")

    def handle(self, archive, **options):
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(f"Nothing restored: {error}.") from None
        self.stdout.write(f"Restored the backup taken {manifest['created_at']} from {manifest['site_url']}.")
