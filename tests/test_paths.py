"""bluedomes.paths remembers reversed paths without ever answering with a
path another URLconf or script prefix would not give."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from bluedomes.paths import path_of
from tests.factories import make_article


def test_a_remembered_path_is_the_one_reverse_gives():
    assert path_of("articles:tag", slug="aral-sea") == reverse("articles:tag", kwargs={"slug": "aral-sea"})
    assert path_of("comments:article_feed_rss", 7) == reverse("comments:article_feed_rss", args=[7])


def test_each_script_prefix_has_its_own_paths():
    plain = path_of("articles:home")
    set_script_prefix("/blog/")
    try:
        assert path_of("articles:home") == "/blog/"
    finally:
        clear_script_prefix()
    assert path_of("articles:home") == plain == "/"


def test_each_urlconf_has_its_own_paths(settings):
    with pytest.raises(NoReverseMatch):
        path_of("bench-floor")
    settings.ROOT_URLCONF = "bench.urls"
    assert path_of("bench-floor") == "/bench/floor/"


@pytest.mark.django_db
def test_an_articles_new_slug_gives_a_new_path():
    article = make_article(title="Сель в предгорьях", slug="sel-v-predgoryakh")
    before = article.get_absolute_url()
    article.slug = "sel-v-predgoryakh-obnovleno"
    assert article.get_absolute_url() != before
    assert article.get_absolute_url().endswith("/sel-v-predgoryakh-obnovleno/")
