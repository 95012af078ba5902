"""Fixtures every test package may use. Factories live in tests/factories.py."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import make_article, make_user


def pytest_collection_modifyitems(items):
    """A transactional test ends in a flush, and post_migrate then re-creates
    the roles under new ids; the next test that puts back the migrated rows
    would collide with them. So every transactional test puts them back."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        names = getattr(item, "fixturenames", ())
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"live_server", "transactional_db"} & set(names)
        )
        restores = bool(marker and marker.kwargs.get("serialized_rollback")) or (
            "django_db_serialized_rollback" in names
        )
        if transactional and not restores:
            raise pytest.UsageError(f"{item.nodeid}: a transactional test must use serialized_rollback")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and like windows live in the cache: no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """A request leaves its reader's language active in the thread (Django's
    LocaleMiddleware does not switch back): each test starts in the site's."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def database_queue(db, settings):
    """Background jobs go to the database queue, as on a site by default,
    instead of the test settings' immediate runner."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def author(db):
    return make_user(username="amira", first_name="Amira", last_name="Karimova")


@pytest.fixture
def article(db, author):
    return make_article(author=author, title="A quiet week on the border")
