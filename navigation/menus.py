"""The menus as the theme shows them: every item of both menus that the
reader may see, read in one query, arranged in their one level of nesting."""

from dataclasses import dataclass, field

from .models import MenuItem


@dataclass
class Entry:
    label: str
    url: str
    new_tab: bool
    key: str
    language: str = ""
    children: list = field(default_factory=list)


def load(language):
    """{location: [Entry, …]} for every menu with something to show to
    readers of ``language`` (None: to readers of any language). A child
    whose parent is hidden is hidden with it: it was filed under something
    the reader cannot see."""
    menus, entries = {}, {}
    items = [item for item in MenuItem.objects.for_language(language).with_targets() if item.is_visible()]
    # Parents first, so each child finds its parent's entry already built.
    for item in sorted(items, key=lambda item: item.parent_id is not None):
        entry = Entry(label=item.title(), url=item.link(), new_tab=item.new_tab, key=f"menu-item-{item.pk}",
                      language=item.language)
        if item.parent_id is None:
            entries[item.pk] = entry
            menus.setdefault(item.menu.location, []).append(entry)
        elif item.parent_id in entries:
            entries[item.parent_id].children.append(entry)
    return menus
