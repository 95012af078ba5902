"""Galleries, embeds and documents in a real browser: an embed asks the
provider for nothing until the reader clicks, a gallery is a grid at 1280 px
and two columns on a phone, and an author inserts a gallery and an embed
from the editor."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from articles.documents import store_document
from articles.galleries import gallery_html
from articles.models import Article, Document
from tests.browser.helpers import admin_login
from tests.factories import make_article, make_image, make_user

SHOTS = Path("/tmp/shots/media")
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
PASSWORD = "media-pass-5521"


def article_preview(article):
    return f"/preview/{article.pk}/"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def pictures(django_db_serialized_rollback):
    return [
        make_image(width=1200, height=900, renditions=[480, 960], alt_text=alt, caption=caption)
        for alt, caption in [
            ("Крытый рынок в Оше", "Ош: крытый рынок утром"),
            ("Алматы таулары", "Алматы таулары қыста"),
            ("Купол медресе", "Бухара, купол медресе"),
            ("Степь под Караганды", "Степь в мае"),
        ]
    ]


@pytest.fixture
def story(pictures):
    report = store_document(Document(title="Водный отчёт 2024"), SimpleUploadedFile("report.pdf", b"%PDF-1.7\n%%EOF\n"))
    body = (
        "<p>Неделя в регионе: рынки, горы и вода.</p>"
        + gallery_html((picture, picture.caption) for picture in pictures)
        + f'<p><a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></p>'
        + f'<p>Полный текст: <a href="{report.get_absolute_url()}">{report.title} (PDF)</a>.</p>'
    )
    return make_article(title="Неделя в картинках", slug="week-in-pictures", body=body, language="ru")


def test_an_embed_asks_the_provider_for_nothing_until_the_reader_clicks(browser_session, story):
    page = browser_session.new_page()
    host = urlsplit(browser_session.base_url).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(story.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if urlsplit(url).netloc != host] == []
    assert browser_session.outside_requests == []
    expect(page.locator("iframe")).to_have_count(0)
    shot(page, "article-1280")

    page.get_by_role("button", name="Включить видео с YouTube").click()
    frame = page.locator("figure.embed iframe")
    expect(frame).to_have_attribute("src", PLAYER)
    expect(frame).to_have_attribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation")
    page.wait_for_load_state("networkidle")
    # The test's routing aborted the player's load; it is the only request that left, and only after the click.
    assert {urlsplit(url).netloc for url in browser_session.outside_requests} <= {"www.youtube-nocookie.com"}
    browser_session.outside_requests.clear()


@pytest.mark.parametrize(("width", "columns"), [(1280, 3), (390, 2)])
def test_a_gallery_is_a_grid_on_a_desktop_and_two_columns_on_a_phone(browser_session, story, width, columns):
    page = browser_session.new_page(viewport={"width": width, "height": 900})
    page.goto(story.get_absolute_url())
    figures = page.locator("div.gallery figure")
    expect(figures).to_have_count(4)
    tops = [round(figures.nth(index).bounding_box()["y"]) for index in range(4)]
    assert tops[:columns] == [tops[0]] * columns
    assert tops[columns] > tops[0]
    expect(figures.nth(1).locator("figcaption")).to_have_text("Алматы таулары қыста")
    expect(figures.nth(0).locator("img")).to_have_attribute("loading", "lazy")
    expect(page.get_by_role("link", name="Водный отчёт 2024 (PDF)")).to_be_visible()
    page.locator("div.gallery").scroll_into_view_if_needed()
    shot(page, f"article-{width}")
    page.evaluate("window.scrollTo(0, 0)")


def test_an_author_inserts_a_gallery_and_an_embed_from_the_editor(browser_session, pictures):
    make_user(username="amira", first_name="Amira", last_name="Karimova", is_staff=True, password=PASSWORD,
              groups=[Group.objects.get(name="Authors")])
    page = browser_session.new_page()
    admin_login(page, "amira", PASSWORD)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:").fill("Галерея недели")
    body = page.locator(".prose-editor [contenteditable=true]")
    body.click()
    page.keyboard.type("Снимки недели.")
    page.keyboard.press("Enter")

    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="Insert a gallery").click()
    picker = popup_info.value
    picker.wait_for_load_state()
    picker.get_by_label("Алматы таулары").check()
    picker.get_by_label("Крытый рынок в Оше").check()
    shot(picker, "gallery-picker")
    with picker.expect_event("close"):
        picker.get_by_role("button", name="Insert the gallery").click()
    expect(body.locator("figure.gallery")).to_have_count(2)

    page.keyboard.type(YOUTUBE)
    page.keyboard.press("Enter")
    page.keyboard.type("Конец.")
    shot(page, "editor-1280")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get(title="Галерея недели")
    assert article.body.count('<figure class="gallery">') == 2
    assert article.body.index("Алматы таулары") < article.body.index("Крытый рынок в Оше")
    assert f'<p><a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></p>' in article.body or (
        f"<p>{YOUTUBE}</p>" in article.body
    )
    assert "Конец." in article.body and "</figcaption></figure>" in article.body
    page.goto(article_preview(article))
    expect(page.locator("figure.embed .embed__load")).to_be_visible()
    expect(page.locator("div.gallery figure")).to_have_count(2)
    shot(page, "preview-after-editor")
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, "preview-after-editor-390")
