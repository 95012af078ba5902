"""The "Learn how your comment data is processed" page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_page_says_what_akismet_receives_and_how_long_data_is_kept(client, akismet, discussion):
    discussion.spam_retention_days = 15
    discussion.trash_retention_days = 30
    discussion.erase_personal_data_after_days = 90
    discussion.save()
    response = client.get("/comments/privacy/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "How your comment data is processed" in page
    assert "Akismet receives your IP address, user agent, the referrer" in page
    assert "deleted after 15 days" in page
    assert "deleted after 30 days" in page
    assert "older than 90 days" in page
    assert "the first letter of the name, drawn by this site" in page
    assert "Gravatar" not in page


def test_page_warns_about_gravatar_when_the_site_shows_it(client, discussion):
    discussion.show_gravatars = True
    discussion.save()
    page = client.get("/comments/privacy/").content.decode()
    assert "MD5 hash of your email address" in page


def test_page_names_the_contact_address_from_settings(client, discussion, settings):
    settings.PRIVACY_CONTACT_EMAIL = "Редакция <privacy@bluedomes.example>"
    page = client.get("/comments/privacy/").content.decode()
    assert '<a href="mailto:privacy@bluedomes.example">privacy@bluedomes.example</a>' in page


def test_page_lists_every_cookie_the_site_sets_with_its_lifetime(client, discussion, settings):
    page = client.get("/comments/privacy/").content.decode()
    for name, lifetime in [
        ("bd_commenter", "365 days"), ("bd_pending_comments", "30 days"), ("bluedomes_reader", "365 days"),
        (settings.CSRF_COOKIE_NAME, "364 days"), (settings.SESSION_COOKIE_NAME, "14 days"),
        ("messages", "until the browser closes"),
    ]:
        row = re.search(rf"<tr><td><code>{name}</code></td>.*?</tr>", page)
        assert row, name
        assert lifetime in row.group(0), name


def test_page_links_to_the_self_service_form(client, discussion):
    page = client.get("/comments/privacy/").content.decode()
    assert 'href="/comments/privacy/my-data/"' in page


def test_page_says_when_akismet_is_off(client, no_akismet, discussion):
    page = client.get("/comments/privacy/").content.decode()
    assert "switched off" in page
    assert "Akismet receives" not in page


def test_form_links_to_the_page_only_when_akismet_is_on(client, article, akismet, discussion, settings):
    assert 'href="/comments/privacy/"' in client.get(article.get_absolute_url()).content.decode()
    settings.AKISMET_API_KEY = ""
    assert 'href="/comments/privacy/"' not in client.get(article.get_absolute_url()).content.decode()
