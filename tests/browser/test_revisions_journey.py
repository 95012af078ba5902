"""Revisions, autosave and the edit lock in a real browser: the autosave is
offered back after a reload and restored into the form, leaving unsaved
changes asks first, a second editor meets the lock and takes over, leaving
the form lets go of the lock, and the compare screen shows the changed
words and passes axe."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article, EditLock, Revision
from articles.revisions import history
from tests.browser.helpers import admin_login
from tests.factories import make_article, make_user

PASSWORD = "revision-keeper-3318"
SHOTS = Path("/tmp/shots/rev")
WIDTHS = (1280, 390)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


@pytest.fixture
def nadia(django_db_serialized_rollback):
    return make_user(username="nadia", first_name="Nadia", last_name="Rahimova", is_staff=True, password=PASSWORD,
                     groups=[Group.objects.get(name="Authors")])


@pytest.fixture
def arman(django_db_serialized_rollback):
    return make_user(username="arman", first_name="Arman", last_name="Bekov", is_staff=True, password=PASSWORD,
                     groups=[Group.objects.get(name="Editors")])


@pytest.fixture
def article(nadia):
    article = make_article(title="Базар в Оше", slug="bazar-v-oshe", author=nadia, status=Article.Status.DRAFT,
                           body="<p>Утром базар шумит с шести часов.</p><p>К полудню торговцы уходят в тень.</p>")
    history.record(article, nadia)
    return article


def wait_until(page, condition, seconds=10):
    for _ in range(seconds * 4):
        if condition():
            return
        page.wait_for_timeout(250)
    raise AssertionError("the condition never became true")


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def editor_body(page):
    return page.locator(".prose-editor [contenteditable=true]")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_autosave_is_offered_back_after_a_reload_and_restored(browser_session, nadia, article, settings, width):
    settings.BLUEDOMES_AUTOSAVE_SECONDS = 1
    page = browser_session.new_page(viewport={"width": width, "height": 900})
    admin_login(page, "nadia", PASSWORD)
    page.goto(change_url(article))
    page.get_by_label("Title:").fill("Базар в Оше на рассвете")
    editor_body(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Цены растут к вечеру.")
    expect(page.locator("#autosave-status")).to_contain_text("Autosaved at")
    # Typing may outlast one autosave: the next one holds all of it.
    wait_until(page, lambda: "Цены растут к вечеру." in Revision.objects.autosaves(Article, article.pk, nadia).get().body)
    assert Revision.objects.autosaves(Article, article.pk, nadia).get().title == "Базар в Оше на рассвете"

    # The unsaved form asks before the reload; the writer leaves anyway.
    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    offer = page.locator(".autosave-offer")
    expect(offer).to_contain_text("You have an autosave from")
    expect(page.get_by_label("Title:")).to_have_value("Базар в Оше")
    shot(page, "autosave-offer")

    page.once("dialog", lambda dialog: dialog.accept())
    offer.get_by_role("link", name="Restore it").click()
    expect(page.get_by_label("Title:")).to_have_value("Базар в Оше на рассвете")
    expect(editor_body(page)).to_contain_text("Цены растут к вечеру.")
    expect(page.locator(".autosave-offer.is-restored")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.title == "Базар в Оше на рассвете" and "Цены растут к вечеру." in article.body
    assert not Revision.objects.autosaves(Article, article.pk, nadia).exists()


def test_leaving_unsaved_changes_asks_first_but_saving_does_not(browser_session, nadia, article):
    page = browser_session.new_page()
    admin_login(page, "nadia", PASSWORD)
    page.goto(change_url(article))
    dialogs = []

    def note(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", note)
    page.get_by_label("Title:").fill("Базар в Оше, вечер")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert dialogs == []

    page.goto(change_url(article))
    page.goto("/admin/")
    assert dialogs == [], "nothing changed, nothing asked"

    page.goto(change_url(article))
    editor_body(page).click()
    page.keyboard.type("Несохранённое ")
    page.close(run_before_unload=True)
    # Dismissed: the writer stays on the form with their changes.
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(editor_body(page)).to_contain_text("Несохранённое")


def test_a_second_editor_meets_the_lock_takes_over_and_the_first_is_told(browser_session, nadia, arman, article,
                                                                          settings):
    settings.BLUEDOMES_EDIT_LOCK_HEARTBEAT_SECONDS = 1
    settings.BLUEDOMES_AUTOSAVE_SECONDS = 1
    first = browser_session.new_page()
    admin_login(first, "nadia", PASSWORD)
    first.goto(change_url(article))
    first.get_by_label("Title:").fill("Базар в Оше — черновик Нади")

    for width in WIDTHS:
        second = browser_session.new_page(viewport={"width": width, "height": 900})
        admin_login(second, "arman", PASSWORD)
        second.goto(change_url(article))
        expect(second.locator("#content-main")).to_contain_text("“Базар в Оше” is open in Nadia Rahimova’s form")
        expect(second.get_by_role("link", name="Go back")).to_be_visible()
        shot(second, "lock-screen")
    second.get_by_role("button", name="Take over").click()
    expect(second.get_by_label("Title:")).to_have_value("Базар в Оше")

    lost = first.locator("#editing-lost")
    expect(lost).to_contain_text("Arman Bekov has taken over editing this article")
    expect(first.get_by_role("button", name="Save", exact=True).first).to_be_disabled()
    shot(first, "lock-taken-over")
    wait_until(first, lambda: Revision.objects.autosaves(Article, article.pk, nadia).get().title
               == "Базар в Оше — черновик Нади")


def test_leaving_the_form_lets_go_of_the_lock_and_a_reload_keeps_it(browser_session, nadia, arman, article):
    first = browser_session.new_page()
    admin_login(first, "nadia", PASSWORD)
    first.goto(change_url(article))
    expect(first.get_by_label("Title:")).to_have_value("Базар в Оше")
    first.reload()
    expect(first.get_by_label("Title:")).to_have_value("Базар в Оше")
    # However the reload's release and its new page cross, the lock stays hers.
    first.wait_for_timeout(1000)
    assert EditLock.objects.get().user == nadia

    first.goto("/admin/")
    wait_until(first, lambda: not EditLock.objects.exists())
    second = browser_session.new_page()
    admin_login(second, "arman", PASSWORD)
    second.goto(change_url(article))
    expect(second.get_by_label("Title:")).to_have_value("Базар в Оше")

    # Arman closes his tab: Nadia finds the article free again.
    second.close(run_before_unload=True)
    wait_until(first, lambda: not EditLock.objects.exists())
    first.goto(change_url(article))
    expect(first.get_by_label("Title:")).to_be_visible()
    assert EditLock.objects.get().user == nadia


def serious(results):
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", WIDTHS)
def test_revisions_are_listed_compared_and_restored(browser_session, nadia, arman, article, width):
    article.title = "Базар в Оше летом"
    article.body = "<p>Утром базар шумит с пяти часов.</p><p>К полудню торговцы уходят в тень.</p>" \
                   "<p>Новый абзац о ценах на дыни.</p>"
    article.save()
    history.record(article, arman)
    page = browser_session.new_page(viewport={"width": width, "height": 900})
    admin_login(page, "arman", PASSWORD)
    page.goto(change_url(article))
    revisions = page.locator(".module.revisions")
    expect(revisions).to_contain_text("Arman Bekov")
    expect(revisions).to_contain_text("Nadia Rahimova")
    revisions.scroll_into_view_if_needed()
    shot(page, "change-form-revisions")

    revisions.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator(".revision-compare del").first).to_have_text("шести")
    expect(page.locator(".revision-compare ins").first).to_contain_text("летом")
    expect(page.locator(".revision-compare")).to_contain_text("Новый абзац о ценах на дыни.")
    assert serious(Axe().run(page)) == []
    shot(page, "compare")

    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist .success")).to_contain_text("is restored")
    article.refresh_from_db()
    assert article.title == "Базар в Оше" and "шести" in article.body
    assert Revision.objects.of(article).saved().count() == 3
