"""A moderation queue to practise on, for the demo site: an approved
discussion, a held comment, a held reply to it, a pingback, a spam
comment and one in the trash, each with the history the pipeline would
have written. Created once: the marker address makes a second run a no-op."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .. import moderation
from ..models import Comment

DEMO_DOMAIN = "readers.example"
Status = Comment.Status
# What the demo queue holds, in the order it is created.
DEMO_KINDS = ("approved comment", "held comment", "held reply", "held pingback", "spam", "trash")


def _comment(article, *, minutes_ago, name, text, status, message, parent=None, **fields):
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(article), object_pk=str(article.pk), site_id=1,
        submit_date=timezone.now() - timedelta(minutes=minutes_ago), user_name=name, comment=text,
        parent_id=parent.pk if parent else 0, status=Status.PENDING, **Comment.visibility(Status.PENDING),
        akismet_verdict=Comment.Verdict.SKIPPED, **fields,
    )
    moderation.record(comment, "Received", to_status=Status.PENDING)
    if status == Status.PENDING:
        moderation.record(comment, message)
    else:
        moderation.set_status(comment, status, message=message)
    return comment


def ensure_demo_queue(article):
    """Returns how many comments were created (0 when they exist already)."""
    if Comment.objects.filter(user_email__endswith="@" + DEMO_DOMAIN).exists():
        return 0
    with transaction.atomic():
        first = _comment(
            article, minutes_ago=600, name="Farida Yusupova", user_email=f"farida@{DEMO_DOMAIN}",
            ip_address="203.0.113.7", status=Status.APPROVED, message="Approved automatically",
            text="The canal figures in the second table do not add up for 1989.",
        )
        _comment(
            article, minutes_ago=90, name="Дина Сейткали", user_email=f"dina@{DEMO_DOMAIN}",
            ip_address="198.51.100.23", status=Status.PENDING,
            message="Held for moderation: the author has no approved comment yet",
            text="Спасибо за статью! А где можно увидеть полные данные по водозабору?",
        )
        _comment(
            article, minutes_ago=45, name="Cy Commenter", user_email=f"cy.commenter@{DEMO_DOMAIN}",
            ip_address="192.0.2.60", parent=first, status=Status.PENDING,
            message="Held for moderation: 2 links (the limit is 2)",
            text="They add up once the Karshi stations are counted: https://example.org/a and https://example.org/b",
        )
        _comment(
            article, minutes_ago=30, name="Valley Notes", type=Comment.Type.PINGBACK,
            source_url="https://valley-notes.example/2026/water/", source_title="Valley Notes: who counts the water",
            user_url="https://valley-notes.example/2026/water/", ip_address="192.0.2.80", status=Status.PENDING,
            message="Held for moderation: pings are reviewed", text="[…] a good summary of the canal data […]",
        )
        _comment(
            article, minutes_ago=20, name="Cheap Flights", user_email=f"deals@{DEMO_DOMAIN}", ip_address="192.0.2.99",
            status=Status.SPAM, message="Marked as spam automatically",
            text="Buy cheap flights to Dushanbe today, best prices, click now.",
        )
        _comment(
            article, minutes_ago=10, name="Off Topic", user_email=f"off@{DEMO_DOMAIN}", ip_address="192.0.2.12",
            status=Status.TRASH, message="Moved to the trash: matches the disallowed key “casino”",
            text="Visit our casino for the best bonus.",
        )
    return len(DEMO_KINDS)
