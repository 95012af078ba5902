"""What the report tells the editor about the WordPress features that came
over as features here (password, sticky, the more-tag teaser, pages), and
what to do where bluedomes behaves differently."""

import re
from collections import Counter

_MORE = re.compile(r"<!--more(.*?)-->", re.S)


def kept_features(item, article):
    """Which of these features the stored ``article`` carries from ``item``."""
    found = Counter()
    if article.password:
        found["password"] += 1
    if article.sticky:
        found["sticky"] += 1
    more = _MORE.search(item.content)
    if more:
        found["more"] += 1
        if more.group(1).strip():
            found["more_text"] += 1
    if "<!--noteaser-->" in item.content:
        found["noteaser"] += 1
    return found


def kept_lines(kept, pages):
    """The report's plain-words lines; ``pages`` maps WordPress ids to (Page, item)."""
    lines = []
    if kept["password"]:
        lines.append(
            f"{kept['password']} password-protected post(s) kept their password: published at their old addresses "
            "and in their archives, their text and comments shown once a reader types it, as on WordPress."
        )
    if kept["sticky"]:
        lines.append(f"{kept['sticky']} sticky post(s) are sticky here: first on the home page's first page.")
    if kept["more"]:
        line = (
            f"{kept['more']} post(s) have a <!--more--> teaser, kept: lists and feeds show the text before "
            "it, the article page shows everything."
        )
        if kept["more_text"]:
            line += (
                f" {kept['more_text']} of them had their own link text, kept for an export back to WordPress; "
                "here the link always says “Continue reading”."
            )
        lines.append(line)
    if kept["noteaser"]:
        lines.append(
            f"{kept['noteaser']} post(s) used <!--noteaser-->, which bluedomes does not have: their article page "
            "shows the teaser too. Edit the teaser if it should not be read twice."
        )
    if pages:
        addresses = ", ".join(sorted(page.get_absolute_url() for page, _ in pages.values()))
        lines.append(
            f"{len(pages)} page(s) are pages here, with their parents and order: {addresses}. Their old addresses, "
            "/?page_id= links and links to them in bodies lead there."
        )
    return lines
