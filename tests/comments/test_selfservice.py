"""Readers export or erase their own comment data by email address,
confirmed by a signed, expiring, single-use link sent to that address."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, PersonalDataRequest, Subscription
from comments.privacy import selfservice
from tests.comments.conftest import make_comment

# Every transactional test puts back the rows migrations made (see
# tests/conftest.py): a plain flush would let roles be re-created under new ids.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FORM = reverse("comments:data_request")
EMAIL = "Aigul.Reader@Example.kz"


@pytest.fixture
def aigul(article):
    comments = [
        make_comment(article, user_name="Айгүл", user_email=EMAIL, comment="Бұл маңызды. 这很重要。",
                     ip_address="203.0.113.40", user_agent="Mozilla/5.0 Reader/1.0"),
        make_comment(article, user_name="Aigul", user_email=EMAIL.lower(), comment="ئۇيغۇرچە نەقىل",
                     ip_address="203.0.113.41"),
    ]
    Subscription.objects.create(article=article, email=EMAIL, confirmed_at=timezone.now())
    other = make_comment(article, user_name="Omar", user_email="omar@example.org", ip_address="192.0.2.8")
    return {"comments": comments, "other": other}


def ask(client, email, kind):
    return client.post(FORM, {"email": email, "kind": kind})


def link_in(message):
    match = re.search(r"https?://[^/\s]+(/comments/privacy/my-data/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_form_page_explains_and_offers_both_requests(client):
    page = client.get(FORM).content.decode()
    assert "A copy of my comments" in page
    assert "Erase my name, email address, website and IP address" in page


def test_answer_is_the_same_whether_or_not_the_address_has_comments(client, aigul):
    known = ask(client, EMAIL, "export").content.decode().replace(EMAIL, "ADDRESS")
    unknown = ask(client, "stranger@example.kz", "export").content.decode().replace("stranger@example.kz", "ADDRESS")
    strip_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip_token.sub("", known) == strip_token.sub("", unknown)
    assert "we have sent a link to that address" in known
    # Only the address that has comments is emailed.
    assert [message.to for message in mail.outbox] == [[EMAIL.lower()]]


def test_export_confirmed_by_link_downloads_everything_once(client, aigul, article):
    ask(client, EMAIL, "export")
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert "Download my data" in page.content.decode()
    assert not PersonalDataRequest.objects.exists()

    download = client.post(link)
    assert download.status_code == 200
    assert 'attachment; filename="my-comments.json"' == download["Content-Disposition"]
    data = json.loads(download.content)
    assert [comment["text"] for comment in data["comments"]] == ["Бұл маңызды. 这很重要。", "ئۇيغۇرچە نەقىل"]
    assert data["comments"][0]["ip_address"] == "203.0.113.40"
    assert len(data["subscriptions"]) == 1
    assert "omar@example.org" not in download.content.decode()

    record = PersonalDataRequest.objects.get()
    assert (record.kind, record.comments, record.subscriptions) == ("export", 2, 1)
    assert record.masked_email == "a***@example.kz"

    again = client.post(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert "already been used" in client.get(link).content.decode()


def test_erasure_confirmed_by_link_anonymises_and_is_recorded(client, aigul):
    ask(client, EMAIL, "erase")
    link = link_in(mail.outbox[0])
    assert "Erase my data" in client.get(link).content.decode()
    assert Comment.objects.filter(user_email__iexact=EMAIL).count() == 2

    done = client.post(link)
    assert done.status_code == 200
    assert "erased from 2 comments" in done.content.decode()
    assert not Comment.objects.filter(user_email__iexact=EMAIL).exists()
    for comment in aigul["comments"]:
        comment.refresh_from_db()
        assert comment.user_name == "Anonymous" and comment.ip_address is None
        assert comment.events.filter(message="Personal data erased").exists()
    assert not Subscription.objects.filter(email__iexact=EMAIL).exists()
    aigul["other"].refresh_from_db()
    assert aigul["other"].ip_address == "192.0.2.8"
    record = PersonalDataRequest.objects.get()
    assert (record.kind, record.comments, record.subscriptions) == ("erase", 2, 1)
    assert EMAIL.lower() not in record.masked_email


def test_link_get_changes_nothing(client, aigul):
    ask(client, EMAIL, "erase")
    client.get(link_in(mail.outbox[0]))
    assert Comment.objects.filter(user_email__iexact=EMAIL).count() == 2


def test_tampered_or_expired_link_is_refused(client, aigul, monkeypatch):
    ask(client, EMAIL, "erase")
    link = link_in(mail.outbox[0])
    tampered = link.replace("/my-data/", "/my-data/x")
    assert client.post(tampered).status_code == 400
    forged = reverse("comments:data_request_confirm", args=["eyJlbWFpbCI6Im9tYXJAZXhhbXBsZS5vcmcifQ:abc:def"])
    assert client.post(forged).status_code == 400
    monkeypatch.setattr(selfservice, "LINK_VALID", timedelta(seconds=-1))
    expired = client.post(link)
    assert expired.status_code == 400
    assert "more than 24 hours old" in expired.content.decode()
    assert Comment.objects.filter(user_email__iexact=EMAIL).count() == 2


def test_malformed_request_keeps_the_text_and_says_what_is_wrong(client):
    response = client.post(FORM, {"email": "not-an-address", "kind": "erase"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="not-an-address"' in page
    assert "Enter a valid email address." in page
    assert mail.outbox == []


def test_requests_are_rate_limited_per_client_address(client):
    answers = [ask(client, f"reader{n}@example.org", "export").status_code for n in range(6)]
    assert answers == [200] * 5 + [429]


def test_one_address_gets_at_most_three_links_a_day(client, aigul):
    for n in range(4):
        client.post(FORM, {"email": EMAIL, "kind": "export"}, REMOTE_ADDR=f"198.51.100.{n + 1}")
    assert len(mail.outbox) == selfservice.PER_ADDRESS_LIMIT


def test_editors_see_the_record_in_the_admin(client, aigul, admin_client):
    ask(client, EMAIL, "erase")
    client.post(link_in(mail.outbox[0]))
    page = admin_client.get(reverse("admin:comments_personaldatarequest_changelist")).content.decode()
    assert "a***@example.kz" in page
