"""A page's contact form: stored first, checked by Akismet as a contact-form
message (through a real Akismet-speaking server on loopback), mailed to the
editors; honeypot, rate limit, form errors, and nothing lost when Akismet
or mail is down."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles import contact
from articles.models import ContactMessage, Page
from tests.factories import make_user

pytestmark = pytest.mark.django_db

Status = ContactMessage.Status


@pytest.fixture
def contact_page():
    return Page.objects.create(title="Contact", slug="contact", status=Page.Status.PUBLISHED,
                               has_contact_form=True, body="<p>Write to us.</p>")


@pytest.fixture
def editors():
    group = Group.objects.get(name="Editors")
    make_user(username="mira", email="mira@example.org", is_staff=True, groups=[group])
    make_user(username="kemal", email="kemal@example.org", is_staff=True,
              groups=[Group.objects.get(name="Moderators")])
    return ["mira@example.org"]


def send(client, page, **fields):
    data = {"name": "Айгүл Сейітова", "email": "aigul@example.kz",
            "message": "Мен су туралы мақалаңызға түзету жібергім келеді. 我们也读。", "honeypot": ""}
    data.update(fields)
    return client.post(f"/contact/{page.pk}/", data, HTTP_USER_AGENT="Firefox/130", HTTP_REFERER="https://x.example/")


def test_the_page_shows_the_form(client, contact_page):
    page = client.get("/contact/").content.decode()
    assert f'action="/contact/{contact_page.pk}/"' in page and 'name="message"' in page


def test_a_message_is_checked_as_a_contact_form_and_mailed_to_the_editors(
    client, contact_page, editors, akismet, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_page)
    assert response.status_code == 302 and response.url == "/contact/?sent=1#contact"
    checked = akismet.requests_to("comment-check")[-1]
    assert checked["comment_type"] == "contact-form"
    assert checked["comment_author"] == "Айгүл Сейітова"
    assert checked["comment_author_email"] == "aigul@example.kz"
    assert checked["comment_content"].startswith("Мен су туралы")
    assert checked["user_agent"] == "Firefox/130"
    assert checked["permalink"].endswith("/contact/")
    assert checked["honeypot_field_name"] == "honeypot"
    assert [m.to for m in mailoutbox] == [["mira@example.org"]]
    assert mailoutbox[0].extra_headers["Reply-To"] == "aigul@example.kz"
    assert "我们也读" in mailoutbox[0].body
    assert ContactMessage.objects.get().status == Status.SENT
    assert "Thank you" in client.get(response.url).content.decode()


def test_spam_is_kept_but_not_mailed(client, contact_page, editors, akismet, mailoutbox,
                                     django_capture_on_commit_callbacks):
    akismet.verdict = "spam"
    with django_capture_on_commit_callbacks(execute=True):
        send(client, contact_page)
    assert mailoutbox == []
    assert ContactMessage.objects.get().status == Status.SPAM


def test_akismet_down_keeps_the_message_pending_and_a_retry_delivers_it(
    client, contact_page, editors, akismet, mailoutbox, django_capture_on_commit_callbacks
):
    akismet.fail_with = 503
    with django_capture_on_commit_callbacks(execute=True):
        send(client, contact_page)
    message = ContactMessage.objects.get()
    assert (message.status, message.attempts, mailoutbox) == (Status.PENDING, 1, [])
    assert message.last_error
    akismet.fail_with = None
    assert contact.deliver(message.pk) == Status.SENT
    assert len(mailoutbox) == 1


def test_mail_down_keeps_the_message_pending(client, contact_page, editors, no_akismet, settings,
                                             django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client, contact_page).status_code == 302
    message = ContactMessage.objects.get()
    assert (message.status, message.attempts) == (Status.PENDING, 1)
    assert "ConnectionRefused" in message.last_error


def test_a_filled_honeypot_stores_nothing_and_looks_the_same(client, contact_page, editors, akismet, mailoutbox):
    response = send(client, contact_page, honeypot="http://spam.example/")
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 0 and mailoutbox == []
    assert akismet.requests_to("comment-check") == []


def test_a_bad_form_comes_back_with_errors_and_the_text_kept(client, contact_page, no_akismet):
    response = send(client, contact_page, email="not-an-address")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Мен су туралы" in page
    assert ContactMessage.objects.count() == 0


def test_posts_beyond_the_rate_limit_get_429_and_store_nothing(client, contact_page, no_akismet, settings):
    settings.COMMENTS_POST_RATE_LIMIT = 2
    assert [send(client, contact_page).status_code for _ in range(3)] == [302, 302, 429]
    assert ContactMessage.objects.count() == 2


def test_a_page_without_a_contact_form_refuses_posts(client, no_akismet):
    page = Page.objects.create(title="About", slug="about", status=Page.Status.PUBLISHED)
    assert send(client, page).status_code == 404
    assert 'name="message"' not in client.get("/about/").content.decode()


def test_the_form_needs_a_csrf_token(contact_page, no_akismet):
    assert send(Client(enforce_csrf_checks=True), contact_page).status_code == 403
