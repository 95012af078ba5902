"""Slugs from titles, in every script the site's authors write.

One transliteration serves the article form, the model's last-resort
fallback, the admin's live preview (it asks the server, see
articles.admin.ArticleAdmin.slug_preview) and the WordPress importer with its
old-link redirects, so a title gives the same slug whichever door it comes
through.

Slugs are ASCII on purpose, not Unicode as WordPress allows: a Cyrillic URL
travels percent-encoded (``%D0%B2%D0%BE%D0%B4%D0%B0``) through mail clients,
messengers and logs, where readers see it as noise and some tools cut it; and
the old WordPress links are mapped to new ones by this same function."""

import hashlib
import unicodedata
from urllib.parse import unquote

from django.utils.text import slugify

# Letters NFKD does not reduce to ASCII, for the languages this blog's region
# writes in: Russian and the Cyrillic alphabets of Kazakh, Kyrgyz, Tajik,
# Uzbek, Ukrainian and Mongolian, plus the Latin letters of Azerbaijani,
# Turkish and Uzbek that have no decomposition.
TRANSLITERATION = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ў": "o", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "є": "ye", "ї": "yi", "ґ": "g",
    "ҫ": "s", "ӊ": "ng", "ҙ": "z", "ҡ": "q", "ҥ": "ng",
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "ı": "i", "ə": "a", "ʻ": "", "ʼ": "", "’": "", "‘": "",
}


def transliterate(text):
    """``text`` with every letter the table knows replaced by its Latin spelling."""
    out = []
    for char in text:
        out.append(TRANSLITERATION.get(char.lower(), char))
    return unicodedata.normalize("NFKD", "".join(out))


def ascii_slug(value, max_length, *, fallback_prefix="post"):
    """An ASCII slug for a title or a (percent-encoded) WordPress slug, at most
    ``max_length`` long. Text that yields no ASCII at all (Georgian, Arabic,
    Chinese…) gets ``<prefix>-<hash>``, stable for the same input so the same
    title always gives the same slug and old links still map."""
    text = unquote(value or "").strip()
    slug = slugify(transliterate(text))[:max_length].strip("-")
    if slug or not text:
        return slug
    digest = hashlib.sha1(text.encode()).hexdigest()[:10]
    return f"{fallback_prefix}-{digest}"[:max_length]


# What each kind of slug is cut to and prefixed with when nothing Latin is left.
SLUG_KINDS = {"article": 200, "category": 100, "tag": 100}


def slug_for(kind, text):
    """The slug ``text`` gives an article, category or tag."""
    return ascii_slug(text, SLUG_KINDS[kind], fallback_prefix=kind)


def unique_slug(slug, is_taken, max_length):
    """``slug``, or ``slug-2``, ``slug-3``… the first that ``is_taken`` refuses
    not, cut so the suffix still fits in ``max_length``."""
    candidate, n = slug, 2
    while is_taken(candidate):
        suffix = f"-{n}"
        candidate = slug[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate
