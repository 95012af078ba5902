"""A page's contact form: the same defences as comments (per-IP rate limit,
honeypot, Akismet with ``comment_type=contact-form``), the message stored
first and then delivered to the editors by email in the background. Akismet
or mail down: the message stays pending and is tried again with backoff."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from bluedomes.clientip import client_ip
from bluedomes.jobs import enqueue_on_commit
from bluedomes.roles import editors
from bluedomes.site import absolute_url
from comments import akismet
from comments.emails import build_email, send_all
from comments.models import Comment

from .models import ContactMessage

logger = logging.getLogger(__name__)
BACKOFF = [timedelta(minutes=5), timedelta(minutes=20), timedelta(hours=1)]
HOURLY = timedelta(hours=1)
MAX_MESSAGE_LENGTH = 5000


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Your email address"))
    message = forms.CharField(label=_("Message"), max_length=MAX_MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 6}))
    # Named as the comment form's, so Akismet is told the same field name.
    honeypot = forms.CharField(
        label=_("If you enter anything in this field your message will be treated as spam"), required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self):
        return bool(self.cleaned_data.get("honeypot"))


def store_message(form, page, request):
    """The message saved as pending, its delivery queued for after the commit."""
    message = ContactMessage.objects.create(
        page=page, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
        message=form.cleaned_data["message"], ip_address=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:500], referrer=request.headers.get("Referer", "")[:500],
    )
    enqueue_on_commit(deliver_contact_message, message.pk)
    return message


def deliver(message_pk):
    """Ask Akismet (when configured), then mail the editors. Each failure
    leaves the message pending and schedules another try."""
    message = ContactMessage.objects.select_related("page").get(pk=message_pk)
    if message.status != ContactMessage.Status.PENDING:
        return message.status
    try:
        if akismet.is_configured() and _is_spam(message):
            message.status = ContactMessage.Status.SPAM
        else:
            send_all(_emails(message))
            message.status = ContactMessage.Status.SENT
        message.last_error = ""
    except (akismet.Unavailable, akismet.InvalidKey, SMTPException, OSError) as exc:
        message.attempts += 1
        message.last_error = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("contact message %s not delivered, will retry: %s", message.pk, message.last_error)
        _schedule_retry(message)
    message.save(update_fields=["status", "attempts", "last_error"])
    return message.status


def _is_spam(message):
    verdict = akismet.check_contact_form(
        user_ip=message.ip_address or "", user_agent=message.user_agent, referrer=message.referrer,
        permalink=message.page.get_full_url() if message.page else settings.SITE_URL + "/",
        name=message.name, email=message.email, content=message.message,
    )
    return verdict in (Comment.Verdict.SPAM, Comment.Verdict.DISCARD)


def _emails(message):
    subject = _("Contact form: message from %(name)s") % {"name": message.name}
    context = {
        "message": message,
        "admin_url": absolute_url(reverse("admin:articles_contactmessage_change", args=[message.pk])),
    }
    headers = {"Reply-To": message.email}
    addresses = editors().exclude(email="").values_list("email", flat=True)
    return [build_email(address, subject, "articles/email/contact_message.txt", context, headers) for address in addresses]


def _schedule_retry(message):
    delay = BACKOFF[message.attempts - 1] if message.attempts <= len(BACKOFF) else HOURLY
    if deliver_contact_message.get_backend().supports_defer:
        when = timezone.now() + delay
        enqueue_on_commit(deliver_contact_message.using(run_after=when), message.pk)


@task()
def deliver_contact_message(message_pk):
    return deliver(message_pk)
