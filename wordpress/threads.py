"""Putting an imported thread back in the shape its export gives it.

The first import hangs a reply deeper than COMMENTS_THREAD_DEPTH under the
deepest ancestor that may take replies. When the site's depth is raised and
the same export is imported again, each reply goes back under the comment it
answered, as far as the new depth allows; comments written here since keep
the parents they have. xtd's thread fields (parent, level, thread, order,
nested count) are recomputed for the whole article and written in one bulk
update: XtdComment.save would renumber the thread one comment at a time."""

from dataclasses import dataclass, field

from django_comments_xtd.models import XtdComment

from comments.models import Comment

THREAD_FIELDS = ["parent_id", "level", "thread_id", "order", "nested_count"]


@dataclass
class Node:
    pk: int
    wanted_parent: int | None
    sort_key: tuple
    children: list = field(default_factory=list)
    display_parent: "Node | None" = None
    level: int = 0
    nested_count: int = 0


def export_depth(incoming):
    """The deepest reply level in one article's export (0: no replies)."""
    deepest = 0
    for item in incoming.values():
        level, parent, seen = 0, incoming.get(item.parent), {item.wp_id}
        while parent is not None and parent.wp_id not in seen:
            seen.add(parent.wp_id)
            level += 1
            parent = incoming.get(parent.parent)
        deepest = max(deepest, level)
    return deepest


def rethread(article, incoming, max_level):
    """Move the article's imported comments back under the parents the export
    names, within ``max_level``. Returns how many comments moved."""
    rows = list(Comment.objects.for_article(article).order_by().values(
        "pk", "wordpress_id", "submit_date", *THREAD_FIELDS
    ))
    pk_by_wp_id = {row["wordpress_id"]: row["pk"] for row in rows if row["wordpress_id"] is not None}
    nodes = {}
    for row in rows:
        item = incoming.get(row["wordpress_id"]) if row["wordpress_id"] is not None else None
        if item is not None:
            wanted = pk_by_wp_id.get(item.parent)
        else:
            wanted = row["parent_id"] if row["parent_id"] != row["pk"] else None
        nodes[row["pk"]] = Node(row["pk"], wanted, (row["submit_date"], row["pk"]))
    roots = _link(nodes)
    placed = list(_place(roots, max_level))
    current = {row["pk"]: row for row in rows}
    updates = _thread_fields(placed)
    moved = [pk for pk, values in updates.items() if any(current[pk][name] != values[name] for name in THREAD_FIELDS)]
    if moved:
        objs = [XtdComment(pk=pk, **updates[pk]) for pk in moved]
        XtdComment.objects.bulk_update(objs, THREAD_FIELDS)
    return sum(current[pk]["parent_id"] != updates[pk]["parent_id"] for pk in moved)


def _link(nodes):
    """Attach each node to its wanted parent; a parent that is gone or a loop makes a root."""
    roots = []
    for node in sorted(nodes.values(), key=lambda node: node.sort_key):
        parent = nodes.get(node.wanted_parent)
        ancestor, seen = parent, {node.pk}
        while ancestor is not None and ancestor.pk not in seen:
            seen.add(ancestor.pk)
            ancestor = nodes.get(ancestor.wanted_parent)
        if parent is None or ancestor is not None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def _place(roots, max_level):
    """Each node in display order, with its level and display parent: a reply
    past ``max_level`` hangs under its parent's display parent, as on import."""
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        yield node
        for child in reversed(node.children):
            if node.level < max_level:
                child.level, child.display_parent = node.level + 1, node
            else:
                child.level, child.display_parent = max_level, node.display_parent
            stack.append(child)


def _thread_fields(placed):
    values, order = {}, {}
    for node in placed:
        root = node
        while root.display_parent is not None:
            root = root.display_parent
        order[root.pk] = order.get(root.pk, 0) + 1
        ancestor = node.display_parent
        while ancestor is not None:
            ancestor.nested_count += 1
            ancestor = ancestor.display_parent
        values[node.pk] = {
            "parent_id": node.display_parent.pk if node.display_parent else node.pk,
            "level": node.level,
            "thread_id": root.pk,
            "order": order[root.pk],
        }
    for node in placed:
        values[node.pk]["nested_count"] = node.nested_count
    return values
