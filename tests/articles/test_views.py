"""The article page, the home page and previews, through HTTP."""

import re
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles import related
from articles.models import Article
from tests.factories import make_article, make_category, make_image, make_tag, make_user

pytestmark = pytest.mark.django_db


def test_article_permalink_is_date_based():
    article = make_article(slug="on-the-border", published_at=datetime(2021, 1, 22, 9, 30, tzinfo=dt_timezone.utc))
    assert article.get_absolute_url() == "/2021/01/22/on-the-border/"


def test_article_page_shows_the_anatomy_of_a_post(client):
    author = make_user(username="dana", first_name="Dana", last_name="Ospanova")
    category = make_category(name="Kazakhstan")
    tag = make_tag(name="courts")
    image = make_image(renditions=[320, 640], alt_text="A courthouse at dusk", caption="The courthouse in winter.")
    article = make_article(
        title="Three verdicts and a question",
        author=author,
        body="<p>The judges <strong>did not</strong> order anyone deported.</p>",
        published_at=datetime(2021, 1, 22, 12, 0, tzinfo=dt_timezone.utc),
        categories=[category],
        tags=[tag],
        featured_image=image,
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="entry-title p-name" lang="en" dir="ltr">Three verdicts and a question</h1>' in html
    assert "January 22, 2021" in html
    assert "Dana Ospanova" in html and reverse("articles:author", args=["dana"]) in html
    assert 'href="/category/kazakhstan/"' in html and 'href="/tag/courts/"' in html
    # The body is sanitised when saved, so the page renders its HTML as is.
    assert "<strong>did not</strong>" in html
    assert "The courthouse in winter." in html and 'alt="A courthouse at dusk"' in html
    assert '<section id="comments" class="comments">' in html
    assert "Be the first to like this." in html


def test_article_page_has_canonical_and_social_meta(client, settings):
    settings.SITE_URL = "https://bluedomes.example"
    image = make_image(width=1600, height=900, renditions=[640, 1200])
    article = make_article(title="A canonical story", excerpt="Short and to the point.", featured_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    full_url = "https://bluedomes.example" + article.get_absolute_url()
    assert f'<link rel="canonical" href="{full_url}">' in html
    assert '<meta property="og:title" content="A canonical story">' in html
    assert '<meta property="og:description" content="Short and to the point.">' in html
    assert f'<meta property="og:url" content="{full_url}">' in html
    assert '<meta property="og:site_name" content="' in html
    # The 1200-wide rendition in the original format: every network reads JPEG.
    rendition = image.renditions.get(width=1200, format="jpeg")
    assert f'<meta property="og:image" content="https://bluedomes.example{rendition.file.url}">' in html
    published = timezone.localtime(article.published_at).isoformat()
    assert f'<meta property="article:published_time" content="{published}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_featured_image_has_webp_source_and_original_srcset(client):
    image = make_image(width=1000, height=500, renditions=[320, 640])
    article = make_article(featured_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    webp = {r.width: r.file.url for r in image.renditions.filter(format="webp")}
    jpeg = {r.width: r.file.url for r in image.renditions.filter(format="jpeg")}
    assert f'<source type="image/webp" srcset="{webp[320]} 320w, {webp[640]} 640w"' in html
    assert f'srcset="{jpeg[320]} 320w, {jpeg[640]} 640w, {image.file.url} 1000w"' in html
    assert 'width="1000" height="500"' in html


def test_previous_and_next_link_to_published_neighbours_only(client):
    now = timezone.now()
    older = make_article(title="Older piece", published_at=now - timedelta(days=3))
    make_article(title="Hidden draft", status=Article.Status.DRAFT, published_at=now - timedelta(days=2))
    middle = make_article(title="Middle piece", published_at=now - timedelta(days=2))
    make_article(title="Not yet", status=Article.Status.SCHEDULED, published_at=now + timedelta(days=1))
    newer = make_article(title="Newer piece", published_at=now - timedelta(hours=1))
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{older.get_absolute_url()}" rel="prev"' in html
    assert f'href="{newer.get_absolute_url()}" rel="next"' in html
    assert "Hidden draft" not in html and "Not yet" not in html


def test_articles_published_at_the_same_moment_are_neighbours_in_the_order_of_creation():
    moment = timezone.now() - timedelta(days=1)
    first, second, third = (make_article(title=f"Same moment {n}", published_at=moment) for n in range(3))
    assert related.neighbours(second) == (first, third)
    assert related.neighbours(first) == (None, second)
    assert related.neighbours(third) == (second, None)


def test_the_neighbours_of_an_only_article_are_none(django_assert_num_queries):
    article = make_article()
    with django_assert_num_queries(1):
        assert related.neighbours(article) == (None, None)


def test_drafts_and_future_articles_are_not_found_by_readers(client):
    draft = make_article(status=Article.Status.DRAFT)
    future = make_article(status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=2))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 302


def test_private_articles_are_hidden_from_readers_even_when_published(client):
    private = make_article(title="Only for the team", status=Article.Status.PUBLISHED, is_private=True)
    assert client.get(private.get_absolute_url()).status_code == 404
    assert "Only for the team" not in client.get("/").content.decode()


def test_scheduled_article_appears_once_its_time_has_come(client):
    article = make_article(status=Article.Status.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.title in client.get("/").content.decode()


def test_a_scheduled_articles_permalink_opens_to_readers_when_its_time_comes(client, monkeypatch):
    later = timezone.now() + timedelta(hours=1)
    article = make_article(
        title="Түскі жаңалықтар", slug="noon-news", status=Article.Status.SCHEDULED, published_at=later
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: later + timedelta(minutes=1))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "Түскі жаңалықтар" in response.content.decode()


def test_editors_see_drafts_with_a_preview_banner(client):
    editor = make_user(is_staff=True, groups=[Group.objects.get(name="Editors")])
    draft = make_article(title="Work in progress", status=Article.Status.DRAFT,
                         published_at=timezone.now() + timedelta(days=5))
    client.force_login(editor)
    for url in (draft.get_absolute_url(), reverse("articles:preview", args=[draft.pk])):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "Preview — not published" in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert "data-like-form" not in html


def test_published_article_has_no_preview_banner_for_staff(client):
    client.force_login(make_user(is_staff=True))
    article = make_article()
    assert "Preview — not published" not in client.get(article.get_absolute_url()).content.decode()


def test_article_is_served_only_at_its_own_date(client):
    article = make_article(slug="dated", published_at=datetime(2021, 1, 22, 12, tzinfo=dt_timezone.utc))
    assert client.get(article.get_absolute_url()).status_code == 200
    # A mistyped date is never a second address for the article: at most the
    # old-link redirects send the reader on to the permalink.
    response = client.get("/2021/01/23/dated/")
    assert response.status_code in (301, 404)
    assert response.status_code == 404 or response["Location"].endswith(article.get_absolute_url())


def test_home_lists_latest_published_articles_paginated(client, settings):
    settings.BLUEDOMES_ARTICLES_PER_PAGE = 2
    now = timezone.now()
    titles = [make_article(title=f"Story {n}", published_at=now - timedelta(days=n)).title for n in range(1, 6)]
    make_article(title="Secret draft", status=Article.Status.DRAFT)
    first = client.get("/").content.decode()
    assert "Story 1" in first and "Story 2" in first and "Story 3" not in first
    assert "Secret draft" not in first
    assert 'href="?page=2" rel="next"' in first
    third = client.get("/?page=3").content.decode()
    assert titles[4] in third and 'rel="next"' not in third
    assert client.get("/?page=4").status_code == 404


def test_a_site_with_nothing_published_has_a_home_page(client):
    make_article(title="Secret draft", status=Article.Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200 and "Secret draft" not in response.content.decode()


def test_a_scheduled_article_joins_the_home_page_when_its_time_comes(client, monkeypatch):
    make_article(title="Story now")
    later = timezone.now() + timedelta(hours=1)
    make_article(title="Story at noon", status=Article.Status.SCHEDULED, published_at=later)
    assert "Story at noon" not in client.get("/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: later + timedelta(minutes=1))
    # Another address than the stored copy's, which lives its minute.
    assert "Story at noon" in client.get("/?page=1").content.decode()


def test_listing_shows_summary_derived_from_body_when_excerpt_blank(client):
    words = " ".join(f"word{n}" for n in range(100))
    make_article(title="Long one", body=f"<h2>Intro</h2><p>{words}</p>")
    html = client.get("/").content.decode()
    assert "Intro word0 word1" in html
    assert "word53…" in html and "word54" not in html


def test_explicit_excerpt_wins_over_body(client):
    make_article(body="<p>The body text.</p>", excerpt="A hand-written teaser.")
    html = client.get("/").content.decode()
    assert "A hand-written teaser." in html and "The body text." not in html


def test_navigation_lists_categories_with_published_articles(client):
    used = make_category(name="Uzbekistan")
    make_category(name="Empty shelf")
    make_article(categories=[used])
    html = client.get("/").content.decode()
    assert 'href="/category/uzbekistan/"' in html
    assert "Empty shelf" not in html


def test_theme_has_landmarks_skip_link_and_no_external_assets(client):
    article = make_article(featured_image=make_image(renditions=[320]), categories=[make_category()])
    for url in ("/", article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html and "<header" in html and "<footer" in html and "<nav" in html
        assert 'role="search"' in html
        # Everything the browser loads by itself comes from this site.
        loaded = re.findall(r'(?:src|srcset)="([^"]+)"', html)
        loaded += re.findall(r'<link rel="(?:stylesheet|icon|preload)" href="([^"]+)"', html)
        assert loaded
        urls = [url for entry in loaded for url in entry.split(", ")]
        assert all(url.startswith(("/", "data:")) for url in urls), loaded


def test_not_found_page_is_themed(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html


def test_server_error_page_renders_without_context(client):
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html and "<link" not in html


def test_robots_txt_points_at_sitemap(client, settings):
    settings.SITE_URL = "https://bluedomes.example"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://bluedomes.example/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_pictures_in_the_body_get_their_renditions(client):
    image = make_image(width=1200, height=800, renditions=[320, 640])
    body = (
        f'<figure><img src="{image.file.url}" alt="Canal gates &amp; a rota" data-file="{image.pk}">'
        "<figcaption>The gates in May.</figcaption></figure>"
        '<p>Text.</p><figure><img src="/media/elsewhere.jpg" alt="Kept as written" data-file="99999"></figure>'
    )
    html = client.get(make_article(body=body).get_absolute_url()).content.decode()
    webp = image.renditions.get(width=640, format="webp").file.url
    assert '<picture><source type="image/webp" srcset="' in html and f"{webp} 640w" in html
    assert 'alt="Canal gates &amp; a rota"' in html
    assert "<figcaption>The gates in May.</figcaption>" in html
    assert '<img src="/media/elsewhere.jpg" alt="Kept as written" data-file="99999">' in html


def test_responsive_image_without_renditions_is_a_plain_img():
    from articles.templatetags.articles_tags import responsive_image

    image = make_image(width=500, height=250, alt_text='Quote " and <tag>')
    html = responsive_image(image)
    assert html.startswith(f'<img src="{image.file.url}" srcset="{image.file.url} 500w"')
    assert "<picture>" not in html and 'alt="Quote &quot; and &lt;tag&gt;"' in html


def test_responsive_image_of_a_webp_original_needs_no_source_element():
    from articles.templatetags.articles_tags import responsive_image

    image = make_image(width=900, height=600, fmt="webp", renditions=[300])
    html = responsive_image(image, sizes="50vw")
    assert "<picture>" not in html
    assert f'{image.renditions.get().file.url} 300w, {image.file.url} 900w' in html and 'sizes="50vw"' in html
