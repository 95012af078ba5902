"""Bringing a WordPress blog over: the WXR reader, the content converter, the
importer behind ``manage.py import_wordpress`` and the old-link redirects."""
