"""Following the site in some languages only: a reader who reads Russian
and Kazakh is mailed the articles written in them, not the English ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from subscribers import mailing, signup
from subscribers.models import Subscriber
from tests.factories import make_article
from tests.subscribers.conftest import make_subscriber

pytestmark = pytest.mark.django_db


def fresh_article(**kw):
    return make_article(published_at=timezone.now() - timedelta(minutes=1), **kw)


def test_a_reader_following_russian_and_kazakh_gets_only_those_articles(outbox):
    steppe = make_subscriber("steppe@example.org")
    steppe.language_codes = ["ru", "kk"]
    steppe.save()
    everything = make_subscriber("all@example.org")
    for language, title, slug in (("ru", "Вода и энергия", "voda"), ("kk", "Су және энергия", "su"),
                                  ("en", "Water and power", "water")):
        mailing.send_article.call(fresh_article(title=title, slug=slug, language=language).pk)
    received = {address: [m.subject for m in outbox if m.to == [address]] for address in (steppe.email, everything.email)}
    assert len(received["all@example.org"]) == 3
    assert len(received["steppe@example.org"]) == 2
    assert not any("Water and power" in subject for subject in received["steppe@example.org"])


def test_a_language_code_never_matches_inside_another(outbox):
    reader = make_subscriber("kk-only@example.org")
    reader.language_codes = ["kk"]
    reader.save()
    assert list(Subscriber.objects.wanting(fresh_article(language="ru"), Subscriber.Frequency.INSTANT)) == []
    assert list(Subscriber.objects.wanting(fresh_article(language="kk"), Subscriber.Frequency.INSTANT)) == [reader]


def test_the_follow_page_keeps_the_languages_chosen(client, django_capture_on_commit_callbacks):
    page = client.get("/follow/").content.decode()
    assert 'name="languages"' in page and "Русский" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/follow/", {"email": "r@example.org", "languages": ["ru", "kk"]})
    assert Subscriber.objects.get(email="r@example.org").language_codes == ["kk", "ru"]


def test_an_unknown_language_is_a_form_error(client):
    assert client.post("/follow/", {"email": "r@example.org", "languages": ["xx"]}).status_code == 400


def test_the_manage_page_changes_the_languages(client):
    reader = make_subscriber("manage@example.org")
    url = signup.manage_url(reader).replace("http://testserver", "")
    assert client.get(url).status_code == 200
    client.post(url, {"frequency": "instant", "languages": ["en"]})
    reader.refresh_from_db()
    assert reader.language_codes == ["en"]
    client.post(url, {"frequency": "instant"})
    reader.refresh_from_db()
    assert reader.languages == ""
