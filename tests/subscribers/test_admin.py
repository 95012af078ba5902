"""The subscribers in the admin: counts, states, CSV export."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_category, make_user
from tests.subscribers.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_changelist_shows_counts_and_states(admin_client):
    make_subscriber("a@example.org")
    make_subscriber("b@example.org")
    make_subscriber("c@example.org", confirmed=False)
    make_subscriber("d@example.org").unsubscribe()
    html = admin_client.get("/admin/subscribers/subscriber/").content.decode()
    assert "2 confirmed subscribers" in html and "1 not confirmed" in html and "1 unsubscribed" in html
    assert "Not confirmed" in html and "Unsubscribed" in html
    filtered = admin_client.get("/admin/subscribers/subscriber/?state=unconfirmed").content.decode()
    assert "c@example.org" in filtered and "a@example.org" not in filtered


def test_changelist_queries_do_not_grow_with_subscribers(admin_client, django_assert_max_num_queries):
    culture = make_category(name="Culture")
    for n in range(2):
        make_subscriber(f"r{n}@example.org", categories=[culture])
    admin_client.get("/admin/subscribers/subscriber/")  # per-process caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        admin_client.get("/admin/subscribers/subscriber/")
    for n in range(2, 40):
        make_subscriber(f"r{n}@example.org", categories=[culture])
    with django_assert_max_num_queries(len(few)):
        admin_client.get("/admin/subscribers/subscriber/")


def test_export_csv(admin_client):
    culture = make_category(name="Мәдениет", slug="madeniet")
    make_subscriber("a@example.org", categories=[culture])
    gone = make_subscriber("b@example.org")
    gone.unsubscribe()
    response = admin_client.post(
        "/admin/subscribers/subscriber/",
        {"action": "export_csv", "_selected_action": [s.pk for s in type(gone).objects.all()]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["email"], r["state"], r["categories"]) for r in rows] == [
        ("a@example.org", "Confirmed", "madeniet"), ("b@example.org", "Unsubscribed", ""),
    ]
    assert rows[1]["unsubscribed"]
