"""Old WordPress links after the import: a 301 to the new URL for each kind
WordPress sites hand out, the site's own answer where the URL already has
WordPress's shape, and the normal 404 for anything unknown."""

import pytest

from articles.models import Article, Image

pytestmark = pytest.mark.django_db

NOVOSTI = "/2023/05/20/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8-%d0%b8%d0%b7-%d0%b0%d0%bb%d0%bc%d0%b0%d1%82%d1%8b/"
KULTURA = "%d0%ba%d1%83%d0%bb%d1%8c%d1%82%d1%83%d1%80%d0%b0"


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    assert response["Location"] == new


def url_of(wp_id):
    return Article.objects.get(wordpress_id=wp_id).get_absolute_url()


def test_post_and_page_ids_redirect_to_the_articles(imported, client):
    assert_moved(client, "/?p=101", "/2023/04/12/bazaar-prices-in-spring/")
    assert_moved(client, "/?page_id=108", "/about/")
    assert_moved(client, "/index.php?p=102", url_of(102))
    assert client.get(url_of(101)).status_code == 200


def test_ids_of_unknown_drafts_private_and_scheduled_posts_are_404(imported, client):
    for wp_id in (999, 104, 105, 103, 107):
        assert client.get(f"/?p={wp_id}").status_code == 404, wp_id
    assert client.get("/?p=not-a-number").status_code == 404


def test_the_front_page_and_its_pagination_are_untouched(imported, client):
    assert client.get("/").status_code == 200
    assert client.get("/?page=1").status_code == 200
    assert_moved(client, "/page/2/", "/?page=2")


def test_permalinks_already_match_and_non_ascii_ones_redirect(imported, client):
    assert client.get("/2023/04/12/bazaar-prices-in-spring/").status_code == 200
    assert_moved(client, NOVOSTI, "/2023/05/20/novosti-iz-almaty/")
    assert_moved(client, "/2023/04/12/bazaar-prices-in-spring/amp/", "/2023/04/12/bazaar-prices-in-spring/")


def test_a_permalink_one_day_off_still_finds_its_article(imported, client):
    # An old site in UTC+5 dated late-evening posts a day ahead of TIME_ZONE.
    assert_moved(client, "/2023/04/13/bazaar-prices-in-spring/", "/2023/04/12/bazaar-prices-in-spring/")


def test_post_comment_feed_redirects_to_the_article_comments_feed(imported, client):
    pk = Article.objects.get(wordpress_id=101).pk
    assert_moved(client, "/2023/04/12/bazaar-prices-in-spring/feed/", f"/comments/feed/article/{pk}/")
    assert_moved(client, "/2023/04/12/bazaar-prices-in-spring/feed/atom/", f"/comments/feed/article/{pk}/atom/")
    feed = client.get(f"/comments/feed/article/{pk}/")
    assert feed.status_code == 200
    assert "Bread went up in our town too." in feed.content.decode()


def test_categories_and_tags_answer_at_their_wordpress_urls(imported, client):
    assert client.get("/category/politics/").status_code == 200
    assert client.get("/tag/markets/").status_code == 200
    assert_moved(client, "/category/region/politics/", "/category/politics/")
    assert_moved(client, f"/category/{KULTURA}/", "/category/kultura/")
    assert_moved(client, "/category/politics/page/2/", "/category/politics/?page=2")


def test_author_pages_redirect_from_the_wordpress_nicename(imported, client):
    assert client.get("/author/olga/").status_code == 200
    assert_moved(client, "/author/timur-b/", "/author/timur.b/")
    assert client.get("/author/timur.b/").status_code == 200


def test_feeds_answer_at_their_wordpress_urls(imported, client):
    assert client.get("/feed/").status_code == 200
    assert client.get("/comments/feed/").status_code == 200
    assert_moved(client, "/feed/rss2/", "/feed/")
    assert_moved(client, "/comments/feed/rss2/", "/comments/feed/")
    assert_moved(client, "/?feed=rss2", "/feed/")


def test_month_archive_answers_at_its_wordpress_url(imported, client):
    response = client.get("/2023/04/")
    assert response.status_code == 200
    assert "Bazaar prices in spring" in response.content.decode()


def test_uploads_redirect_to_the_imported_file(imported, client):
    bazaar = Image.objects.get(wordpress_id=20)
    assert_moved(client, "/wp-content/uploads/2023/04/bazaar.jpg", bazaar.file.url)
    assert_moved(client, "/wp-content/uploads/2023/04/bazaar-300x200.jpg", bazaar.file.url)
    assert_moved(client, "/?attachment_id=20", bazaar.file.url)


def test_search_links_keep_working(imported, client):
    assert_moved(client, "/?s=bazaar", "/search/?q=bazaar")


@pytest.mark.parametrize(
    "old",
    [
        "/wp-content/uploads/2023/05/missing-map.jpg",  # in the export, never imported
        "/wp-content/uploads/2099/01/never.jpg",
        "/2023/04/12/no-such-post/",
        "/2023/04/12/no-such-post/feed/",
        "/2023/02/30/bazaar-prices-in-spring/",
        "/category/no-such-category/",
        "/tag/no-such-tag/",
        "/author/nobody/",
        "/feed/bogus/",
        "/notes-for-the-editors-only/",  # private: imported, not public
        "/wp-login.php",
    ],
)
def test_unknown_old_urls_are_the_normal_404(imported, client, old):
    response = client.get(old)
    assert response.status_code == 404
    assert "Location" not in response


def test_posts_to_old_urls_are_not_redirected(imported, client):
    assert client.post("/?p=101").status_code != 301



def test_imported_articles_appear_at_once_on_a_stored_home_page(client, media_dir):
    from tests.wordpress.conftest import run_import

    client.get("/")
    run_import(media_dir=str(media_dir))
    newest = Article.objects.published().first()
    assert newest is not None and newest.title in client.get("/").content.decode()


def test_an_attachments_shortlink_leads_to_its_file(imported, client):
    picture = Image.objects.get(wordpress_id=20)
    assert_moved(client, "/?p=20", picture.file.url)
    assert_moved(client, "/?attachment_id=20", picture.file.url)
    assert client.get("/?p=424242").status_code == 404
