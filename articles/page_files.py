"""Pages for readers without state of their own, as plain files nginx serves
without asking Python (WP Super Cache's way; deploy/nginx/bluedomes-page-cache.conf).

A page lives at ``<BLUEDOMES_PAGE_CACHE_DIR>/<host>/<language>/<path>index.html``:
the host as nginx's ``$host`` spells it (no port, lower case), the interface
language the page speaks, and the request's path, which for every cached
page ends in a slash. Only requests without a query string are written, and
nginx only looks for a file for GET and HEAD without a query string and
without any of the cookies listed in ``BYPASS_COOKIES``.

Writes are atomic (a temporary file in the same folder, then a rename), so
nginx never serves half a page, and several web servers may share the
folder (a network share, or one machine's disk): each write and each
removal is a single rename or unlink, whoever makes it.

Removal (``remove_article``, ``clear``) runs in ``transaction.on_commit`` of
the change that made a page stale (articles.page_cache connects it), so the
moderator's response leaves after the files are gone. A render that read
the old rows may still finish after that removal: ``write`` therefore asks
``still_current`` once more after its rename and takes the file back when
the answer is no. Either the removal comes after the rename and takes the
file, or the commit came before the question and the writer takes it.

What changes with the clock alone (a scheduled article appearing, comments
closing after N days, the comment form's timestamp) is bounded by
``sweep``: ``manage.py sweep_page_cache``, run every minute by
deploy/systemd/bluedomes-page-cache-sweep.timer, removes files older than
BLUEDOMES_PAGE_CACHE_SECONDS."""

import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.http.request import split_domain_port

# Cookies that make a page someone's own or change what it shows: the
# session (signed-in staff, previews), held comments (comments.cookies),
# the remembered commenter, unlocked password-protected articles
# (articles.protection) and the likes reader (their own "Liked"). nginx's
# map in deploy/nginx/bluedomes-page-cache-maps.conf lists the same names;
# tests/articles/test_page_files.py checks they agree. The CSRF cookie and
# the language cookie change nothing on a cached page: the anonymous forms
# carry no token (bluedomes.anonymous_posts), and the language is part of
# the file's path.
BYPASS_COOKIES = ("sessionid", "bd_pending_comments", "bd_commenter", "bd_unlocked", "bluedomes_reader")
INDEX = "index.html"
TRASH_PREFIX = ".trash-"


def directory():
    """The cache folder, or None when file pages are switched off."""
    configured = settings.BLUEDOMES_PAGE_CACHE_DIR
    return Path(configured) if configured else None


def enabled():
    return directory() is not None


def host_of(request):
    """The host as nginx's ``$host`` has it: validated against
    ALLOWED_HOSTS by get_host, without the port, lower case."""
    return split_domain_port(request.get_host())[0]


def file_for(host, language, path):
    """The file of ``path`` (a request path ending in "/"), or None for a
    path that could not be a folder of its own."""
    root = directory()
    if root is None or not path.endswith("/") or not path.startswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or part.startswith(".") for part in parts) or "\x00" in path:
        return None
    return root.joinpath(host, language, *parts, INDEX)


def exists(host, language, path):
    target = file_for(host, language, path)
    return target is not None and target.is_file()


def write(host, language, path, content, still_current):
    """Put ``content`` (bytes) at the page's file unless it is no longer
    current; ``still_current()`` is asked again after the rename. Failures to
    write (a full disk, a removal racing the folders) leave no file: the
    page is simply served by Python."""
    target = file_for(host, language, path)
    if target is None:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        # nginx runs as another user; the page is public anyway.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError:
        _unlink(Path(temporary))
        return False
    if not still_current():
        _unlink(target)
        return False
    return True


def remove_paths(paths):
    """Remove the pages at ``paths`` (and the pages under them, such as an
    article's comment pages) for every host and language."""
    root = directory()
    if root is None or not root.is_dir():
        return
    for host in _entries(root):
        for language in _entries(host):
            for path in paths:
                parts = [part for part in path.split("/") if part]
                if not parts:
                    _unlink(language / INDEX)
                    continue
                _discard(language.joinpath(*parts))


def clear():
    """Remove every page: each host's folder is renamed away first (one
    atomic step per host), then deleted."""
    root = directory()
    if root is None or not root.is_dir():
        return
    for host in _entries(root):
        _discard(host)


def sweep(max_age, now=None):
    """Remove pages written more than ``max_age`` seconds ago, and leftovers
    of removals or writes that a crash interrupted; returns how many pages went."""
    root = directory()
    if root is None or not root.is_dir():
        return 0
    cutoff = (now or time.time()) - max_age
    removed = 0
    for folder, subfolders, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            try:
                old = path.stat().st_mtime < cutoff
            except OSError:
                continue
            if old and (name == INDEX or name.startswith(".tmp-")):
                removed += name == INDEX
                _unlink(path)
        for name in list(subfolders):
            if name.startswith(TRASH_PREFIX):
                shutil.rmtree(Path(folder) / name, ignore_errors=True)
                subfolders.remove(name)
    return removed


def _entries(folder):
    try:
        return [entry for entry in folder.iterdir() if entry.is_dir() and not entry.name.startswith(".")]
    except OSError:
        return []


def _discard(folder):
    """Rename ``folder`` to a hidden trash name beside the cache root's top
    (nginx never looks there), then delete it."""
    root = directory()
    trash = root / f"{TRASH_PREFIX}{os.getpid()}-{time.monotonic_ns()}"
    try:
        os.rename(folder, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def _unlink(path):
    try:
        path.unlink()
    except OSError:
        pass
