from django.conf import settings

from articles.languages import interface_languages, language_name


def site(request):
    """The site's name and absolute base URL, for the theme, feeds and meta tags."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_URL": settings.SITE_URL,
        "interface_language_codes": interface_languages(),
        "interface_languages": [(code, language_name(code)) for code in interface_languages()],
    }
