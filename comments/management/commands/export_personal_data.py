import json

from django.core.management.base import BaseCommand

from ...privacy import export_personal_data


class Command(BaseCommand):
    help = "Print, as JSON, every comment and subscription stored for an email address."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        self.stdout.write(json.dumps(export_personal_data(email), indent=2, ensure_ascii=False))
