"""The header menu on a phone: a submenu opened by keyboard and by touch,
never by hover, and readable without JavaScript; the menus pass axe."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from navigation.models import Menu
from tests.browser.helpers import admin_login
from tests.factories import make_article, make_category, make_tag, make_user
from tests.navigation.conftest import make_item, make_page

SHOTS = Path("/tmp/shots/menus")
PHONE = {"width": 390, "height": 844}
PASSWORD = "menus-pass-7730"


@pytest.fixture
def menus(django_db_serialized_rollback):
    economy, travel = make_category(name="Economy"), make_category(name="Travel")
    trade, rail = make_tag(name="trade"), make_tag(name="rail")
    make_article(title="Remittances in winter", slug="remittances-in-winter", categories=[economy, travel],
                 tags=[trade, rail])
    header, footer = (Menu.objects.create(location=location) for location in ("header", "footer"))
    make_item(header, url="/", label="Latest", order=0)
    parent = make_item(header, category=economy, order=1)
    make_item(header, tag=trade, label="Trade", parent=parent, order=0)
    make_item(header, url="/search/?q=bazaar", label="Базары · Bazaars", parent=parent, order=1)
    make_item(header, category=travel, order=2)
    about = make_page(title="About", slug="about")
    make_item(footer, page=about)
    make_item(footer, page=make_page(title="Privacy policy", slug="privacy"), order=1)
    make_item(footer, url="https://t.me/bluedomes", label="Telegram", new_tab=True, order=2)
    return header


def shots(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def serious(results):
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_a_submenu_opens_and_closes_from_the_keyboard_on_a_phone(browser_session, menus):
    page = browser_session.new_page(viewport=PHONE)
    page.goto("/")
    toggle = page.get_by_role("button", name="Economy: submenu")
    submenu = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(submenu).to_be_hidden()

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Economy").focus()
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(submenu.get_by_role("link", name="Trade")).to_be_visible()
    page.keyboard.press("Tab")
    expect(submenu.get_by_role("link", name="Trade")).to_be_focused()
    shots(page, "browser-submenu-keyboard-390")

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(submenu).to_be_hidden()

    page.keyboard.press("Space")
    expect(submenu).to_be_visible()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.get_by_role("searchbox").focus()
    expect(submenu).to_be_hidden()


def test_a_submenu_opens_with_a_tap_and_its_link_is_followed(browser_session, menus):
    page = browser_session.new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    page.goto("/")
    toggle = page.get_by_role("button", name="Economy: submenu")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    link = page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Trade")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["height"] >= 40 and box["width"] >= 300, box  # a whole-width row, easy to hit
    shots(page, "browser-submenu-tap-390")

    page.locator("main").tap()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.tap()
    link.tap()
    page.wait_for_url("**/tag/trade/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("trade")


def test_without_javascript_the_children_are_listed_under_their_parent(browser, live_server, menus):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Trade")).to_be_visible()
        expect(page.get_by_role("link", name="Базары · Bazaars")).to_be_visible()
        expect(page.locator(".menu__toggle")).to_be_hidden()
        shots(page, "browser-no-js-390")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_with_menus_and_an_open_submenu_pass_axe(browser_session, menus, width):
    page = browser_session.new_page(viewport={"width": width, "height": 900})
    page.goto("/")
    page.get_by_role("button", name="Economy: submenu").click()
    assert serious(Axe().run(page)) == []
    shots(page, f"browser-open-{width}")
    page.locator("footer").screenshot(path=str(SHOTS / f"browser-footer-{width}.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_menu_editor_passes_axe_and_shows_one_target_per_item(browser_session, menus, width):
    make_user(username="menu-editor", password=PASSWORD, is_staff=True, groups=[Group.objects.get(name="Editors")])
    page = browser_session.new_page(viewport={"width": width, "height": 900})
    admin_login(page, "menu-editor", PASSWORD)
    page.goto(f"/admin/navigation/menu/{menus.pk}/change/")
    trade = page.locator(".inline-related", has=page.locator("select[name$='-tag'] option[selected]"))
    expect(trade.first.locator(".fieldBox.field-tag")).to_be_visible()
    expect(trade.first.locator(".fieldBox.field-page")).to_be_hidden()
    extra = page.locator(".inline-related:not(.has_original):not(.empty-form)").first
    extra.locator("select[name$='-kind']").select_option("url")
    expect(extra.locator(".fieldBox.field-url")).to_be_visible()
    expect(extra.locator(".fieldBox.field-page")).to_be_hidden()
    assert serious(Axe().run(page)) == []
    page.screenshot(path=str(SHOTS / f"browser-admin-{width}.png"), full_page=True)
