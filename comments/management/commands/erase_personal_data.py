from django.core.management.base import BaseCommand, CommandError

from ...privacy import erase_personal_data


class Command(BaseCommand):
    help = (
        "Anonymise every comment written with an email address (name, email, website, IP, "
        "user agent, Akismet data) and delete its follow-up subscriptions. The comment texts stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not email.strip():
            raise CommandError("Give the email address whose data should be erased.")
        result = erase_personal_data(email)
        self.stdout.write(
            f"Erased personal data from {result['comments']} comment(s) "
            f"and deleted {result['subscriptions']} subscription(s) for {email.strip()}."
        )
