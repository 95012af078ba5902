"""WordPress slugs → bluedomes slugs.

WordPress stores a non-ASCII slug percent-encoded (``%d0%b1%d0%b0…``) and
serves it as is; our URLs take ASCII slugs only. ``ascii_slug`` is the one
conversion, used both by the importer and by the old-link redirects, so an
old link can be turned into the new slug without any stored mapping."""

import hashlib
import unicodedata
from urllib.parse import unquote

from django.utils.text import slugify

# Letters NFKD does not reduce to ASCII, for the languages this blog's region
# writes in: Russian and the Cyrillic alphabets of Kazakh, Kyrgyz, Tajik,
# Uzbek, Ukrainian and Mongolian, plus the Latin letters of Azerbaijani and
# Turkish that have no decomposition.
_TRANSLITERATION = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ў": "o", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "є": "ye", "ї": "yi", "ґ": "g",
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "ı": "i", "ə": "a", "ʻ": "", "ʼ": "", "’": "",
}


def _transliterate(text):
    out = []
    for char in text:
        lower = char.lower()
        out.append(_TRANSLITERATION.get(lower, char))
    return unicodedata.normalize("NFKD", "".join(out))


def ascii_slug(value, max_length, *, fallback_prefix="post"):
    """An ASCII slug for a WordPress slug or title, at most ``max_length``
    long. Text that yields no ASCII at all (Georgian, Arabic, Chinese…) gets
    ``<prefix>-<hash>``, stable for the same input so old links still map."""
    text = unquote(value or "").strip()
    slug = slugify(_transliterate(text))[:max_length].strip("-")
    if slug or not text:
        return slug
    digest = hashlib.sha1(text.encode()).hexdigest()[:10]
    return f"{fallback_prefix}-{digest}"[:max_length]
