"""Stored pages show the menus, so a menu saved in the admin reaches them at once."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from navigation.models import MenuItem
from tests.factories import make_article, make_user

from .conftest import links, make_item, nav
from .test_admin import existing, form_data

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "menu-cache-tests"}}


@pytest.fixture(autouse=True)
def real_cache(settings):
    if django_settings.CACHES["default"]["BACKEND"].endswith("DummyCache"):
        settings.CACHES = LOCMEM


def header_labels(reader, url):
    return [label for _href, label in links(nav(reader.get(url).content.decode(), "Main menu") or "")]


@pytest.mark.parametrize("url", ["article", "/"])
def test_a_cached_page_shows_an_item_added_in_the_admin_right_after_the_save(header, url):
    article = make_article(title="Ледники тают", slug="ledniki")
    url = article.get_absolute_url() if url == "article" else url
    first = make_item(header, url="/", label="Басты бет")
    reader = Client()
    assert header_labels(reader, url) == ["Басты бет"]
    assert header_labels(reader, url) == ["Басты бет"]  # now from the stored copy

    editor = Client()
    editor.force_login(make_user(is_staff=True, groups=[Group.objects.get(name="Editors")]))
    response = editor.post(f"/admin/navigation/menu/{header.pk}/change/", form_data("header", [
        existing(first), {"order": 2, "kind": "article", "article": article},
    ], initial=1))
    assert response.status_code == 302

    assert header_labels(reader, url) == ["Басты бет", "Ледники тают"]


def test_deleting_an_item_reaches_a_cached_page(header):
    article = make_article()
    item = make_item(header, url="/search/", label="Іздеу")
    reader = Client()
    assert header_labels(reader, article.get_absolute_url()) == ["Іздеу"]
    MenuItem.objects.get(pk=item.pk).delete()
    assert header_labels(reader, article.get_absolute_url()) == []
