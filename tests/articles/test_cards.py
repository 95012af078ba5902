"""The cards of the home page and the archives, and the byline they share
with the article page: what a reader sees of each article in a list."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_category, make_image, make_user

pytestmark = pytest.mark.django_db


def card_of(page, title):
    """The markup of the card whose heading links ``title``."""
    return next(card for card in page.split('<article class="card') if f'rel="bookmark">{title}</a>' in card)


def test_a_card_links_its_categories_title_author_and_shows_the_summary(client):
    author = make_user(username="aigerim", first_name="Айгерим", last_name="Сапарова")
    article = make_article(
        title="Зимнее электричество в двух сёлах", slug="zimnee", language="ru", author=author,
        categories=[make_category(name="Энергетика", slug="energy"), make_category(name="Сёла", slug="villages")],
        excerpt="<p>Два села делят одну линию.</p>",
    )
    card = card_of(client.get("/").content.decode(), "Зимнее электричество в двух сёлах")
    assert '<p class="card__kicker"><a href="/category/villages/">Сёла</a>, ' \
           '<a href="/category/energy/">Энергетика</a></p>' in card
    assert f'<h2 class="card__title" lang="ru" dir="ltr"><a href="{article.get_absolute_url()}" rel="bookmark">' in card
    assert 'href="/author/aigerim/" rel="author">Айгерим Сапарова</a>' in card
    assert '<p class="card__summary" lang="ru" dir="ltr">Два села делят одну линию.</p>' in card
    assert f'<a class="card__more" href="{article.get_absolute_url()}">Continue reading' in card


def test_a_card_without_categories_has_no_empty_kicker(client):
    make_article(title="Uncategorised")
    assert "card__kicker" not in card_of(client.get("/").content.decode(), "Uncategorised")


def test_what_a_writer_typed_is_escaped_on_the_card(client):
    author = make_user(username="quoted", first_name='Bob "the" <b>', last_name="& Co")
    make_article(title='Dams & "rivers" <script>alert(1)</script>', excerpt="Tea <i>and</i> & bread",
                 author=author, categories=[make_category(name="<Water>", slug="water")])
    page = client.get("/").content.decode()
    card = card_of(page, "Dams &amp; &quot;rivers&quot; &lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script>alert(1)" not in page
    assert ">&lt;Water&gt;</a>" in card
    assert ">Bob &quot;the&quot; &lt;b&gt; &amp; Co</a>" in card
    assert "Tea and &amp; bread" in card


def test_a_uyghur_card_is_written_right_to_left(client):
    make_article(title="ئۇيغۇرچە ماقالە", slug="uyghur", language="ug")
    card = card_of(client.get("/").content.decode(), "ئۇيغۇرچە ماقالە")
    assert '<h2 class="card__title" lang="ug" dir="rtl">' in card
    assert '<p class="card__summary" lang="ug" dir="rtl">' in card


def test_only_the_first_card_of_the_home_page_is_the_lead_and_loads_its_picture_at_once(client, settings):
    settings.BLUEDOMES_ARTICLES_PER_PAGE = 2
    now = timezone.now()
    for n in range(1, 5):
        make_article(title=f"Pictured {n}", published_at=now - timedelta(hours=n),
                     featured_image=make_image(renditions=[320]))
    first = client.get("/").content.decode()
    lead, other = card_of(first, "Pictured 1"), card_of(first, "Pictured 2")
    assert lead.startswith(' card--lead">') and 'loading="eager"' in lead
    assert 'sizes="(min-width: 50rem) 46rem, 100vw"' in lead
    assert not other.startswith(' card--lead') and 'loading="lazy"' in other
    assert 'sizes="(min-width: 50rem) 15rem, 100vw"' in other
    assert 'type="image/webp"' in lead
    second = client.get("/?page=2").content.decode()
    assert "card--lead" not in second


def test_archive_cards_have_no_lead(client):
    category = make_category(name="Rivers", slug="rivers")
    make_article(title="On a river", categories=[category], featured_image=make_image())
    page = client.get("/category/rivers/").content.decode()
    assert "card--lead" not in page and 'loading="lazy"' in card_of(page, "On a river")


def test_the_byline_dates_the_article_in_the_readers_language(client, settings):
    settings.TIME_ZONE = "Asia/Almaty"
    published = datetime(2025, 1, 22, 21, 30, tzinfo=timezone.get_fixed_timezone(0))
    article = make_article(title="Январь", slug="january", language="kk", published_at=published)
    russian = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    # 21:30 UTC is already the 23rd in Almaty.
    assert re.search(r'<time class="dt-published" datetime="2025-01-23T02:30:00\+05:00">23 января 2025</time>',
                     card_of(russian, "Январь"))
    # The article page speaks its article's language.
    kazakh = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="byline">' in kazakh and "23 қаңтар" in kazakh
