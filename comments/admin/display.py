"""How a comment's status and history read in the queue and on its page."""

from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import Comment

Status = Comment.Status


def status_badge(comment):
    """The comment's status as the queue shows it, "awaiting spam check" included."""
    label = comment.get_status_display()
    if comment.awaiting_check:
        label = _("%(status)s, awaiting spam check") % {"status": label}
    return format_html('<span class="queue-status queue-status-{}">{}</span>', comment.status, label)


def status_name(value):
    return Status(value).label if value in Status.values else value


def history_table(comment):
    """The comment's history, oldest first: one line per event, and for an
    edit the words before and after it."""
    rows = []
    for event in comment.events.select_related("actor"):
        change = ""
        if event.changes.get("before"):
            change = format_html(
                '<details class="history-change"><summary>{}</summary><dl>{}</dl></details>',
                _("Before and after"),
                format_html_join("", "<dt>{}</dt><dd><del>{}</del></dd><dd><ins>{}</ins></dd>", (
                    (name, old, event.changes.get("after", {}).get(name, ""))
                    for name, old in event.changes["before"].items()
                )),
            )
        rows.append((
            formats.localize(timezone.localtime(event.created_at)), event.message, change,
            status_name(event.from_status), status_name(event.to_status),
        ))
    if not rows:
        return "—"
    return format_html(
        '<table class="comment-history"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        _("When"), _("What happened"), _("Status"),
        format_html_join("", '<tr><td class="history-when">{}</td><td>{}{}</td><td class="history-status">{}{}</td></tr>', (
            (when, message, change, old, format_html(" → {}", new) if new else "") for when, message, change, old, new in rows
        )),
    )
