"""WordPress's <!--more--> teaser: listings show what comes before it, the
article page shows everything without the marker."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from articles.richtext import MORE_MARKER, derive_excerpt, more_marker, plain_text, sanitize_body
from tests.articles.test_admin import form_data
from tests.factories import make_article, make_user

TEASER = "<p>Су тапшылығы күшейді.</p><p>Farmers in Osh wait.</p>"
REST = "<p>The long remainder of the report, with figures.</p>"


def test_a_typed_more_marker_is_kept_by_the_sanitiser():
    assert sanitize_body(TEASER + MORE_MARKER + REST) == TEASER + MORE_MARKER + REST


def test_a_real_more_comment_becomes_the_marker():
    assert sanitize_body(TEASER + "<!--more-->" + REST) == TEASER + MORE_MARKER + REST
    assert sanitize_body(TEASER + "<!--more Read on-->" + REST) == TEASER + more_marker(" Read on") + REST


def test_the_excerpt_is_everything_before_the_marker():
    assert derive_excerpt(TEASER + MORE_MARKER + REST) == "Су тапшылығы күшейді. Farmers in Osh wait."


def test_the_marker_never_shows_as_text():
    assert "more" not in plain_text(TEASER + MORE_MARKER + REST).lower().replace("remainder", "")


def test_without_a_marker_the_excerpt_is_the_first_words():
    body = "<p>" + " ".join(["слово"] * 80) + "</p>"
    assert derive_excerpt(body).endswith("…")
    assert len(derive_excerpt(body).split()) == 55


@pytest.mark.django_db
def test_the_card_cuts_at_the_marker_and_the_article_shows_all(client):
    editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)
    client.post(reverse("admin:articles_article_add"), form_data(
        author=editor.pk, title="Water", slug="water", body=TEASER + MORE_MARKER + REST,
        status=Article.Status.PUBLISHED,
    ))
    client.logout()
    article = Article.objects.get()
    home = client.get("/").content.decode()
    assert "Farmers in Osh wait." in home and "long remainder" not in home
    page = client.get(article.get_absolute_url()).content.decode()
    assert "long remainder" in page
    assert "&lt;!--more" not in page


@pytest.mark.django_db
def test_a_written_excerpt_still_wins_over_the_marker(client):
    article = make_article(body=TEASER + MORE_MARKER + REST, excerpt="Hand-written.")
    assert article.summary == "Hand-written."
