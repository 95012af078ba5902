"""An email backend for the restart test: the locmem outbox, and a worker
that dies (a BaseException, as KeyboardInterrupt or SystemExit) once it has
handed DIE_AFTER messages over in this process."""

from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no ``except Exception`` catches it."""


class DyingBackend(EmailBackend):
    def send_messages(self, messages):
        limit = getattr(settings, "TEST_DIE_AFTER", None)
        if limit is not None and len(mail.outbox) >= limit:
            raise WorkerKilled()
        return super().send_messages(messages)
