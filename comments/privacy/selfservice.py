"""Readers' own requests for their data: an export or an erasure of their
comments, asked for by email address and confirmed from that mailbox.

The public form answers the same whatever the address, and the check of
whether we hold anything for it happens in the background task, so neither
the page nor its timing says whether an address ever commented here. The
emailed link is signed and expires; it acts once (its digest is recorded);
what was done is recorded for the editors, with the address masked."""

import hashlib
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from bluedomes import ratelimit
from bluedomes.jobs import enqueue_on_commit
from bluedomes.site import absolute_url

from .. import privacy
from ..emails import build_email, send_all
from ..models import PersonalDataRequest

SALT = "bluedomes.comments.selfservice"
LINK_VALID = timedelta(hours=24)
# Links mailed to one address a day: a stranger cannot flood a mailbox.
PER_ADDRESS_LIMIT, PER_ADDRESS_WINDOW = 3, 24 * 3600
Kind = PersonalDataRequest.Kind


def make_token(email, kind):
    return signing.dumps({"email": privacy.normalise(email).lower(), "kind": kind}, salt=SALT, compress=True)


def read_token(token):
    """(email, kind) from a link that is genuine and unexpired, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_VALID)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("kind") not in Kind.values or not data.get("email"):
        return None
    return str(data["email"]), data["kind"]


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def already_used(token):
    return PersonalDataRequest.objects.filter(token_digest=digest(token)).exists()


def mask(email):
    """"l***@example.org": enough for an editor to match a reader's letter, not to name them."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def ask(email, kind):
    """What the public form does: queue the confirmation email, at most a
    few a day per address. Says nothing back either way."""
    email = privacy.normalise(email).lower()
    if ratelimit.hit(f"data-request-address:{hashlib.sha256(email.encode()).hexdigest()}",
                     PER_ADDRESS_LIMIT, PER_ADDRESS_WINDOW):
        enqueue_on_commit(send_request_link, email, kind)


@task
def send_request_link(email, kind):
    if not (privacy.comments_by(email).exists() or privacy.subscriptions_of(email).exists()):
        return 0
    subject = {
        Kind.EXPORT: _("Confirm: a copy of your comments"),
        Kind.ERASE: _("Confirm: erase your comments' personal data"),
    }[kind]
    link = absolute_url(reverse("comments:data_request_confirm", args=[make_token(email, kind)]))
    context = {"kind": kind, "link": link, "valid_hours": int(LINK_VALID.total_seconds() // 3600)}
    return send_all([build_email(email, subject, "comments/email/data_request_confirm.txt", context)])


def carry_out(token, email, kind):
    """Do what the link asks, once. Returns (record, export data or None), or
    None when this link was already used."""
    try:
        with transaction.atomic():
            record = PersonalDataRequest.objects.create(kind=kind, masked_email=mask(email), token_digest=digest(token))
            if kind == Kind.EXPORT:
                data = privacy.export_personal_data(email)
                record.comments, record.subscriptions = len(data["comments"]), len(data["subscriptions"])
            else:
                data = None
                result = privacy.erase_personal_data(email)
                record.comments, record.subscriptions = result["comments"], result["subscriptions"]
            record.save(update_fields=["comments", "subscriptions"])
    except IntegrityError:
        return None
    return record, data
