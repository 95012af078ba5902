import re

import pytest
from django.core import mail
from django.utils import timezone

from subscribers.models import Subscriber


def make_subscriber(email, *, confirmed=True, categories=(), frequency=Subscriber.Frequency.INSTANT):
    subscriber = Subscriber.objects.create(
        email=email, confirmed_at=timezone.now() if confirmed else None,
        all_categories=not categories, frequency=frequency,
    )
    if categories:
        subscriber.categories.set(categories)
    return subscriber


def link_in(message, path_part):
    """The first absolute URL in a message body whose path contains ``path_part``."""
    for url in re.findall(r"https?://\S+", message.body):
        if path_part in url:
            return url.replace("http://testserver", "")
    raise AssertionError(f"no {path_part} link in: {message.body}")


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox

