"""Following the site: the form, double opt-in, manage, one-click unsubscribe."""

import pytest
from django.test import Client

from subscribers import signup
from subscribers.models import Subscriber
from tests.factories import make_category
from tests.subscribers.conftest import link_in, make_subscriber

pytestmark = pytest.mark.django_db


def test_every_page_has_the_follow_form(client, article):
    for url in ("/", article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'action="/follow/"' in html and 'name="email"' in html


def test_follow_sends_a_confirmation_and_nothing_is_mailed_before_it(client, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/follow/", {"email": "Aigerim@Example.org"})
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "aigerim@example.org" and not subscriber.is_active
    [message] = outbox
    assert "/follow/confirm/" in message.body


def test_confirm_link_shows_a_button_and_only_the_post_confirms(client, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/follow/", {"email": "reader@example.org"})
    url = link_in(outbox[0], "/follow/confirm/")
    page = client.get(url)
    assert page.status_code == 200 and "Yes, subscribe me" in page.content.decode()
    assert not Subscriber.objects.get().is_active
    done = client.post(url)
    assert done.status_code == 200 and Subscriber.objects.get().is_active


def test_follow_page_chooses_categories_and_a_digest(client, django_capture_on_commit_callbacks):
    politics = make_category(name="Саясат", slug="sayasat")
    make_category(name="Culture")
    page = client.get("/follow/")
    assert "Саясат" in page.content.decode()
    client.post("/follow/", {"email": "r@example.org", "categories": [politics.pk], "frequency": "weekly"})
    subscriber = Subscriber.objects.get()
    assert not subscriber.all_categories and list(subscriber.categories.all()) == [politics]
    assert subscriber.frequency == "weekly"


def test_bad_address_re_renders_with_the_message_and_the_text_kept(client):
    response = client.post("/follow/", {"email": "not an address", "frequency": "daily"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in html and 'value="not an address"' in html
    assert not Subscriber.objects.exists()


def test_hostile_input_is_a_4xx(client):
    assert client.post("/follow/", {"email": "a@example.org", "frequency": "hourly"}).status_code == 400
    assert client.post("/follow/", {"email": "a@example.org", "categories": ["x"]}).status_code == 400
    assert client.post("/follow/", {"email": "x" * 300 + "@example.org"}).status_code == 400
    for path in ("/follow/confirm/garbage/", "/follow/manage/garbage/", "/follow/unsubscribe/garbage/"):
        assert client.get(path).status_code == 400
        assert client.post(path).status_code == 400


def test_a_confirmed_address_is_sent_its_manage_link_and_its_choices_are_kept(client, outbox, django_capture_on_commit_callbacks):
    culture = make_category(name="Culture")
    make_subscriber("reader@example.org", categories=[culture])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/follow/", {"email": "reader@example.org", "frequency": "daily"})
    subscriber = Subscriber.objects.get()
    assert subscriber.frequency == "instant" and list(subscriber.categories.all()) == [culture]
    assert "/follow/manage/" in outbox[0].body and "/follow/confirm/" not in outbox[0].body


def test_confirmation_emails_are_rate_limited_per_address(client, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            client.post("/follow/", {"email": "target@example.org"}, REMOTE_ADDR=f"10.0.0.{n}")
    assert len(outbox) == signup.PER_EMAIL_PER_DAY


def test_follow_posts_are_rate_limited_per_ip(client, settings):
    settings.SUBSCRIBERS_FOLLOW_RATE_LIMIT = 2
    codes = [client.post("/follow/", {"email": f"r{n}@example.org"}).status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_one_click_unsubscribe_is_a_bare_post_without_csrf(outbox):
    subscriber = make_subscriber("reader@example.org")
    url = signup.unsubscribe_url(subscriber).replace("http://testserver", "")
    browserless = Client(enforce_csrf_checks=True)
    assert browserless.get(url).status_code == 200
    assert Subscriber.objects.get().is_active
    response = browserless.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None and not subscriber.is_active


def test_unsubscribed_reader_can_subscribe_again_from_the_page(client):
    subscriber = make_subscriber("reader@example.org")
    page = client.post(signup.unsubscribe_url(subscriber).replace("http://testserver", ""))
    again = page.context["follow_again"].replace("http://testserver", "")
    client.post(again)
    assert Subscriber.objects.get().is_active


def test_manage_page_changes_categories_and_frequency(client):
    politics = make_category(name="Саясат", slug="sayasat")
    subscriber = make_subscriber("reader@example.org")
    url = signup.manage_url(subscriber).replace("http://testserver", "")
    assert client.get(url).status_code == 200
    response = client.post(url, {"frequency": "daily", "categories": [politics.pk]})
    assert response.status_code == 200 and "Saved." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.frequency == "daily" and not subscriber.all_categories
    client.post(url, {"frequency": "instant"})
    subscriber.refresh_from_db()
    assert subscriber.all_categories


def test_manage_needs_csrf_since_the_page_is_a_form(client):
    subscriber = make_subscriber("reader@example.org")
    url = signup.manage_url(subscriber).replace("http://testserver", "")
    assert Client(enforce_csrf_checks=True).post(url, {"frequency": "daily"}).status_code == 403


def test_tokens_of_one_purpose_do_not_work_for_another(client):
    subscriber = make_subscriber("reader@example.org")
    unsubscribe_token = signup.unsubscribe_url(subscriber).rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/follow/manage/{unsubscribe_token}/").status_code == 400
    assert client.post(f"/follow/confirm/{unsubscribe_token}/").status_code == 400
