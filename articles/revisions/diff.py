"""Two versions side by side: each text cut into paragraphs and words, the
words one side lacks marked. Everything is plain text (the body's HTML
reduced by articles.richtext.plain_text), so the template escapes it and no
stored HTML is ever rendered in the admin."""

import re
from difflib import SequenceMatcher
from itertools import zip_longest

from ..richtext import plain_text

_PARAGRAPH_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|pre|figcaption|caption|tr|table)\s*>|<(?:br|hr)\b[^>]*>", re.IGNORECASE
)
# Words, punctuation and spaces apart: "Ош" and "Ош " are the same word.
_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


def paragraphs(body):
    """The body's paragraphs as plain text, empty ones left out."""
    return [text for text in (plain_text(part) for part in _PARAGRAPH_END.split(body or "")) if text]


def _words(text):
    return _TOKEN.findall(text)


def _pieces(tokens, start, end, changed):
    text = "".join(tokens[start:end])
    return [(text, changed)] if text else []


def compare_words(old, new):
    """Two lists of (text, changed) pieces: ``old`` with what ``new`` dropped
    marked, ``new`` with what it added marked."""
    a, b = _words(old), _words(new)
    left, right = [], []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left += _pieces(a, a1, a2, op != "equal")
        right += _pieces(b, b1, b2, op != "equal")
    return left, right


def compare_paragraphs(old_body, new_body):
    """Rows of the body's comparison: each a pair of piece lists (or None
    for a paragraph one side lacks) and whether the row changed."""
    old, new = paragraphs(old_body), paragraphs(new_body)
    rows = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [([(text, False)], [(text, False)], False) for text in old[a1:a2]]
            continue
        for left, right in zip_longest(old[a1:a2], new[b1:b2]):
            if left is None:
                rows.append((None, [(right, True)], True))
            elif right is None:
                rows.append(([(left, True)], None, True))
            else:
                rows.append((*compare_words(left, right), True))
    return rows


def compare(old, new, fields):
    """The comparison of two revision snapshots: one entry per text field in
    ``fields`` (name, label), the body by paragraphs, the others by words."""
    result = []
    for name, label in fields:
        before, after = old.get(name) or "", new.get(name) or ""
        if name == "body":
            rows = compare_paragraphs(before, after)
        else:
            rows = [(*compare_words(before, after), before != after)] if before or after else []
        result.append({"name": name, "label": label, "rows": rows, "changed": before != after})
    return result
