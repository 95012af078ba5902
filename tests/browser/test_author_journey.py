"""The author journey in a real browser: an author writes and publishes an
article with a picture in the admin's editor, and a reader finds it on the
home page, opens it and likes it."""

import io

import pytest
from django.contrib.auth.models import Group
from PIL import Image as PILImage
from PIL import ImageDraw
from playwright.sync_api import expect

from articles.models import Article, Image
from tests.browser.helpers import admin_login, shot
from tests.factories import make_category, make_user

TITLE = "Snow on the Pamir highway"
CAPTION = "The pass at dawn, before the lorries"
ALT_TEXT = "A blue dome under a pale morning sky"
PASSWORD = "journey-pass-8814"


def picture_file(tmp_path):
    """A real JPEG an author might upload: big enough to get renditions."""
    picture = PILImage.new("RGB", (1600, 1000), (182, 208, 230))
    draw = ImageDraw.Draw(picture)
    for row in range(0, 1000, 4):
        shade = 230 - row // 12
        draw.rectangle([0, row, 1600, row + 4], fill=(shade - 50, shade - 25, shade))
    draw.rectangle([0, 760, 1600, 1000], fill=(196, 170, 120))
    draw.rectangle([620, 520, 980, 760], fill=(222, 210, 190))
    draw.pieslice([600, 300, 1000, 740], 180, 360, fill=(40, 110, 180))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    path = tmp_path / "pamir-dome.jpg"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def author(django_db_serialized_rollback):
    # The Authors group comes from a data migration; serialized rollback
    # restores it after earlier transactional tests flushed the tables.
    return make_user(
        username="amira", first_name="Amira", last_name="Karimova", is_staff=True, password=PASSWORD,
        groups=[Group.objects.get(name="Authors")],
    )


def write_article_with_picture(page, picture):
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:").fill(TITLE)

    body = page.locator(".prose-editor [contenteditable=true]")
    body.click()
    page.keyboard.type("The road climbs for a whole day before the first pass.")
    page.keyboard.press("Enter")
    page.keyboard.type("Drivers stop at the tea house to let their engines cool.")
    page.keyboard.press("Enter")

    page.locator(".prose-menubar__button[title='figure']").click()
    dialog = page.locator("dialog[open]")
    with page.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Browse...").click()
    picker = popup_info.value
    picker.wait_for_load_state()
    picker.get_by_label("Picture:").set_input_files(str(picture))
    picker.get_by_label("Alt text:").fill(ALT_TEXT)
    picker.get_by_label("Caption:").fill(CAPTION)
    with picker.expect_event("close"):
        picker.get_by_role("button", name="Upload and use this picture").click()

    expect(dialog.locator("input[name=altText]")).to_have_value(ALT_TEXT)
    expect(dialog.locator("input[name=caption]")).to_have_value(CAPTION)
    dialog.get_by_role("button", name="Insert").click()
    expect(body.locator("figure img")).to_be_visible()
    expect(body.locator("figure figcaption")).to_have_text(CAPTION)

    # Out of the caption, below the figure, as an author would continue.
    body.press("Control+End")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.type("By nightfall the valley below is already dark.")
    page.get_by_label("Borderlands").check()
    page.get_by_label("Status:").select_option(label="Published")
    shot(page, "author-editor")


def test_author_publishes_an_article_with_a_picture_and_a_reader_likes_it(
    browser_session, author, tmp_path
):
    make_category(name="Borderlands")
    page = browser_session.new_page()
    admin_login(page, "amira", PASSWORD)

    write_article_with_picture(page, picture_file(tmp_path))
    page.get_by_role("button", name="Save", exact=True).first.click()

    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    shot(page, "author-saved")
    article = Article.objects.get(title=TITLE)
    assert article.author == author
    assert Article.objects.published().filter(pk=article.pk).exists()
    uploaded = Image.objects.get(alt_text=ALT_TEXT)
    assert uploaded.uploaded_by == author
    assert uploaded.renditions.filter(format="webp").exists()

    reader = browser_session.new_page()
    reader.goto("/")
    shot(reader, "reader-home")
    reader.get_by_role("link", name=TITLE).first.click()

    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert reader.url.endswith(article.get_absolute_url())
    figure = reader.locator(".entry-content figure")
    expect(figure.locator("figcaption")).to_have_text(CAPTION)
    picture = figure.locator("img")
    expect(picture).to_have_attribute("alt", ALT_TEXT)
    picture.scroll_into_view_if_needed()
    reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    # Responsive: the browser is offered the renditions, not only the upload.
    offered = picture.evaluate(
        "img => img.srcset || (img.closest('picture') && img.closest('picture').querySelector('source[srcset]')"
        " && img.closest('picture').querySelector('source[srcset]').srcset) || ''"
    )
    assert "w," in offered or offered.endswith("w"), f"no srcset on the body picture: {picture.evaluate('i => i.outerHTML')}"
    expect(reader.locator(".entry-content")).to_contain_text("By nightfall the valley below is already dark.")

    likes = reader.locator("#likes")
    expect(likes).to_contain_text("Be the first to like this.")
    likes.get_by_role("button", name="Like").click()
    expect(likes).to_contain_text("One blogger likes this.")
    shot(reader, "reader-liked")

    reader.reload()
    expect(likes).to_contain_text("One blogger likes this.")
    expect(likes.get_by_role("button")).to_be_disabled()
    assert article.likes.count() == 1

    # On a phone the article fits the screen: nothing scrolls sideways.
    phone = browser_session.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(article.get_absolute_url())
    expect(phone.locator(".entry-content figure figcaption")).to_have_text(CAPTION)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, "reader-phone")
