"""A provider's URL alone in a paragraph becomes a click-to-load embed; the
stored body never holds a frame, and nothing else becomes one."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.embeds import PLAYER_ORIGINS, recognise, render_embeds
from articles.models import Article
from articles.richtext import derive_excerpt, sanitize_body
from tests.articles.test_admin import form_data
from tests.articles.test_rich_content import TABLE
from tests.factories import make_article, make_user

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(("url", "player"), [
    (YOUTUBE, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://x.com/kunuz/status/1790000000000000000",
     "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true"),
    ("https://twitter.com/kunuz/status/123", "https://platform.twitter.com/embed/Tweet.html?id=123&dnt=true"),
    ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
     "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"),
])
def test_provider_urls_are_recognised_with_their_privacy_friendly_player(url, player):
    assert recognise(url).player_url == player


@pytest.mark.parametrize("url", [
    "https://youtube.evil.example/watch?v=dQw4w9WgXcQ",
    "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
    "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload%3D1",
    "https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com/channels/staffpicks",
    "ftp://vimeo.com/76979871",
])
def test_other_hosts_schemes_and_malformed_ids_are_not_embeds(url):
    assert recognise(url) is None


def test_a_pasted_url_paragraph_is_stored_as_a_link_and_shown_as_a_placeholder():
    stored = sanitize_body(f'<p><a href="{YOUTUBE}">{YOUTUBE}</a></p>')
    assert stored == f'<p><a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></p>'
    shown = render_embeds(stored)
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in shown
    assert "<iframe" not in shown
    assert render_embeds(f"<p>{YOUTUBE}</p>").count("embed__load") == 1


def test_a_link_with_its_own_words_or_inside_a_sentence_stays_a_link():
    body = (f'<p><a href="{YOUTUBE}">the interview</a></p>'
            f'<p>Watch <a href="{YOUTUBE}">{YOUTUBE}</a> tonight.</p>')
    assert render_embeds(body) == body


@pytest.mark.parametrize("hostile", [
    '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    '<figure class="embed" data-embed-src="javascript:alert(1)" onclick="alert(1)"><p>x</p></figure>',
    '<p><a href="javascript:alert(1)">https://youtu.be/dQw4w9WgXcQ</a></p>',
    '<p onmouseover="alert(1)">https://evil.example/watch?v=dQw4w9WgXcQ</p>',
])
def test_hostile_embeds_are_cleaned_and_never_become_frames(hostile):
    stored = sanitize_body(hostile)
    for forbidden in ("<iframe", "javascript:", "onclick", "onmouseover", "data-embed-src", 'class="embed"'):
        assert forbidden not in stored
    assert "data-embed-src" not in render_embeds(stored)


def test_an_embed_url_is_no_part_of_the_excerpt():
    body = f"<p>Интервью с министром.</p><p>{YOUTUBE}</p><p>Сұхбат.</p>"
    assert derive_excerpt(body) == "Интервью с министром. Сұхбат."


def test_the_frame_policy_allows_exactly_the_providers_players():
    policy = dict(
        part.strip().split(" ", 1) for part in settings.BLUEDOMES_CONTENT_SECURITY_POLICY.split(";")
    )
    assert set(policy["frame-src"].split()) == set(PLAYER_ORIGINS)
    assert policy["default-src"] == "'self'"


@pytest.mark.django_db
def test_a_table_and_an_embed_survive_a_save_in_the_admin_and_show_as_a_placeholder(client):
    editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)
    body = f'<p>Итоги года.</p>{TABLE}<p><a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></p>'
    response = client.post(reverse("admin:articles_article_add"), form_data(
        author=editor.pk, title="Итоги", body=body, status=Article.Status.PUBLISHED,
    ))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.body == body
    assert "youtube" not in article.excerpt
    page = client.get(article.get_absolute_url()).content.decode()
    assert TABLE in page
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert "<iframe" not in page
    assert "js/embeds.js" in page


@pytest.mark.django_db
def test_embeds_never_show_as_text_in_the_feed_or_the_meta_description(client):
    article = make_article(body=f"<p>Дорога на Памир.</p><p>{YOUTUBE}</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description is None or "youtube" not in description.group(1)
    assert "youtube" not in client.get("/feed/").content.decode()
    assert "youtube" not in client.get("/").content.decode()
