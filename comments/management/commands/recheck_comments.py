from django.core.management.base import BaseCommand

from ...pipeline import due_for_check, recheck_due_comments


class Command(BaseCommand):
    help = (
        "Check again with Akismet every held comment whose check failed and is due for "
        "another try (also the ones whose first check never ran). Safe to run from cron "
        "every few minutes; the worker also schedules each retry by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Queue the re-checks for the background worker instead of running them here.",
        )

    def handle(self, *args, enqueue=False, **options):
        due = due_for_check().count()
        if enqueue:
            recheck_due_comments.enqueue()
            self.stdout.write(f"Queued the re-check of {due} comment(s).")
            return
        done = recheck_due_comments.call()
        self.stdout.write(f"Re-checked {done} comment(s) with Akismet.")
