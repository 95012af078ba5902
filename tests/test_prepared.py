"""Queries whose SQL is built once per process give what their querysets
give, for every new value, and fall back to building the queryset whenever
a value could change the SQL's form."""

from datetime import datetime, timedelta

import pytest
from django.db.models import Q
from django.db.models import query as django_query
from django.utils import timezone

from articles.models import Article
from bluedomes import prepared as prepared_module
from bluedomes.prepared import PreparedQuery
from tests.factories import make_article, make_category, make_tag

pytestmark = pytest.mark.django_db


class CountingBuilder:
    def __init__(self, build):
        self.build = build
        self.calls = 0

    def __call__(self, *values):
        self.calls += 1
        return self.build(*values)


def _titles(articles):
    return [article.title for article in articles]


@pytest.fixture
def articles():
    now = timezone.now()
    titles = ("Су тасқыны", "Паводок на Сырдарье", "ئۈرۈمچى خاتىرىسى", "天山の冬", "Winter road")
    return [make_article(title=title, slug=f"piece-{n}", published_at=now - timedelta(days=n + 1))
            for n, title in enumerate(titles)]


def test_new_values_give_what_the_queryset_gives_and_build_nothing(articles):
    builder = CountingBuilder(lambda now, since, pk: (
        Article.objects.published(now).filter(published_at__gte=since).exclude(pk=pk).order_by("published_at")
    ))
    prepared = PreparedQuery(Article, builder)
    for days, excluded in ((2, articles[0]), (4, articles[1]), (10, articles[4])):
        now = timezone.now()
        since = now - timedelta(days=days, hours=1)
        assert _titles(prepared(now, since, excluded.pk)) == _titles(builder.build(now, since, excluded.pk))
    assert builder.calls == 1


def test_a_prepared_query_runs_in_one_query_with_the_fields_it_asked_for(articles, django_assert_num_queries):
    prepared = PreparedQuery(Article, lambda pk: Article.objects.filter(pk=pk).only("title", "language"))
    prepared(articles[0].pk)
    with django_assert_num_queries(1):
        [found] = prepared(articles[2].pk)
        assert (found.title, found.language) == ("ئۈرۈمچى خاتىرىسى", articles[2].language)


def test_each_length_of_a_list_is_a_shape_of_its_own(articles):
    water, road = make_tag(name="су", slug="su"), make_tag(name="дорога", slug="doroga")
    articles[0].tags.add(water)
    articles[3].tags.add(water, road)
    articles[4].tags.add(road)
    builder = CountingBuilder(lambda tags: Article.objects.filter(tags__in=tags).distinct().order_by("pk"))
    prepared = PreparedQuery(Article, builder)
    assert _titles(prepared([water.pk])) == ["Су тасқыны", "天山の冬"]
    assert _titles(prepared([road.pk])) == ["天山の冬", "Winter road"]
    assert _titles(prepared([water.pk, road.pk])) == ["Су тасқыны", "天山の冬", "Winter road"]
    assert builder.calls == 2


def test_an_empty_list_that_matches_nothing_reads_nothing(articles, django_assert_num_queries):
    prepared = PreparedQuery(Article, lambda pks: Article.objects.filter(pk__in=pks))
    with django_assert_num_queries(0):
        assert prepared([]) == []
        assert prepared([]) == []


def test_an_empty_list_beside_another_condition_still_matches(articles):
    prepared = PreparedQuery(Article, lambda pks, pk: Article.objects.filter(Q(pk__in=pks) | Q(pk=pk)))
    assert _titles(prepared([], articles[1].pk)) == ["Паводок на Сырдарье"]
    assert _titles(prepared([], articles[3].pk)) == ["天山の冬"]


def test_a_value_that_shapes_the_sql_is_never_prepared(articles):
    # A slice's bound is written into the SQL, not passed as a parameter.
    builder = CountingBuilder(lambda start: Article.objects.order_by("-published_at")[start:start + 2])
    prepared = PreparedQuery(Article, builder)
    assert _titles(prepared(1)) == ["Паводок на Сырдарье", "ئۈرۈمچى خاتىرىسى"]
    assert _titles(prepared(3)) == ["天山の冬", "Winter road"]
    assert builder.calls == 3  # one trial with markers, then the real queryset each time


def test_text_values_are_put_in_place_in_every_script(articles):
    builder = CountingBuilder(lambda title: Article.objects.filter(title=title))
    prepared = PreparedQuery(Article, builder)
    for title in ("Су тасқыны", "ئۈرۈمچى خاتىرىسى", "天山の冬", "Winter road"):
        assert _titles(prepared(title)) == [title]
    assert builder.calls == 1


def test_text_a_lookup_rewrites_is_never_prepared(articles):
    builder = CountingBuilder(lambda part: Article.objects.filter(title__icontains=part))
    prepared = PreparedQuery(Article, builder)
    assert _titles(prepared("Сырдар")) == ["Паводок на Сырдарье"]
    assert _titles(prepared("天山")) == ["天山の冬"]
    assert builder.calls == 3


def test_text_a_lookup_escapes_is_never_prepared(articles):
    # SQLite's iexact is a LIKE: the real value's underscore must stay escaped.
    articles[0].excerpt, articles[1].excerpt = "a_b", "axb"
    Article.objects.bulk_update(articles[:2], ["excerpt"])
    builder = CountingBuilder(lambda text: Article.objects.filter(excerpt__iexact=text))
    prepared = PreparedQuery(Article, builder)
    assert _titles(prepared("A_B")) == ["Су тасқыны"]
    assert _titles(prepared("AXB")) == ["Паводок на Сырдарье"]


def test_values_of_other_kinds_build_the_queryset_every_time(articles):
    builder = CountingBuilder(lambda day: Article.objects.filter(published_at__date=day))
    prepared = PreparedQuery(Article, builder)
    assert _titles(prepared(articles[3].published_at.date())) == ["天山の冬"]
    assert _titles(prepared(articles[4].published_at.date())) == ["Winter road"]
    assert builder.calls == 2


def test_a_naive_datetime_is_not_put_in_place(articles):
    builder = CountingBuilder(lambda since: Article.objects.filter(published_at__gte=since))
    prepared = PreparedQuery(Article, builder)
    with pytest.warns(RuntimeWarning):
        prepared(datetime(2000, 1, 1))
    assert builder.calls == 1


def test_past_its_shapes_a_query_is_built_and_still_answers(articles, monkeypatch):
    monkeypatch.setattr(prepared_module, "MAX_SHAPES", 2)
    builder = CountingBuilder(lambda pks: Article.objects.filter(pk__in=pks).order_by("pk"))
    prepared = PreparedQuery(Article, builder)
    pks = [article.pk for article in articles]
    for length in (1, 2, 3, 4, 4):
        assert [article.pk for article in prepared(pks[:length])] == pks[:length]
    assert builder.calls == 2 + 3


def test_fixed_values_shape_the_sql_and_each_is_prepared_once(articles):
    builder = CountingBuilder(
        lambda now, bottom, top: Article.objects.published(now).order_by("-published_at")[bottom:top]
    )
    prepared = PreparedQuery(Article, builder)
    for _ in range(2):
        assert _titles(prepared(timezone.now(), fixed=(0, 2))) == ["Су тасқыны", "Паводок на Сырдарье"]
        assert _titles(prepared(timezone.now(), fixed=(2, 4))) == ["ئۈرۈمچى خاتىرىسى", "天山の冬"]
    assert builder.calls == 2


def test_the_converters_of_the_selected_columns_are_worked_out_once(articles, monkeypatch):
    # Django asks the backend for each column's converters on every execution;
    # what the answer turns a value into must not change when it is reused.
    from django.db import connection

    asked = []
    ask = connection.ops.get_db_converters
    monkeypatch.setattr(connection.ops, "get_db_converters", lambda expression: asked.append(1) or ask(expression))
    prepared = PreparedQuery(Article, lambda pk: Article.objects.filter(pk=pk).only("title", "published_at"))
    prepared(articles[0].pk)
    first = len(asked)
    for article in articles:
        [found] = prepared(article.pk)
        assert (found.title, found.published_at) == (article.title, article.published_at)
        assert timezone.is_aware(found.published_at)
    assert first > 0
    assert len(asked) == first


@pytest.fixture
def filed(articles):
    """Categories and tags in three scripts, filed unevenly; the last article has none."""
    politics, water = make_category(name="Саясат", slug="sayasat"), make_category(name="Водные ресурсы", slug="voda")
    winter = make_category(name="冬", slug="fuyu")
    articles[0].categories.add(water, politics)
    articles[1].categories.add(water)
    articles[2].categories.add(winter, politics, water)
    articles[3].categories.add(winter)
    articles[0].tags.add(make_tag(name="су", slug="su"))
    articles[2].tags.add(make_tag(name="ئۈرۈمچى", slug="urumchi"), make_tag(name="арал", slug="aral"))
    return articles


@pytest.fixture
def django_prefetched(monkeypatch):
    """The lookups Django's own prefetching is asked for, call by call."""
    asked = []
    prefetch = django_query.prefetch_related_objects
    monkeypatch.setattr(django_query, "prefetch_related_objects",
                        lambda instances, *lookups: asked.append(lookups) or prefetch(instances, *lookups))
    return asked


def _filed_under(articles):
    return [([c.name for c in a.categories.all()], [t.name for t in a.tags.all()]) for a in articles]


def test_many_to_many_prefetches_give_what_django_gives_in_one_query_each(
    filed, django_assert_num_queries, django_prefetched
):
    build = CountingBuilder(lambda pks: Article.objects.filter(pk__in=pks).order_by("pk").prefetch_related(
        "categories", "tags"))
    prepared = PreparedQuery(Article, build)
    pks = [article.pk for article in filed]
    expected = _filed_under(build.build(pks))
    assert expected[0] == (["Водные ресурсы", "Саясат"], ["су"])
    assert expected[4] == ([], [])
    prepared(pks)
    with django_assert_num_queries(3):
        found = prepared(pks)
        assert _filed_under(found) == expected
    assert build.calls == 1
    assert django_prefetched == [("categories", "tags")]  # for the check above only


def test_a_prefetched_relation_still_filters_within_its_own_article(filed):
    prepared = PreparedQuery(Article, lambda pk: Article.objects.filter(pk=pk).prefetch_related("categories"))
    [article] = prepared(filed[1].pk)
    assert [c.name for c in article.categories.all()] == ["Водные ресурсы"]
    assert [c.name for c in article.categories.filter(slug="sayasat")] == []
    assert article.categories.count() == 1


def test_a_deeper_lookup_through_a_relation_is_left_to_django(filed, django_assert_num_queries, django_prefetched):
    prepared = PreparedQuery(Article, lambda pks: Article.objects.filter(pk__in=pks).order_by("pk").prefetch_related(
        "categories", "categories__articles"))
    pks = [article.pk for article in filed]
    prepared(pks)
    with django_assert_num_queries(3):
        [first, *_] = prepared(pks)
        assert django_prefetched == [("categories", "categories__articles")] * 2
        sayasat = [c for c in first.categories.all() if c.slug == "sayasat"][0]
        assert sorted(a.title for a in sayasat.articles.all()) == sorted([filed[0].title, filed[2].title])
