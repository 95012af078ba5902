"""What an import did, per kind of thing: created, updated, unchanged,
skipped, and the warnings a person should read before switching over."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

KINDS = ("authors", "categories", "tags", "images", "documents", "articles", "pages", "comments")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list = field(default_factory=list)

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.warnings.extend(other.warnings)


class Report:
    """Counts and messages. An item's changes are collected in a ``Report`` of
    their own and merged only once the item is safely stored, so a rolled-back
    item is counted as skipped and nothing else."""

    def __init__(self):
        self.tallies = {kind: Tally() for kind in KINDS}
        self.notes = []
        # name → Counter of item descriptions using it
        self.shortcodes = defaultdict(Counter)
        self.dropped_markup = defaultdict(Counter)

    def __getitem__(self, kind):
        return self.tallies[kind]

    def count(self, kind, outcome, times=1):
        """``outcome`` is "created", "updated" or "unchanged"."""
        tally = self.tallies[kind]
        setattr(tally, outcome, getattr(tally, outcome) + times)

    def warn(self, kind, message):
        self.tallies[kind].warnings.append(message)

    def skip(self, kind, message):
        self.tallies[kind].skipped += 1
        self.tallies[kind].warnings.append(f"skipped {message}")

    def note(self, message):
        self.notes.append(message)

    def merge(self, other):
        for kind in KINDS:
            self.tallies[kind].add(other.tallies[kind])
        self.notes.extend(other.notes)
        for mapping, theirs in ((self.shortcodes, other.shortcodes), (self.dropped_markup, other.dropped_markup)):
            for name, items in theirs.items():
                mapping[name].update(items)

    @property
    def warning_count(self):
        return sum(len(tally.warnings) for tally in self.tallies.values())

    def summary_lines(self):
        width = max(len(kind) for kind in KINDS)
        header = f"{'':{width}}  created  updated  unchanged  skipped  warnings"
        lines = [header]
        for kind in KINDS:
            t = self.tallies[kind]
            lines.append(
                f"{kind:{width}}  {t.created:7}  {t.updated:7}  {t.unchanged:9}  {t.skipped:7}  {len(t.warnings):8}"
            )
        return lines

    def detail_lines(self, limit=None):
        """Warnings per kind, then notes, shortcodes and dropped markup.
        ``limit`` caps the warnings shown per kind (None shows all)."""
        lines = []
        for kind in KINDS:
            warnings = self.tallies[kind].warnings
            if not warnings:
                continue
            lines.append(f"{kind}:")
            shown = warnings if limit is None else warnings[:limit]
            lines.extend(f"  - {message}" for message in shown)
            if len(shown) < len(warnings):
                lines.append(f"  … and {len(warnings) - len(shown)} more (use --verbosity 2 to see all)")
        if self.shortcodes:
            lines.append("Shortcodes kept as text (edit these articles by hand):")
            lines.extend(_usage_lines(self.shortcodes, "[{}]"))
        if self.dropped_markup:
            lines.append("HTML the article body does not allow, removed (text inside kept, except scripts and embeds):")
            lines.extend(_usage_lines(self.dropped_markup, "<{}>"))
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  - {note}" for note in self.notes)
        return lines


def _usage_lines(mapping, template, shown=5):
    lines = []
    for name in sorted(mapping):
        items = mapping[name]
        examples = ", ".join(list(items)[:shown])
        more = f" and {len(items) - shown} more" if len(items) > shown else ""
        lines.append(f"  - {template.format(name)} ×{sum(items.values())} in {len(items)} article(s): {examples}{more}")
    return lines
