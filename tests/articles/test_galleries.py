"""Galleries: sibling figures of class "gallery" kept by the allow-list and
shown as one grid of responsive, lazily loaded pictures with their captions."""

import pytest

from articles.galleries import gallery_html
from articles.richtext import derive_excerpt, sanitize_body
from tests.factories import make_article, make_image


@pytest.fixture
def pictures(db):
    return [
        (make_image(renditions=[480], alt_text="Базар в Оше"), "Базар в Оше, утро"),
        (make_image(renditions=[480], alt_text="Алматы таулары"), "Алматы таулары, қыс"),
        (make_image(renditions=[480], alt_text="Ürümqi"), ""),
    ]


def test_gallery_figures_survive_the_sanitiser_and_other_classes_do_not(pictures):
    body = gallery_html(pictures)
    assert sanitize_body(body) == body
    assert sanitize_body('<figure class="figure evil"><img src="/a.jpg" alt=""></figure>') == (
        '<figure><img src="/a.jpg" alt=""></figure>'
    )


@pytest.mark.parametrize("hostile", [
    '<figure class="gallery" onclick="alert(1)"><img src="javascript:alert(1)" data-file="1"></figure>',
    '<figure class="gallery"><img src="/x.jpg" onerror="alert(1)" data-file="1;drop"></figure>',
])
def test_hostile_gallery_markup_loses_its_handlers_and_scripts(hostile):
    cleaned = sanitize_body(hostile)
    for forbidden in ("onclick", "onerror", "javascript:", "drop"):
        assert forbidden not in cleaned


def test_captions_of_a_gallery_stay_out_of_the_excerpt(pictures):
    body = "<p>Путевые заметки.</p>" + gallery_html(pictures) + "<p>Жол жазбалары.</p>"
    assert derive_excerpt(body) == "Путевые заметки. Жол жазбалары."


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_gallery_renders_as_one_grid_with_captions_and_srcsets(client, pictures, language, django_assert_max_num_queries):
    body = "<p>Текст.</p>" + gallery_html(pictures) + "<p>Соңы.</p>" + gallery_html(pictures[:1])
    article = make_article(body=body, language=language)
    with django_assert_max_num_queries(40):
        page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('<div class="gallery">') == 2
    assert "<figcaption>Базар в Оше, утро</figcaption>" in page
    assert "<figcaption>Алматы таулары, қыс</figcaption>" in page
    gallery = page[page.index('<div class="gallery">'):]
    gallery = gallery[: gallery.index("</div>")]
    assert gallery.count('loading="lazy"') == 3
    assert gallery.count("srcset=") >= 3
    assert 'alt="Алматы таулары"' in gallery
    assert 'sizes="(min-width: 50rem) 15rem' in gallery


def test_gallery_markup_never_shows_as_text_on_cards_or_feeds(client, pictures):
    article = make_article(body=gallery_html(pictures) + "<p>Қысқаша.</p>", title="Галерея", slug="gallery")
    assert article.summary == "Қысқаша."
    home = client.get("/").content.decode()
    assert "figure" not in home.split("<main", 1)[-1].replace("entry-featured", "")
    feed = client.get("/feed/").content.decode()
    assert "Базар в Оше" not in feed and "&lt;figure" not in feed
