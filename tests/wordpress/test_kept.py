"""WordPress features that come over as the same features here: password-
protected posts, sticky posts, the more-tag teaser, and the old feed links."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.richtext import MORE_MARKER, more_marker
from wordpress import wxr

from .test_export import export_site
from .test_legacy_urls import assert_moved

pytestmark = pytest.mark.django_db
SURVEY = "/2023/05/30/members-only-the-survey-data/"


def article(wp_id):
    return Article.objects.get(wordpress_id=wp_id)


def test_a_password_protected_post_is_published_behind_its_password(imported, client):
    survey = article(111)
    assert (survey.status, survey.is_private, survey.password, survey.is_public) == ("published", False, "steppe", True)
    assert_moved(client, "/?p=111", SURVEY)
    locked = client.get(SURVEY)
    assert locked.status_code == 200
    assert "Behind a password on the old site." not in locked.content.decode()
    client.post(reverse("articles:unlock", kwargs={"pk": survey.pk}), {"password": "steppe"})
    assert "Behind a password on the old site." in client.get(SURVEY).content.decode()


def test_a_password_protected_post_is_counted_in_its_category_archive(imported, client):
    archive = client.get("/category/politics/").content.decode()
    assert "Members only: the survey data" in archive and "Bazaar prices in spring" in archive
    assert "Behind a password on the old site." not in archive


def test_the_sticky_post_is_sticky_and_first_on_the_home_page(imported, client):
    rules = article(112)
    assert rules.sticky and not article(101).sticky
    home = client.get("/").content.decode()
    newer = Article.objects.published().exclude(pk=rules.pk).first()
    assert newer.published_at > rules.published_at
    assert home.index("Read this first: 冬季 water rules") < home.index(newer.title)


def test_the_more_tag_teaser_survives_with_its_custom_text(imported):
    bazaar, rules, diary = article(101), article(112), article(113)
    assert MORE_MARKER in bazaar.body
    assert more_marker(" Читать правила целиком") in rules.body
    assert rules.excerpt == "The rules for the winter, in short."
    assert diary.excerpt == "Only on the front page."


def test_the_report_says_what_came_over_and_what_differs(imported):
    assert "1 password-protected post(s) kept their password" in imported
    assert "1 sticky post(s) are sticky here: first on the home page's first page." in imported
    assert "3 post(s) have a <!--more--> teaser, kept" in imported
    assert "1 of them had their own link text" in imported
    assert "1 post(s) used <!--noteaser-->, which bluedomes does not have" in imported


def test_password_sticky_and_teaser_are_exported_back(imported, tmp_path):
    path, _media, _output = export_site(tmp_path)
    items = {int(item.post_id): item for item in wxr.read(path) if isinstance(item, wxr.Item)}
    assert (items[111].post_password, items[111].status) == ("steppe", "publish")
    assert (items[112].is_sticky, items[101].is_sticky) == ("1", "0")
    assert "<!--more Читать правила целиком-->" in items[112].content
    assert "<!--more-->" in items[101].content and "&lt;!--more" not in items[101].content


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/author/timur-b/feed/", "/author/timur.b/feed/"),
        ("/author/timur-b/feed/atom/", "/author/timur.b/feed/atom/"),
        ("/author/timur-b/", "/author/timur.b/"),
        ("/category/region/politics/feed/", "/category/politics/feed/"),
        ("/category/region/politics/feed/atom/", "/category/politics/feed/atom/"),
        ("/category/%d0%ba%d1%83%d0%bb%d1%8c%d1%82%d1%83%d1%80%d0%b0/feed/", "/category/kultura/feed/"),
        ("/tag/spring-prices/feed/rss2/", "/tag/spring-prices/feed/"),
        ("/comments/feed/rss2/", "/comments/feed/"),
    ],
)
def test_old_feed_links_lead_to_our_feeds(imported, client, old, new):
    assert_moved(client, old, new)
    assert client.get(new).status_code == 200


def test_a_posts_feed_under_a_postname_permalink_is_its_comments_feed(imported, client):
    bazaar = article(101)
    assert_moved(client, "/bazaar-prices-in-spring/feed/", reverse("comments:article_feed_rss", kwargs={"pk": bazaar.pk}))
    assert_moved(client, "/bazaar-prices-in-spring/feed/atom/", reverse("comments:article_feed_atom", kwargs={"pk": bazaar.pk}))
    assert client.get("/comments/feed/").status_code == 200
