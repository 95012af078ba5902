"""Our article pages advertise the endpoints (Pingback 1.0 §2, Webmention
§3.1.2) as absolute URLs, only where pings are open; and the admin shows the
outbound log to authors."""

from bs4 import BeautifulSoup

from comments.models import LinkNotification
from comments.pings import outbound
from tests.factories import make_article


def test_an_open_article_advertises_both_endpoints_in_headers_and_html(client, article, settings):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Pingback"] == f"{settings.SITE_URL}/xmlrpc/"
    assert response["Link"] == f'<{settings.SITE_URL}/webmention/>; rel="webmention"'
    head = BeautifulSoup(response.content, "html.parser").head
    assert head.find("link", rel="pingback")["href"] == f"{settings.SITE_URL}/xmlrpc/"
    assert head.find("link", rel="webmention")["href"] == f"{settings.SITE_URL}/webmention/"


def test_an_article_with_pings_closed_advertises_nothing(client, author):
    closed = make_article(author=author, allow_pingbacks=False)
    response = client.get(closed.get_absolute_url())
    assert response.status_code == 200
    assert not response.has_header("X-Pingback") and not response.has_header("Link")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("link", rel="pingback") is None and soup.find("link", rel="webmention") is None


def test_the_advertised_endpoints_answer(client, article):
    response = client.get(article.get_absolute_url())
    xmlrpc_path = response["X-Pingback"].removeprefix("http://testserver")
    assert client.post(xmlrpc_path, data="<methodCall/>", content_type="text/xml").status_code == 200
    assert client.post("/webmention/", {}).status_code == 400


def test_notification_summary_counts_current_links(author):
    article = make_article(
        author=author,
        body='<p><a href="https://a.example/1">one</a> <a href="https://b.example/2">two</a></p>',
    )
    LinkNotification.objects.create(article=article, url="https://a.example/1", state=LinkNotification.State.DONE)
    LinkNotification.objects.create(article=article, url="https://old.example/", state=LinkNotification.State.DONE)
    summary = outbound.notification_summary(article)
    assert str(summary) == "Notified 1 of 2 linked sites"
    assert [(n.url, n.state) for n in summary.notifications] == [
        ("https://a.example/1", LinkNotification.State.DONE),
        ("https://b.example/2", LinkNotification.State.PENDING),
    ]


def test_the_article_admin_shows_authors_which_sites_were_notified(client, author):
    from tests.factories import make_user

    admin_user = make_user(is_staff=True, is_superuser=True)
    article = make_article(
        author=author,
        body='<p><a href="https://a.example/1">one</a> and <a href="https://b.example/2">two</a></p>',
    )
    LinkNotification.objects.create(
        article=article, url="https://a.example/1", method="webmention", state=LinkNotification.State.DONE,
        endpoint="https://a.example/wm", result="Webmention accepted (HTTP 202).", attempts=1,
    )
    client.force_login(admin_user)
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Notified 1 of 2 linked sites" in page
    assert "Webmention accepted (HTTP 202)." in page and "https://b.example/2" in page
