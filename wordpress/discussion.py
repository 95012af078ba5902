"""WordPress comments, pingbacks and trackbacks → comments.Comment.

Imported comments keep the status they had; they are stored with
``is_public``/``is_removed`` derived from it exactly as comments.moderation
derives them, and get one history line. They never pass through
``moderation.set_status`` or the submission pipeline: an import sends no
email, asks Akismet nothing and reports nothing to it.

Threads: WordPress's ``comment_parent`` is kept, parents are stored before
their replies, and a reply deeper than the site allows
(COMMENTS_THREAD_DEPTH) hangs under the deepest ancestor that may take
replies, where WordPress itself would have shown it."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment

from articles.models import Article
from comments import moderation, pipeline
from comments.models import Comment, CommentEvent

from . import threads
from .report import Report
from .rows import insert_rows
from .values import ItemError, clean_ip, optional_int, unescape, wp_datetime, wp_int

Status, Type, Verdict = Comment.Status, Comment.Type, Comment.Verdict
STATUSES = {
    "1": Status.APPROVED, "approve": Status.APPROVED,
    "0": Status.PENDING, "hold": Status.PENDING,
    "spam": Status.SPAM,
    "trash": Status.TRASH, "post-trashed": Status.TRASH,
}
TYPES = {
    "": Type.COMMENT, "comment": Type.COMMENT,
    "pingback": Type.PINGBACK, "trackback": Type.TRACKBACK, "webmention": Type.WEBMENTION,
}
# Akismet's own WordPress plugin leaves its verdict in the comment's meta.
AKISMET_RESULTS = {"true": Verdict.SPAM, "false": Verdict.HAM}
IMPORTED = "Imported from WordPress"
UPDATED_STATUS = "Status updated from the WordPress export"
# The fields a later export may change; anything else stays as imported.
COMPARED = (
    "user_id", "user_name", "user_email", "user_url", "comment", "submit_date", "ip_address",
    "status", "type", "source_url", "source_title", "akismet_verdict",
)


@dataclass
class Incoming:
    wp_id: int
    parent: int
    values: dict
    children: list = field(default_factory=list)
    level: int = 0
    display_parent: "Incoming | StoredParent | None" = None
    pk: int | None = None
    nested_count: int = 0


class CommentImporter:
    def __init__(self, *, users_by_wp_id, content_type, max_level, zone=None):
        self.users_by_wp_id = users_by_wp_id
        self.content_type = content_type
        self.max_level = max_level
        self.zone = zone
        # How deep the export's replies go: the report tells the editor if the site shows fewer levels.
        self.deepest = 0

    def run(self, article, wp_comments, report, *, article_is_new, where):
        """Import one article's comments; returns how many stored ones moved back under their parents."""
        incoming = self._parse_all(wp_comments, report, where)
        self.deepest = max(self.deepest, threads.export_depth(incoming))
        existing = {} if article_is_new else self._existing(article)
        self._update_existing(incoming, existing, report)
        moved = threads.rethread(article, incoming, self.max_level) if existing else 0
        if moved:
            report.note(f"{where}: {moved} repl(ies) back under the comment they answer.")
            existing = self._existing(article)
        new = {wp_id: item for wp_id, item in incoming.items() if wp_id not in existing}
        if not new:
            return moved
        thread = Thread(article, list(_preorder(self._tree(new, existing, report, where))), report, where)
        self._assign_ping_keys([thread])
        if article_is_new or not Comment.objects.for_article(article).exists():
            self._bulk_insert([thread])
        else:
            self._insert_one_by_one(thread, existing)
        report.count("comments", "created", len(thread.items))
        return moved

    def run_on_new_articles(self, posts):
        """Import the comments of articles this run has just created, given
        as (article, comments, report, where): one set of inserts for all."""
        batch = []
        for article, wp_comments, report, where in posts:
            incoming = self._parse_all(wp_comments, report, where)
            if incoming:
                self.deepest = max(self.deepest, threads.export_depth(incoming))
                batch.append(Thread(article, list(_preorder(self._tree(incoming, {}, report, where))), report, where))
        if not batch:
            return
        self._assign_ping_keys(batch)
        self._bulk_insert(batch)
        for thread in batch:
            thread.report.count("comments", "created", len(thread.items))

    # --- reading -----------------------------------------------------------

    def _parse_all(self, wp_comments, report, where):
        incoming = {}
        for wc in wp_comments:
            try:
                item = self._parse(wc, report, where)
            except ItemError as error:
                report.skip("comments", f"comment #{wc.wp_id or '?'} on {where}: {error}")
                continue
            if item.wp_id in incoming:
                report.skip("comments", f"comment #{item.wp_id} on {where}: the id appears twice")
                continue
            incoming[item.wp_id] = item
        return incoming

    def _parse(self, wc, report, where):
        wp_id = wp_int(wc.wp_id, "comment id")
        submit_date, warning = wp_datetime(wc.date_gmt, wc.date, "comment_date", self.zone)
        if warning:
            report.warn("comments", f"comment #{wp_id} on {where}: {warning}")
        status = STATUSES.get(wc.approved.lower())
        if status is None:
            status = Status.PENDING
            report.warn("comments", f"comment #{wp_id} on {where}: unknown status “{wc.approved}”, held as pending")
        comment_type = TYPES.get(wc.type.lower())
        if comment_type is None:
            comment_type = Type.COMMENT
            report.warn("comments", f"comment #{wp_id} on {where}: unknown type “{wc.type}”, imported as a comment")
        name = unescape(wc.author)
        url = wc.author_url.strip()
        is_ping = comment_type != Type.COMMENT
        user = self.users_by_wp_id.get(optional_int(wc.user_id) or 0)
        values = {
            "user_id": user.pk if user else None,
            "user_name": name[:50],
            "user_email": wc.author_email.strip()[:254],
            # A cut URL is a broken link: a reader's too-long URL is dropped,
            # a ping's is cut like comments.pipeline cuts it (source_url keeps it whole).
            "user_url": url[:200] if is_ping or len(url) <= 200 else "",
            "comment": wc.content,
            "submit_date": submit_date,
            "ip_address": clean_ip(wc.author_ip),
            "status": status,
            "type": comment_type,
            "source_url": url[:1000] if is_ping else "",
            "source_title": name[:300] if is_ping else "",
            "akismet_verdict": AKISMET_RESULTS.get(wc.meta.get("akismet_result", ""), Verdict.UNCHECKED),
        }
        return Incoming(wp_id=wp_id, parent=optional_int(wc.parent) or 0, values=values)

    def _existing(self, article):
        rows = (
            Comment.objects.for_article(article)
            .filter(wordpress_id__isnull=False)
            .order_by()
            .values("pk", "wordpress_id", "level", "parent_id", *COMPARED)
        )
        return {row["wordpress_id"]: row for row in rows}

    # --- updating ----------------------------------------------------------

    def _update_existing(self, incoming, existing, report):
        for wp_id, item in incoming.items():
            row = existing.get(wp_id)
            if row is None:
                continue
            changed = {name: value for name, value in item.values.items() if row[name] != value}
            if not changed:
                report.count("comments", "unchanged")
                continue
            if "status" in changed:
                changed.update(Comment.visibility(item.values["status"]), previous_status=row["status"])
            Comment.objects.filter(pk=row["pk"]).update(**changed)
            if "status" in changed:
                moderation.record(
                    Comment(pk=row["pk"]), UPDATED_STATUS, from_status=row["status"], to_status=changed["status"]
                )
            report.count("comments", "updated")

    # --- threading ---------------------------------------------------------

    def _tree(self, new, existing, report, where):
        """Link each new comment to its parent (new or already stored) and
        return the new comments that start a branch, oldest first."""
        for item in new.values():
            if item.parent and item.parent not in new and item.parent not in existing:
                report.warn(
                    "comments",
                    f"comment #{item.wp_id} on {where}: its parent #{item.parent} was not imported; shown as a top-level comment",
                )
                item.parent = 0
        _break_cycles(new, report, where)
        roots = []
        for item in sorted(new.values(), key=_age):
            parent = new.get(item.parent)
            (parent.children if parent else roots).append(item)
        for root in roots:
            self._place(root, existing.get(root.parent), report, where)
        return roots

    def _place(self, root, stored_parent, report, where):
        """Set level and display parent through one branch, depth first."""
        if stored_parent is None:
            root.level, root.display_parent = 0, None
        else:
            # A stored comment's xtd parent_id is its display parent (itself when top-level).
            grandparent_pk = stored_parent["parent_id"]
            grandparent = None if grandparent_pk == stored_parent["pk"] else StoredParent(grandparent_pk)
            self._hang(root, stored_parent["level"], StoredParent(stored_parent["pk"]), grandparent, report, where)
        stack = [root]
        while stack:
            item = stack.pop()
            for child in item.children:
                self._hang(child, item.level, item, item.display_parent, report, where)
                stack.append(child)

    def _hang(self, item, parent_level, parent, grandparent, report, where):
        if parent_level < self.max_level:
            item.level, item.display_parent = parent_level + 1, parent
            return
        item.level, item.display_parent = self.max_level, grandparent
        report.warn(
            "comments",
            f"comment #{item.wp_id} on {where}: nested deeper than the site allows "
            f"(COMMENTS_THREAD_DEPTH); shown as a reply at the deepest level",
        )

    def _assign_ping_keys(self, batch):
        """Pings get comments.pipeline's key, so the same source pinging again
        is refused as a duplicate; a duplicate already in the export keeps no key."""
        keys = {}
        for thread in batch:
            for item in thread.items:
                if item.values["type"] != Type.COMMENT and item.values["source_url"]:
                    key = pipeline.ping_key(thread.article, item.values["source_url"])
                    keys.setdefault(key, []).append((thread, item))
        if not keys:
            return
        taken = set(Comment.objects.filter(ping_key__in=list(keys)).values_list("ping_key", flat=True))
        for key, pings in keys.items():
            for position, (thread, item) in enumerate(pings):
                if key in taken or position > 0:
                    item.values["ping_key"] = None
                    thread.report.warn(
                        "comments", f"ping #{item.wp_id} on {thread.where}: a second ping from {item.values['source_url']}"
                    )
                else:
                    item.values["ping_key"] = key

    # --- storing -----------------------------------------------------------

    def _common(self, article):
        return {
            "content_type_id": self.content_type.pk,
            "object_pk": str(article.pk),
            "site_id": settings.SITE_ID,
        }

    def _bulk_insert(self, batch):
        """The articles had no comments: store all their threads in four bulk
        inserts, with xtd's thread fields computed here the way
        XtdComment.save computes them one comment at a time (which costs a
        dozen queries per reply)."""
        ordered, commons = [], []
        for thread in batch:
            common = self._common(thread.article)
            ordered.extend(thread.items)
            commons.extend([common] * len(thread.items))
        base_rows = [
            BaseComment(**common, **_base_values(item.values), **Comment.visibility(item.values["status"]))
            for item, common in zip(ordered, commons, strict=True)
        ]
        BaseComment.objects.bulk_create(base_rows)
        own_rows = []
        thread_order = defaultdict(int)
        for item, base in zip(ordered, base_rows, strict=True):
            item.pk = base.pk
            root = item
            while root.display_parent is not None:
                root = root.display_parent
            thread_order[root.pk] += 1
            own_rows.append({
                **item.values,
                "comment_ptr_id": base.pk, "xtdcomment_ptr_id": base.pk,
                "wordpress_id": item.wp_id,
                "thread_id": root.pk,
                "parent_id": item.display_parent.pk if item.display_parent else base.pk,
                "level": item.level,
                "order": thread_order[root.pk],
            })
            ancestor = item.display_parent
            while ancestor is not None:
                ancestor.nested_count += 1
                ancestor = ancestor.display_parent
        for item, row in zip(ordered, own_rows, strict=True):
            row["nested_count"] = item.nested_count
        # Django's bulk_create refuses multi-table models: xtd's and our own
        # table are written directly, with the fields' own conversions.
        insert_rows(XtdComment, own_rows)
        insert_rows(Comment, own_rows)
        # The line moderation.record() writes, one INSERT for them all: one
        # call per comment was a third of a big import's time.
        now = timezone.now()
        insert_rows(CommentEvent, [
            {"comment_id": item.pk, "created_at": now, "message": IMPORTED, "to_status": item.values["status"]}
            for item in ordered
        ])

    def _insert_one_by_one(self, thread, existing):
        """New comments on an article that already has some: XtdComment.save
        slots each one into its thread."""
        common = self._common(thread.article)
        for item in thread.items:
            parent = item.display_parent
            comment = Comment(
                **common,
                **item.values,
                **Comment.visibility(item.values["status"]),
                wordpress_id=item.wp_id,
                parent_id=parent.pk if parent else 0,
            )
            comment.save()
            item.pk = comment.pk
            moderation.record(comment, IMPORTED, to_status=comment.status)


@dataclass
class Thread:
    """One article's new comments, parents before their replies."""

    article: Article
    items: list
    report: Report
    where: str


@dataclass
class StoredParent:
    """A comment stored by an earlier run, as the parent of a new reply."""

    pk: int


def _age(item):
    return (item.values["submit_date"], item.wp_id)


def _preorder(roots):
    stack = list(reversed(roots))
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(item.children))


def _break_cycles(new, report, where):
    for item in new.values():
        seen = {item.wp_id}
        parent = new.get(item.parent)
        while parent is not None:
            if parent.wp_id in seen:
                report.warn("comments", f"comment #{item.wp_id} on {where}: its parents form a loop; shown as top-level")
                item.parent = 0
                break
            seen.add(parent.wp_id)
            parent = new.get(parent.parent)


_BASE_FIELDS = {f.attname for f in BaseComment._meta.concrete_fields} - {"id"}


def _base_values(values):
    return {name: value for name, value in values.items() if name in _BASE_FIELDS}
