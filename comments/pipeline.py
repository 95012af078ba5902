"""The path of a submission, one plain function per step.

Comment POST (comments.views.post_comment):
  1. ``CommentForm.integrity_problem``  security hash / timestamp / honeypot (CSRF is
                             the middleware's; the per-IP rate limit is a view decorator)
  2. ``hard_rule_errors``    closed article, name/email required, bad reply target,
                             duplicate — refused with a message, nothing stored
  3. ``reader_submission``   everything Akismet needs, and whether a disallowed key
                             sends it to the trash, worked out before any write
     ``store``               stored as pending (or in the trash). Never lost from here.
  4. ``start_check``         on commit: the Akismet task, or (Akismet off) the local rules now
Background (the tasks ``check_comment`` / ``recheck_comment`` at the end):
  5. ``check_for_spam``      is this comment spam? comment-check, then ``on_ham`` /
                             ``on_spam`` / ``on_discard`` / ``on_failure`` / ``on_invalid_key``;
                             no answer: retried with ``next_check_delay`` backoff
  6. ``conclude``            the local rules decide approved or held

Pings from other blogs enter at ``receive_ping`` and share steps 3–6.
Every status change goes through comments.moderation."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from bluedomes.clientip import client_ip
from bluedomes.jobs import enqueue_on_commit
from bluedomes.params import parse_id

from . import akismet, moderation, notifications, rules
from .models import Comment, DiscussionSettings, SpamStat

Status = Comment.Status
Verdict = Comment.Verdict

CLOSED_MESSAGE = gettext_lazy("Comments are closed.")
DUPLICATE_MESSAGE = gettext_lazy("Duplicate comment detected; it looks as though you’ve already said that!")
NAME_EMAIL_MESSAGE = gettext_lazy("Please fill in your name and email address.")
BAD_PARENT_MESSAGE = gettext_lazy("The comment you are replying to cannot be replied to.")
EXPIRED_MESSAGE = gettext_lazy(
    "This form was open too long or was changed on its way here. Please check your comment and send it again."
)
# Checked again if the first Akismet task never ran (e.g. the queue was lost):
# ``manage.py recheck_comments`` picks the comment up after this long.
FIRST_CHECK_GRACE = timedelta(minutes=5)
# Akismet gave no answer: tried again after the 1st, 2nd, 3rd failure; then
# hourly until MAX_CHECK_AGE, when people decide.
BACKOFF = [timedelta(minutes=5), timedelta(minutes=20), timedelta(hours=1)]
HOURLY = timedelta(hours=1)
MAX_CHECK_AGE = timedelta(days=15)
# After this many failed checks the moderators are told about the comment,
# while re-checks go on in the background.
NOTIFY_AFTER_FAILURES = 3


class DuplicatePing(Exception):
    """This source already pinged this article (Pingback 1.0 fault 0x0030)."""


# --- Step 2: rules that refuse before anything is stored -------------------

def reply_parent(article, parent_pk):
    """The approved comment of ``article`` that can take a reply, or None."""
    parent_pk = parse_id(parent_pk)
    if parent_pk is None:
        return None
    parent = Comment.objects.approved().for_article(article).filter(pk=parent_pk, type=Comment.Type.COMMENT).first()
    if parent is None or not parent.allow_thread():
        return None
    return parent


def hard_rule_errors(form, article, discussion, user=None):
    """Messages for a valid form that must still be refused; each is also
    attached to the form so the page shows it beside the kept text.
    Logged-in people comment under their account, so, as in WordPress, the
    name/email requirement does not apply to them."""
    if rules.comments_closed(article, discussion):
        form.add_error(None, CLOSED_MESSAGE)
        return [CLOSED_MESSAGE]
    data = form.cleaned_data
    problems = []
    signed_in = user is not None and user.is_authenticated
    if not signed_in and rules.missing_name_or_email(data.get("name", ""), data.get("email", ""), discussion):
        problems.append((None, NAME_EMAIL_MESSAGE))
    if data.get("reply_to") and reply_parent(article, data["reply_to"]) is None:
        problems.append((None, BAD_PARENT_MESSAGE))
    if rules.is_duplicate(article, data.get("email", ""), data.get("comment", "")):
        problems.append(("comment", DUPLICATE_MESSAGE))
    for field, message in problems:
        form.add_error(field, message)
    return [message for _field, message in problems]


# --- Step 3: store -------------------------------------------------------

def new_comment(article, **fields):
    now = timezone.now()
    configured = akismet.is_configured()
    comment = Comment(
        # Through the generic relation, so the later steps reading
        # comment.content_object find the article without a query.
        content_object=article,
        site_id=settings.SITE_ID,
        submit_date=now,
        status=Status.PENDING,
        **Comment.visibility(Status.PENDING),
        awaiting_check=configured,
        akismet_verdict=Verdict.UNCHECKED if configured else Verdict.SKIPPED,
        next_check_at=now + FIRST_CHECK_GRACE if configured else None,
        **fields,
    )
    # django_comments keeps the id as text; the relation set it as a number.
    comment.object_pk = str(article.pk)
    return comment


def _submission(comment, article, user, discussion, *, honeypot):
    """(comment, disallowed key or None), ready to ``store``: the comment has
    its Akismet fields, and a disallowed key will send it to the trash,
    unchecked. Worked out before the write transaction, which holds SQLite's
    one write lock (every other POST waits for it) for the writes alone."""
    key = rules.disallowed_key(comment, discussion)
    if key:
        comment.awaiting_check = False
        comment.next_check_at = None
        comment.akismet_verdict = Verdict.UNCHECKED
    comment.akismet_request = akismet.request_fields(comment, article, user=user, honeypot=honeypot)
    return comment, key


def store(comment, key=None):
    """Save a new comment as pending with its first history line (or in the
    trash, for a disallowed ``key``)."""
    message = _("Received; waiting for the Akismet check") if comment.awaiting_check else _("Received")
    comment.insert(moderation.history_line(comment, message, to_status=Status.PENDING))
    if key:
        moderation.set_status(
            comment, Status.TRASH, message=_("Moved to the trash: matches the disallowed key “%(key)s”") % {"key": key}
        )
    return comment


def reader_submission(form, article, request, discussion):
    """A reader's comment from a valid form, and its disallowed key: ``store``'s arguments."""
    data = form.cleaned_data
    user = request.user if request.user.is_authenticated else None
    comment = new_comment(
        article,
        user=user,
        user_name=data.get("name", "")[:50],
        user_email=data.get("email", ""),
        user_url=data.get("url", ""),
        comment=data["comment"],
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:1000],
        referrer=request.META.get("HTTP_REFERER", "")[:1000],
        parent_id=data.get("reply_to") or 0,
        followup=bool(data.get("followup")),
        notify_replies=bool(data.get("notify_replies")),
        follow_site=bool(data.get("follow_site")),
        type=Comment.Type.COMMENT,
    )
    return _submission(comment, article, user, discussion, honeypot=True)


def ping_key(article, source_url):
    return hashlib.sha256(f"{article.pk} {source_url}".encode()).hexdigest()


def receive_ping(article, *, type, source_url, source_title, source_site_name, excerpt, ip_address,  # noqa: A002
                 user_agent=""):
    """Store a pingback or webmention as a pending comment and start its
    check, exactly like a reader's comment. Raises DuplicatePing when this
    source already pinged this article."""
    discussion = DiscussionSettings.load()
    comment = new_comment(
        article,
        type=type,
        user_name=(source_title or source_site_name or source_url)[:50],
        user_email="",
        user_url=source_url[:200],
        comment=excerpt,
        ip_address=ip_address,
        user_agent=user_agent[:1000],
        source_url=source_url,
        source_title=source_title[:300],
        source_site_name=source_site_name[:200],
        ping_key=ping_key(article, source_url),
    )
    comment, key = _submission(comment, article, None, discussion, honeypot=False)
    try:
        with transaction.atomic():
            store(comment, key)
    except IntegrityError as exc:
        raise DuplicatePing(source_url) from exc
    start_check(comment, discussion)
    return comment


# --- Step 4: start the check -----------------------------------------------

def start_check(comment, discussion=None):
    """Akismet on: queue the check, which runs once the comment is committed
    (the POST never waits on it). Akismet off: the local rules decide now."""
    if comment.status != Status.PENDING:
        return
    if comment.awaiting_check:
        enqueue_on_commit(check_comment, comment.pk)
    else:
        conclude(comment, discussion or DiscussionSettings.load(), notify_held=True)


# --- Step 5: the Akismet check (runs in the background) ---------------------

def needs_check(comment):
    return comment.status == Status.PENDING and (
        comment.awaiting_check or (comment.akismet_verdict == Verdict.ERROR and comment.next_check_at is not None)
    )


def check_for_spam(comment_pk):
    """Ask Akismet about one comment and apply the answer. The HTTP call is
    made outside any transaction; the answer is applied only if nobody else
    (a concurrent worker, a moderator) changed the comment meanwhile."""
    comment = Comment.objects.filter(pk=comment_pk).first()
    if comment is None or not needs_check(comment) or not akismet.is_configured():
        return
    attempts = comment.check_attempts
    outcome, detail = None, ""
    try:
        outcome = akismet.check(comment, recheck_reason="retry" if attempts else "")
    except akismet.InvalidKey:
        outcome = "invalid-key"
    except akismet.Unavailable as exc:
        outcome, detail = "unavailable", str(exc)
    with transaction.atomic():
        # The base manager: xtd's default one joins the nullable user with an
        # outer join, and PostgreSQL refuses FOR UPDATE on that side.
        current = Comment._base_manager.select_for_update().filter(pk=comment_pk).first()
        if current is None or current.check_attempts != attempts or not needs_check(current):
            return
        handler = {
            Verdict.HAM: on_ham,
            Verdict.SPAM: on_spam,
            Verdict.DISCARD: on_discard,
            "invalid-key": on_invalid_key,
        }.get(outcome)
        if handler is not None:
            handler(current)
        else:
            on_failure(current, detail)


def _close_check(comment, verdict):
    was_awaiting = comment.awaiting_check
    comment.akismet_verdict = verdict
    comment.awaiting_check = False
    comment.next_check_at = None
    comment.save(update_fields=["akismet_verdict", "awaiting_check", "next_check_at"])
    return was_awaiting


def on_ham(comment):
    was_awaiting = _close_check(comment, Verdict.HAM)
    moderation.record(comment, _("Checked by Akismet: ham"))
    conclude(comment, DiscussionSettings.load(), notify_held=was_awaiting)


def on_spam(comment):
    _close_check(comment, Verdict.SPAM)
    moderation.set_status(comment, Status.SPAM, message=_("Checked by Akismet: spam"))


def on_discard(comment):
    """Akismet's "blatant spam" answer: dropped and counted when the setting
    says so (the default), kept as spam otherwise."""
    if DiscussionSettings.load().discard_worst_spam:
        day = timezone.localdate()
        SpamStat.objects.get_or_create(day=day)
        SpamStat.objects.filter(day=day).update(discarded=F("discarded") + 1)
        comment.delete()
        return
    _close_check(comment, Verdict.DISCARD)
    moderation.set_status(comment, Status.SPAM, message=_("Checked by Akismet: blatant spam"))


def on_invalid_key(comment):
    """Akismet refuses our key: nothing can be checked, so people decide."""
    was_awaiting = _close_check(comment, Verdict.ERROR)
    moderation.record(comment, _("Akismet refused the API key (invalid key); held for manual moderation"))
    if was_awaiting:
        _notify_held(comment.pk)


def on_failure(comment, detail):
    """No answer from Akismet: try again later with backoff; tell the
    moderators once it has failed a few times; give up after 15 days."""
    now = timezone.now()
    was_awaiting = comment.awaiting_check
    comment.check_attempts += 1
    comment.akismet_verdict = Verdict.ERROR
    if now - comment.submit_date >= MAX_CHECK_AGE:
        comment.awaiting_check = False
        comment.next_check_at = None
        message = _("Akismet check failed (%(error)s); gave up after %(count)d tries, held for manual moderation")
    else:
        comment.next_check_at = now + next_check_delay(comment.check_attempts)
        if comment.check_attempts >= NOTIFY_AFTER_FAILURES:
            comment.awaiting_check = False
        message = _("Akismet check failed (%(error)s), will retry")
    comment.save(update_fields=["check_attempts", "akismet_verdict", "awaiting_check", "next_check_at"])
    moderation.record(comment, message % {"error": detail or _("no answer"), "count": comment.check_attempts})
    if was_awaiting and not comment.awaiting_check:
        _notify_held(comment.pk)
    if comment.next_check_at:
        schedule_recheck(comment.pk, comment.next_check_at)


# --- Step 6: the local rules decide -----------------------------------------

def conclude(comment, discussion, *, notify_held):
    """Approved or held by the local rules, for a comment that is not spam.
    The subscriptions the reader asked for follow its approval, whichever
    path it takes (comments.moderation schedules them)."""
    article = comment.content_object
    decision = rules.decide(comment, article, discussion)
    if decision.status == Status.APPROVED:
        moderation.set_status(comment, Status.APPROVED, message=decision.reason)
    else:
        moderation.record(comment, decision.reason)
        if notify_held:
            _notify_held(comment.pk)


def _notify_held(comment_pk):
    enqueue_on_commit(notifications.comment_held, comment_pk)


# --- Retries ----------------------------------------------------------------

def next_check_delay(failures):
    return BACKOFF[failures - 1] if 0 < failures <= len(BACKOFF) else HOURLY


def due_for_check(now=None):
    """Held comments whose Akismet check has not concluded and whose next try is due."""
    return Comment.objects.awaiting_spam_check().filter(next_check_at__lte=now or timezone.now()).order_by(
        "next_check_at"
    )


def schedule_recheck(comment_pk, when):
    """Queue a re-check for ``when`` where the task backend can defer work
    (the database backend can); elsewhere ``manage.py recheck_comments``
    finds the comment by its ``next_check_at``."""
    if recheck_comment.get_backend().supports_defer:
        enqueue_on_commit(recheck_comment.using(run_after=when), comment_pk)


# --- Tasks: the worker's ways into the pipeline ------------------------------

@task()
def check_comment(comment_pk):
    """The first comment-check of a newly stored comment or ping."""
    check_for_spam(comment_pk)


@task()
def recheck_comment(comment_pk):
    """A later try after Akismet failed to answer (sent with recheck_reason=retry)."""
    check_for_spam(comment_pk)


@task()
def recheck_due_comments():
    """Every comment whose re-check is due; run by ``manage.py recheck_comments``."""
    done = 0
    for comment_pk in due_for_check().values_list("pk", flat=True):
        check_for_spam(comment_pk)
        done += 1
    return done
