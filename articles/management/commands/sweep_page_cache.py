from django.conf import settings
from django.core.management.base import BaseCommand

from ... import page_files


class Command(BaseCommand):
    help = (
        "Remove page-cache files older than BLUEDOMES_PAGE_CACHE_SECONDS: what changes with the clock "
        "alone (scheduled articles, comments closing by age, the form's timestamp). Run every minute "
        "(deploy/systemd/bluedomes-page-cache-sweep.timer); safe at any time, on any one server."
    )

    def handle(self, *args, **options):
        removed = page_files.sweep(settings.BLUEDOMES_PAGE_CACHE_SECONDS)
        self.stdout.write(f"Removed {removed} page file(s) past their lifetime.")
