"""The "Learn how your comment data is processed" page."""

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
    assert "Gravatar" in page


def test_page_says_when_akismet_is_off(client, no_akismet, discussion):
    page = client.get("/comments/privacy/").content.decode()
    assert "switched off" in page
    assert "Akismet receives" not in page


def test_form_links_to_the_page_only_when_akismet_is_on(client, article, akismet, discussion, settings):
    assert 'href="/comments/privacy/"' in client.get(article.get_absolute_url()).content.decode()
    settings.AKISMET_API_KEY = ""
    assert 'href="/comments/privacy/"' not in client.get(article.get_absolute_url()).content.decode()
