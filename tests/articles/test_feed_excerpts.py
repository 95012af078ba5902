"""An Author's excerpt reaches the feeds as plain text: markup typed into it
never appears as markup, escaped or live, in RSS or Atom."""

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin import form_data
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_an_authors_img_onerror_excerpt_is_plain_text_in_the_feed(client, url):
    writer = make_user(username="nadia", is_staff=True, groups=[Group.objects.get(name="Authors")])
    client.force_login(writer)
    response = client.post(reverse("admin:articles_article_add"), form_data(
        author=writer.pk, title="Bazaar prices", status=Article.Status.PUBLISHED,
        excerpt='<img src=x onerror="alert(document.cookie)">Базар бағалары <b>rose</b>',
    ))
    assert response.status_code == 302
    client.logout()

    raw = client.get(url).content.decode()
    assert "onerror" not in raw
    assert "<img" not in raw and "&lt;img" not in raw and "&amp;lt;img" not in raw
    entry = feedparser.parse(raw).entries[0]
    assert entry.summary == "Базар бағалары rose"
