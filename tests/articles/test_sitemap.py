"""sitemap.xml: published articles and the archives that list them."""

from xml.etree import ElementTree

import pytest

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
