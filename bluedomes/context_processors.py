from django.conf import settings


def site(request):
    """The site's name and absolute base URL, for the theme, feeds and meta tags."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_URL": settings.SITE_URL,
    }
