"""The languages articles are written in, and what a page needs to know
about one: its name in itself, its direction, the interface language that
goes with it.

The interface speaks the languages of settings.LANGUAGES (translated
catalogues in locale/); articles may also be written in languages the
interface does not speak (BLUEDOMES_ARTICLE_LANGUAGES, e.g. Uyghur), whose
pages keep the reader's interface language around content marked with its
own lang and dir."""

from django.conf import settings
from django.utils.translation import get_language, get_language_info


def interface_languages():
    return [code for code, _name in settings.LANGUAGES]


def article_languages():
    """Codes an article may be written in: the interface's and the extra ones."""
    codes = interface_languages()
    return codes + [code for code in settings.BLUEDOMES_ARTICLE_LANGUAGES if code not in codes]


def default_language():
    """The site's language as one of the interface's codes ("en-us" → "en")."""
    code = settings.LANGUAGE_CODE.lower()
    codes = interface_languages()
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else codes[0]


# How speakers name their language in a menu, where Django's table has the
# adjective ("Қазақ" means "Kazakh", the people or the person).
MENU_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English", "ug": "ئۇيغۇرچە"}


def language_name(code):
    """The language's name as its speakers write it: "Русский", "Қазақша"."""
    if code in MENU_NAMES:
        return MENU_NAMES[code]
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def is_rtl(code):
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return False


def text_direction(code):
    return "rtl" if is_rtl(code) else "ltr"


def in_site_order(articles):
    """``articles`` sorted as the site lists its languages (English, Russian, Kazakh…)."""
    order = {code: position for position, code in enumerate(article_languages())}
    return sorted(articles, key=lambda article: order.get(article.language, len(order)))


def page_language(article_language):
    """The interface language of a page showing an article in
    ``article_language``: that language when the interface speaks it, else
    the reader's own."""
    if article_language in interface_languages():
        return article_language
    return get_language()


def choices():
    return [(code, language_name(code)) for code in article_languages()]


def normalise(code):
    """``code`` if articles may be written in it, else None (a hostile ?lang=)."""
    code = (code or "").strip().lower()
    return code if code in article_languages() else None
