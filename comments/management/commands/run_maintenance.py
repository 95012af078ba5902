from django.core.management.base import BaseCommand

from ...purge import run_maintenance


class Command(BaseCommand):
    help = (
        "Delete spam and trash past their retention time and erase old comments' IPs and "
        "Akismet data (Discussion settings). Safe to run at any time, e.g. from cron."
    )

    def handle(self, *args, **options):
        result = run_maintenance()
        self.stdout.write(
            f"Deleted {result['spam']} spam and {result['trash']} trashed comment(s); "
            f"erased technical data from {result['technical_data_erased']} comment(s)."
        )
