"""Pages run a fixed number of queries, however many articles, tags,
categories and images they show."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_category, make_image, make_tag, make_user

pytestmark = pytest.mark.django_db

MIDSUMMER_2020 = datetime(2020, 6, 21, 12, tzinfo=dt_timezone.utc)
# What the article page needs (its translations take one, its related
# articles one, the menus one, a site without a header menu one more for its
# categories), above what lists need, far below one query per article.
CEILING = 18


@pytest.fixture(autouse=True)
def one_page_shows_everything(settings):
    settings.BLUEDOMES_ARTICLES_PER_PAGE = 100


def add_articles(count, category, tag, start=0):
    """Articles each with its own author, two categories, three tags and a featured image with renditions."""
    for n in range(start, start + count):
        make_article(
            title=f"Article {n}",
            author=make_user(),
            published_at=MIDSUMMER_2020 - timedelta(hours=n),
            categories=[category, make_category()],
            tags=[tag, make_tag(), make_tag()],
            featured_image=make_image(width=400, height=300, renditions=[100, 200]),
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "url",
    ["/", "/category/shared/", "/tag/common/", "/2020/", "/search/?q=Article", "/feed/", "/feed/atom/"],
)
def test_listing_queries_do_not_grow_with_articles(client, django_assert_max_num_queries, url):
    category, tag = make_category(name="Shared"), make_tag(name="common")
    add_articles(3, category, tag)
    few = queries_for(client, url)
    add_articles(27, category, tag, start=3)
    with django_assert_max_num_queries(min(few, CEILING)):
        response = client.get(url)
    shown = response.context["articles"] if response.context else None
    assert shown is None or len(shown) == 30


def test_author_archive_queries_do_not_grow(client, django_assert_max_num_queries):
    author = make_user(username="prolific")
    category, tag = make_category(), make_tag()
    make_article(author=author, categories=[category], tags=[tag], featured_image=make_image(renditions=[100]))
    few = queries_for(client, "/author/prolific/")
    for _ in range(20):
        make_article(author=author, categories=[category, make_category()], tags=[tag, make_tag()],
                     featured_image=make_image(width=300, height=200, renditions=[100]))
    with django_assert_max_num_queries(min(few, CEILING)):
        assert len(client.get("/author/prolific/").context["articles"]) == 21


def test_article_page_queries_do_not_grow_with_tags_categories_or_renditions(client, django_assert_max_num_queries):
    def figures(count):
        images = [make_image(width=300, height=200, renditions=[100]) for _ in range(count)]
        return "".join(f'<figure><img src="{i.file.url}" alt="" data-file="{i.pk}"></figure>' for i in images)

    small = make_article(categories=[make_category()], tags=[make_tag()], body=figures(1),
                         featured_image=make_image(width=400, height=300, renditions=[100]))
    few = queries_for(client, small.get_absolute_url())
    big = make_article(
        body=figures(8),
        categories=[make_category() for _ in range(10)],
        tags=[make_tag() for _ in range(25)],
        featured_image=make_image(width=1600, height=1000, renditions=[100, 200, 400, 800, 1200]),
    )
    with django_assert_max_num_queries(min(few, CEILING)):
        html = client.get(big.get_absolute_url()).content.decode()
    assert html.count('rel="tag"') == 25
    assert html.count('<source type="image/webp"') == 9


@pytest.mark.parametrize("url", ["/", "/category/shared/", "/2020/"])
def test_lists_of_cards_read_no_tags_they_do_not_show(client, url):
    add_articles(3, make_category(name="Shared"), make_tag(name="common"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert not [query for query in captured if 'FROM "articles_tag"' in query["sql"]]
