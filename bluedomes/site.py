"""The site's public address, for links that leave the site: feeds, emails,
pings, canonical and share links. ``SITE_URL`` is the one base for all of
them; requests' own Host headers are never trusted for it."""

from django.conf import settings


def absolute_url(path):
    """``path`` (a site path such as reverse() gives) on ``SITE_URL``; an
    empty value or a URL that is already absolute (media on S3) is returned
    as it is."""
    if not path or "://" in str(path):
        return path
    return settings.SITE_URL + str(path)
