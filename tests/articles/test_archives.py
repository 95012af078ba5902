"""Archives by category, tag, author and date; all show published articles only."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=dt_timezone.utc)


@pytest.fixture
def dated():
    """Three published articles on known dates and a draft on one of them."""
    return {
        "jan22": make_article(title="January twenty-second", published_at=at(2021, 1, 22)),
        "jan05": make_article(title="Early January", published_at=at(2021, 1, 5)),
        "mar": make_article(title="In March", published_at=at(2021, 3, 2)),
        "draft": make_article(title="Unfinished January", status=Article.Status.DRAFT, published_at=at(2021, 1, 22)),
        "other_year": make_article(title="Another year", published_at=at(2020, 6, 1)),
    }


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_year_archive_lists_that_year_newest_first(client, dated):
    response = client.get("/2021/")
    assert response.status_code == 200
    assert titles(response) == ["In March", "January twenty-second", "Early January"]
    assert "Archives: 2021" in response.content.decode()


def test_month_archive(client, dated):
    response = client.get("/2021/01/")
    assert titles(response) == ["January twenty-second", "Early January"]
    assert "Archives: January 2021" in response.content.decode()


def test_day_archive(client, dated):
    response = client.get("/2021/01/22/")
    assert titles(response) == ["January twenty-second"]
    assert "Archives: January 22, 2021" in response.content.decode()


def test_empty_or_future_dates_are_not_found(client, dated):
    assert client.get("/2019/").status_code == 404
    assert client.get("/2021/02/").status_code == 404
    assert client.get("/2021/13/").status_code == 404
    next_year = timezone.now().year + 1
    make_article(status=Article.Status.SCHEDULED, published_at=at(next_year, 1, 1))
    assert client.get(f"/{next_year}/").status_code == 404


def test_category_archive(client):
    politics = make_category(name="Politics", description="Parliaments, parties and power.")
    other = make_category(name="Culture")
    make_article(title="In politics", categories=[politics])
    make_article(title="In culture", categories=[other])
    make_article(title="Politics draft", categories=[politics], status=Article.Status.DRAFT)
    response = client.get("/category/politics/")
    assert titles(response) == ["In politics"]
    html = response.content.decode()
    assert "Category: Politics" in html and "Parliaments, parties and power." in html
    assert 'href="/category/politics/feed/"' in html
    assert client.get("/category/nope/").status_code == 404


def test_tag_archive(client):
    water = make_tag(name="water")
    make_article(title="Rivers", tags=[water])
    make_article(title="Mountains")
    response = client.get("/tag/water/")
    assert titles(response) == ["Rivers"]
    assert "Tag: water" in response.content.decode()
    assert 'href="/tag/water/feed/atom/"' in response.content.decode()


def test_author_archive(client):
    dana = make_user(username="dana", first_name="Dana", last_name="Ospanova")
    make_article(title="By Dana", author=dana)
    make_article(title="By someone else")
    response = client.get("/author/dana/")
    assert titles(response) == ["By Dana"]
    assert "Author: Dana Ospanova" in response.content.decode()


def test_author_without_published_articles_is_not_found(client):
    make_user(username="moderator")
    writer = make_user(username="drafter")
    make_article(author=writer, status=Article.Status.DRAFT)
    assert client.get("/author/moderator/").status_code == 404
    assert client.get("/author/drafter/").status_code == 404
    assert client.get("/author/nobody/").status_code == 404


def test_archives_are_paginated(client, settings):
    settings.BLUEDOMES_ARTICLES_PER_PAGE = 2
    topic = make_category(name="Topic")
    now = timezone.now()
    for n in range(5):
        make_article(title=f"Item {n}", categories=[topic], published_at=now - timedelta(hours=n + 1))
    first = client.get("/category/topic/")
    assert titles(first) == ["Item 0", "Item 1"]
    assert titles(client.get("/category/topic/?page=3")) == ["Item 4"]
    assert '<link rel="canonical" href="http://testserver/category/topic/?page=3">' in (
        client.get("/category/topic/?page=3").content.decode()
    )
