"""What nginx in front of the site would answer, by the rules of
deploy/nginx/bluedomes-page-cache*.conf: a file of the page cache for a GET
without a query string from a reader without any bypass cookie, else the
site itself. Tests read pages through this, so a stale file fails them just
as a stale page would."""

from django.test import Client

from articles import page_files


def cached_file(client, path, *, host="testserver", language="en"):
    """The file nginx would send for ``path``, or None when it would ask Python."""
    if "?" in path or set(page_files.BYPASS_COOKIES) & set(client.cookies.keys()):
        return None
    target = page_files.file_for(host, language, path)
    if target is None or not target.is_file():
        return None
    return target.read_bytes()


def get_page(path, client=None):
    """The page's HTML as a reader behind nginx gets it."""
    client = client or Client()
    stored = cached_file(client, path)
    if stored is not None:
        return stored.decode()
    return client.get(path).content.decode()
