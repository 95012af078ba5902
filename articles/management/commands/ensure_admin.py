"""Make sure the site has an administrator and print how to log in.

bin/run calls this on every start and shows its one line of output."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


def password_file():
    # var/ is gitignored: the generated password never lands in a commit.
    return Path(os.environ.get("ADMIN_PASSWORD_FILE", settings.BASE_DIR / "var" / "admin-password"))


def stored_password():
    """The password generated on an earlier run, or a new one written down
    (readable by its owner only) so every run prints the same login."""
    path = password_file()
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.touch(mode=0o600)
    path.write_text(password + "\n")
    return password


class Command(BaseCommand):
    help = (
        "Create the superuser named by ADMIN_USERNAME (default 'admin') once, with ADMIN_PASSWORD "
        "or a random password kept in var/admin-password, and print 'login: USER / PASSWORD'."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME") or "admin"
        email = os.environ.get("ADMIN_EMAIL") or f"{username}@localhost"
        password = os.environ.get("ADMIN_PASSWORD") or stored_password()

        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            User.objects.create_superuser(username=username, email=email, password=password)
        elif not user.check_password(password):
            # Someone changed it in the admin since: theirs wins, and we do
            # not print a password that no longer works.
            self.stdout.write(f"login: {username} / (changed since it was created, not shown)")
            return
        self.stdout.write(f"login: {username} / {password}")
