"""No public page makes the reader's browser ask another site for anything,
and none publishes a hash of a commenter's email address (Gravatar's key)."""

import hashlib
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.comments.conftest import make_comment
from tests.factories import make_article, make_category, make_image, make_tag, make_user

EMAILS = ["zarina@example.kz", "Li.Wei@Example.cn", "dana@example.org"]


@pytest.fixture
def site(django_db_serialized_rollback):
    # Comments need the Site row from the migrations, which earlier
    # transactional tests flushed; serialized rollback restores it.
    category, tag = make_category(name="Borderlands"), make_tag(name="water")
    author = make_user(username="amira", first_name="Amira", last_name="Karimova")
    article = make_article(
        author=author, title="Рынок у границы", slug="market-at-the-border", categories=[category], tags=[tag],
        body="<p>Торговцы из Хоргоса ждут. 商人在等待。</p>", featured_image=make_image(renditions=[400]),
    )
    for name, email in zip(["Зарина", "李伟", "Dana"], EMAILS):
        make_comment(article, user_name=name, user_email=email, comment=f"{name}: спасибо за текст.")
    return article


def public_pages(article):
    date = timezone.localtime(article.published_at)
    return [
        "/",
        article.get_absolute_url(),
        "/category/borderlands/",
        "/tag/water/",
        "/author/amira/",
        f"/{date.year}/",
        f"/{date.year}/{date.month:02d}/",
        "/search/?q=Рынок",
        "/comments/privacy/",
        "/comments/privacy/my-data/",
        "/no-such-page/",
    ]


def test_every_public_page_loads_only_from_the_site_and_shows_no_email_hash(browser_session, site):
    page = browser_session.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    host = urlsplit(browser_session.base_url).netloc
    hashes = [hashlib.md5(email.strip().lower().encode()).hexdigest() for email in EMAILS]

    for path in public_pages(site):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        html = page.content()
        assert not [digest for digest in hashes if digest in html], path
        assert "gravatar" not in html.lower(), path

    expect(page.locator("body")).to_be_visible()
    page.goto(site.get_absolute_url())
    expect(page.locator(".comment-list .avatar").first).to_have_attribute("data-initial", "З")
    outside = [url for url in requested if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host]
    assert outside == []
    assert len(requested) > len(public_pages(site))
