"""Related articles under each article: the ones sharing most tags and
categories, published only, at a cost that does not grow with the site."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.related import related_articles
from tests.articles import test_queries
from tests.factories import make_article, make_category, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    return {"water": make_tag(name="water"), "energy": make_tag(name="energy"),
            "region": make_category(name="Region"), "ещё": make_tag(name="ещё", slug="eshche")}


def test_the_articles_sharing_most_terms_come_first(terms):
    now = timezone.now()
    subject = make_article(tags=[terms["water"], terms["energy"]], categories=[terms["region"]])
    one = make_article(title="One shared", tags=[terms["water"]], published_at=now - timedelta(hours=1))
    three = make_article(title="Three shared", tags=[terms["water"], terms["energy"]],
                         categories=[terms["region"]], published_at=now - timedelta(days=9))
    two = make_article(title="Two shared", tags=[terms["energy"]], categories=[terms["region"]],
                       published_at=now - timedelta(days=5))
    make_article(title="Unrelated", tags=[terms["ещё"]])
    assert [a.pk for a in related_articles(subject)] == [three.pk, two.pk, one.pk]


def test_drafts_private_and_the_article_itself_are_left_out(terms):
    subject = make_article(tags=[terms["water"]])
    make_article(tags=[terms["water"]], status=Article.Status.DRAFT)
    make_article(tags=[terms["water"]], is_private=True)
    assert related_articles(subject) == []


def test_an_article_without_terms_has_no_related_articles():
    make_article()
    assert related_articles(make_article()) == []


def test_the_article_page_shows_them(client, terms):
    subject = make_article(tags=[terms["water"]])
    make_article(title="Арал теңізі туралы", slug="aral", tags=[terms["water"]])
    page = client.get(subject.get_absolute_url()).content.decode()
    assert "Related articles" in page and "Арал теңізі туралы" in page


@pytest.mark.parametrize("others", [3, 30])
def test_the_article_page_costs_the_same_however_many_articles_are_related(
    client, terms, others, django_assert_max_num_queries
):
    subject = make_article(tags=[terms["water"], terms["energy"]], categories=[terms["region"]])
    for _ in range(others):
        make_article(tags=[terms["water"], terms["energy"]], categories=[terms["region"]])
    with django_assert_max_num_queries(test_queries.CEILING):
        assert client.get(subject.get_absolute_url()).status_code == 200
