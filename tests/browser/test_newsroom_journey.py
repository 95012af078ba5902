"""The whole newsroom journey in a real browser: an author writes a Kazakh
welcome with a table, a gallery and a YouTube video, saves it twice, compares
the two revisions, restores the first, publishes, and a reader sees all three
parts without the page asking YouTube for anything before the click."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article, Revision
from tests.browser.helpers import admin_login
from tests.factories import make_image, make_user

SHOTS = Path("/tmp/shots/journey")
PASSWORD = "newsroom-journey-6127"
TITLE = "Қош келдіңіздер: Алматыдағы көктем"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
FIRST_SENTENCE = "Весна пришла в Алматы в начале марта."
EDITED_SENTENCE = "Весна пришла в Алматы в конце февраля."
PICTURES = [
    ("Көктемгі Медеу", "Медеу сәуірде"),
    ("Цветущий урюк", "Урюк цветёт в предгорьях"),
    ("Вокзал Алматы-2", "Алматы-2 вечером"),
]


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def shots_at_both_widths(page, name):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def author(django_db_serialized_rollback):
    return make_user(username="aigerim", first_name="Aigerim", last_name="Seitova", is_staff=True, password=PASSWORD,
                     groups=[Group.objects.get(name="Authors")])


@pytest.fixture
def pictures(django_db_serialized_rollback):
    return [make_image(width=1200, height=900, renditions=[480, 960], alt_text=alt, caption=caption)
            for alt, caption in PICTURES]


def editor_body(page):
    return page.locator(".prose-editor [contenteditable=true]")


def insert_gallery(page):
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="Insert a gallery").click()
    picker = popup_info.value
    picker.wait_for_load_state()
    for alt, _caption in PICTURES:
        picker.get_by_label(alt).check()
    with picker.expect_event("close"):
        picker.get_by_role("button", name="Insert the gallery").click()


def insert_table(page):
    page.locator(".prose-menubar__button[title='Insert table']").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("[name=rows]").fill("2")
    dialog.locator("[name=cols]").fill("2")
    dialog.locator("[name=withHeaderRow]").select_option("Yes")
    dialog.get_by_role("button", name="Insert").click()
    cells = ["Город", "Дни с дождём", "Алматы", "девять"]
    for number, cell in enumerate(cells, start=1):
        page.keyboard.type(cell)
        # Tab in the last cell would add a row.
        if number < len(cells):
            page.keyboard.press("Tab")


def write_the_article(page):
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:").fill(TITLE)
    page.get_by_label("Language:").select_option("ru")
    body = editor_body(page)
    body.click()
    page.keyboard.type(FIRST_SENTENCE)
    page.keyboard.press("Enter")
    insert_gallery(page)
    expect(body.locator("figure.gallery")).to_have_count(len(PICTURES))
    page.keyboard.type(YOUTUBE)
    page.keyboard.press("Enter")
    page.keyboard.type("Погода за март:")
    page.keyboard.press("Enter")
    insert_table(page)
    expect(body.locator("table td")).to_have_count(2)


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_an_author_writes_revises_restores_and_publishes_and_a_reader_sees_it_all(browser_session, author,
                                                                                 pictures):
    page = browser_session.new_page()
    admin_login(page, "aigerim", PASSWORD)
    write_the_article(page)
    save_and_continue(page)

    article = Article.objects.get(title=TITLE)
    first_body = article.body
    assert article.author == author and article.status == Article.Status.DRAFT and article.language == "ru"
    assert FIRST_SENTENCE in first_body
    assert "<table" in first_body and "<th" in first_body and "Дни с дождём" in first_body
    assert first_body.count('<figure class="gallery">') == len(PICTURES)
    assert all(caption in first_body for _alt, caption in PICTURES)
    assert YOUTUBE in first_body

    # The author rewrites the first sentence and saves again.
    editor_body(page).locator("p", has_text=FIRST_SENTENCE).click(click_count=3)
    page.keyboard.type(EDITED_SENTENCE)
    save_and_continue(page)
    article.refresh_from_db()
    assert EDITED_SENTENCE in article.body and FIRST_SENTENCE not in article.body
    assert "<table" in article.body and YOUTUBE in article.body
    assert Revision.objects.of(article).saved().count() == 2

    revisions = page.locator(".module.revisions")
    expect(revisions).to_contain_text("Aigerim Seitova")
    revisions.get_by_role("button", name="Compare the chosen revisions").click()
    # The excerpt is made from the body, so it changed with it; nothing else did.
    expect(page.locator(".compare-field.is-changed h2")).to_have_text(["Excerpt", "Body"])
    changed = page.locator("section[aria-labelledby=compare-body]")
    # Only the changed words are marked; the rest of the sentence is plain.
    expect(changed.locator(".compare-row.is-changed .is-old")).to_contain_text(FIRST_SENTENCE)
    assert " ".join(changed.locator("del").all_inner_texts()).split() == ["начале", "марта"]
    assert " ".join(changed.locator("ins").all_inner_texts()).split() == ["конце", "февраля"]
    shots_at_both_widths(page, "compare")

    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist .success")).to_contain_text("is restored")
    expect(editor_body(page)).to_contain_text(FIRST_SENTENCE)
    article.refresh_from_db()
    assert article.body == first_body
    assert Revision.objects.of(article).saved().count() == 3

    page.get_by_label("Status:").select_option(label="Published")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.body == first_body

    reader = browser_session.new_page()
    host = urlsplit(browser_session.base_url).netloc
    requested = []
    reader.on("request", lambda request: requested.append(request.url))
    reader.goto(article.get_absolute_url())
    reader.wait_for_load_state("networkidle")
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    content = reader.locator(".entry-content")
    expect(content).to_contain_text(FIRST_SENTENCE)
    expect(content.locator("table th").first).to_have_text("Город")
    expect(content.locator("table td").last).to_have_text("девять")
    figures = content.locator("div.gallery figure")
    expect(figures).to_have_count(len(PICTURES))
    for index, (alt, caption) in enumerate(PICTURES):
        expect(figures.nth(index).locator("img")).to_have_attribute("alt", alt)
        expect(figures.nth(index).locator("figcaption")).to_have_text(caption)
    expect(content.get_by_role("button", name="Включить видео с YouTube")).to_be_visible()
    expect(reader.locator("iframe")).to_have_count(0)
    assert [url for url in requested if urlsplit(url).netloc != host] == []
    assert browser_session.outside_requests == []
    assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shots_at_both_widths(reader, "published")
    reader.set_viewport_size({"width": 390, "height": 900})
    assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Only the reader's click asks for the player, and only from the privacy-enhanced host.
    content.get_by_role("button", name="Включить видео с YouTube").click()
    expect(content.locator("figure.embed iframe")).to_have_attribute("src", PLAYER)
    reader.wait_for_load_state("networkidle")
    assert {urlsplit(url).netloc for url in browser_session.outside_requests} == {"www.youtube-nocookie.com"}
    # The conftest's router aborted that one expected request; the session must not fail on it.
    browser_session.outside_requests.clear()
