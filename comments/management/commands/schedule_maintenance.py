from django.core.management.base import BaseCommand

from ...purge import schedule_maintenance


class Command(BaseCommand):
    help = (
        "Start the hourly comment maintenance (purge of old spam/trash, privacy erase) in the "
        "background task queue. Does nothing when a run is already waiting, so every start of "
        "the worker may call it."
    )

    def handle(self, *args, **options):
        if schedule_maintenance():
            self.stdout.write("Comment maintenance scheduled: it runs now and then every hour in the worker.")
        else:
            self.stdout.write("Comment maintenance is already scheduled (or the task backend cannot defer tasks).")
