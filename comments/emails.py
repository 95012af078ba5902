"""Building and sending the site's emails: one plain-text message to one
address, so recipients never see each other. comments.notifications and
comments.subscriptions write their messages with these."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from articles.richtext import one_line


def build_email(to, subject, template, context, headers=None):
    body = render_to_string(template, {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context})
    return EmailMessage(
        # Subjects quote titles and names; one stored before titles were
        # cleaned must not make the whole message unsendable.
        subject=one_line(str(subject)), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers or {}
    )


def send_all(messages):
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
