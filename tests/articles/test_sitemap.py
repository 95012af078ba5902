"""sitemap.xml: published articles, their translations and the archives that list them."""

from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
            for url in root.findall("s:url", NS)}


def test_sitemap_lists_published_articles_and_archives_on_site_url(client, settings):
    settings.SITE_URL = "https://bluedomes.example"
    site = settings.SITE_URL
    region, empty = make_category(name="Region"), make_category(name="Empty")
    energy = make_tag(name="energy")
    dana = make_user(username="dana")
    published = make_article(author=dana, categories=[region], tags=[energy])
    draft = make_article(title="Draft", status=Article.Status.DRAFT, categories=[empty])

    found = locations(client)
    assert site + "/" in found
    assert site + published.get_absolute_url() in found
    assert found[site + published.get_absolute_url()] is not None
    assert site + "/category/region/" in found and site + "/tag/energy/" in found
    assert site + "/author/dana/" in found
    assert site + draft.get_absolute_url() not in found
    assert site + "/category/empty/" not in found
    assert site + f"/author/{draft.author.username}/" not in found


XHTML = "{http://www.w3.org/1999/xhtml}link"


def alternates(client):
    """{location: [(hreflang, href), …]} of every <url> in the sitemap."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return {url.findtext("s:loc", namespaces=NS): [(link.get("hreflang"), link.get("href")) for link in url.iter(XHTML)]
            for url in root.findall("s:url", NS)}


def test_translated_articles_name_each_other_as_hreflang_alternates(client, settings, django_assert_max_num_queries):
    settings.SITE_URL = "https://bluedomes.example"
    site = settings.SITE_URL
    english = make_article(title="Water and power", slug="water-and-power", language="en")
    russian = make_article(title="Вода и энергия", slug="voda-i-energiya", language="ru", translation_of=english)
    kazakh = make_article(title="Су және энергия", slug="su-zhane-energiya", language="kk", translation_of=english)
    make_article(title="Жоба", slug="zhoba", language="kk", translation_of=english, status=Article.Status.DRAFT)
    alone = make_article(title="Only in English", slug="only-in-english", language="en")

    found = alternates(client)
    group = [("en", site + english.get_absolute_url()), ("ru", site + russian.get_absolute_url()),
             ("kk", site + kazakh.get_absolute_url())]
    for article in (english, russian, kazakh):
        assert found[site + article.get_absolute_url()] == group
    assert found[site + alone.get_absolute_url()] == []

    # One query for every group on the page, not one per article.
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for number in range(10):
        original = make_article(title=f"Story {number}", slug=f"story-{number}", language="en")
        make_article(title=f"История {number}", slug=f"istoriya-{number}", language="ru", translation_of=original)
    with django_assert_max_num_queries(len(few)):
        found = alternates(client)
    assert len([links for links in found.values() if links]) == 3 + 20
