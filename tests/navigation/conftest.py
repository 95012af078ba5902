"""Menus and their items, built as an editor would leave them."""

import re

import pytest

from articles.models import Page
from navigation.models import Menu, MenuItem


def make_page(**kw):
    kw.setdefault("status", Page.Status.PUBLISHED)
    kw.setdefault("body", f"<p>Text of {kw['slug']}.</p>")
    return Page.objects.create(**kw)


def make_item(menu, **kw):
    """A saved item that passed the model's validation (``full_clean``)."""
    if "url" in kw:
        kw.setdefault("kind", MenuItem.Kind.URL)
    else:
        kw.setdefault("kind", next(kind for kind, name in MenuItem.TARGETS.items() if name in kw))
    item = MenuItem(menu=menu, **kw)
    item.full_clean()
    item.save()
    return item


@pytest.fixture
def header(db):
    return Menu.objects.create(location=Menu.Location.HEADER)


@pytest.fixture
def footer(db):
    return Menu.objects.create(location=Menu.Location.FOOTER)


def nav(html, label):
    """The markup of the <nav> named ``label``, or None."""
    match = re.search(rf'<nav[^>]*aria-label="{re.escape(label)}"[^>]*>(.*?)</nav>', html, re.S)
    return match.group(1) if match else None


def header_nav(html):
    """The header's navigation, whatever language its name is in."""
    match = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S)
    return match.group(1) if match else None


def links(fragment):
    """(href, text) of each link in ``fragment``, in document order."""
    return [(href, re.sub(r"<[^>]+>", "", text).strip())
            for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', fragment, re.S)]
