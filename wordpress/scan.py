"""The import's first read: it checks that the file is a whole, well-formed
export and keeps the small things the posts refer to (authors, terms,
attachments) and the pages, which are written before the posts."""

from collections import Counter
from dataclasses import dataclass, field

from . import timezones, wxr

ARTICLE_TYPES = {"post"}


@dataclass
class Scan:
    """What the first read keeps: the export's header, its attachments and its pages."""

    channel: wxr.Channel = None
    authors: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    article_items: int = 0
    other_types: Counter = field(default_factory=Counter)
    clock: timezones.Clock = field(default_factory=timezones.Clock)


def scan(path, on_progress=None):
    """Read the whole file once; raise wxr.WXRError if it is not a usable export."""
    found = Scan()
    for record in wxr.read(path, on_progress=on_progress):
        if isinstance(record, wxr.Channel):
            found.channel = record
        elif isinstance(record, wxr.Author):
            found.authors.append(record)
        elif isinstance(record, wxr.Term):
            found.terms.append(record)
        elif record.post_type == "attachment":
            # Bodies and comments are not needed for an attachment; dropping
            # them keeps the first read's memory to a few fields per picture.
            record.content, record.comments = "", []
            found.attachments.append(record)
        elif record.post_type in ARTICLE_TYPES or record.post_type == "page":
            if record.post_type == "page":
                found.pages.append(record)
            else:
                found.article_items += 1
            found.clock.add(record.post_date, record.post_date_gmt)
            for comment in record.comments:
                found.clock.add(comment.date, comment.date_gmt)
        else:
            found.other_types[record.post_type or "(no type)"] += 1
    return found
