"""Languages in a real browser: a reader switches the interface and moves
between the translations of an article; an editor sees a Kazakh title's slug
made live by the server's transliteration."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.browser.helpers import admin_login
from tests.factories import make_article, make_user

SHOTS = Path("/tmp/shots-10")
PASSWORD = "languages-pass-5521"


@pytest.fixture
def translated(django_db_serialized_rollback):
    english = make_article(title="Sharing a river", slug="sharing-a-river", language="en",
                           body="<p>A river that crosses a border serves two masters.</p>")
    russian = make_article(
        title="Одна река на двоих", slug="odna-reka-na-dvoikh", language="ru", translation_of=english,
        body='<p>У реки два хозяина.</p><blockquote dir="rtl" lang="ug"><p>سۇ كەلسە، يول ئېچىلىدۇ.</p></blockquote>',
    )
    kazakh = make_article(title="Екі елге ортақ өзен", slug="eki-elge-ortaq-ozen", language="kk",
                          translation_of=english, body="<p>Өзеннің екі иесі бар.</p>")
    return english, russian, kazakh


def screenshots(page, name):
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
def test_a_reader_switches_language_and_follows_translations(page, translated):
    english, russian, kazakh = translated
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshots(page, "home-en")

    page.locator(".language-switcher a[hreflang=ru]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("button", name="Поиск")).to_be_visible()
    screenshots(page, "home-ru")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.goto(english.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshots(page, "article-en")
    page.locator(".language-switcher a[hreflang=ru]").click()
    page.wait_for_url(f"**{russian.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator('blockquote[dir="rtl"]')).to_be_visible()
    screenshots(page, "article-ru")

    page.locator(".language-switcher a[hreflang=kk]").click()
    page.wait_for_url(f"**{kazakh.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    screenshots(page, "article-kk")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    screenshots(page, "home-kk")


@pytest.mark.browser
def test_the_admin_previews_a_kazakh_slug_as_the_server_makes_it(page, django_db_serialized_rollback):
    make_user(username="aigerim", is_staff=True, password=PASSWORD, groups=[Group.objects.get(name="Editors")])
    admin_login(page, "aigerim", PASSWORD)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:").fill("Қазақстан және Шыңжаң")
    expect(page.locator("#id_slug")).to_have_value("qazaqstan-zhane-shyngzhang")

    page.goto("/admin/articles/tag/add/")
    page.get_by_label("Name:").fill("Өзбекстан суы")
    expect(page.locator("#id_slug")).to_have_value("ozbekstan-suy")


@pytest.mark.browser
def test_a_whole_uyghur_article_reads_right_to_left(page, django_db_serialized_rollback):
    article = make_article(
        title="ئۈرۈمچىدە سۇ", slug="urumchide-su", language="ug",
        body="<p>شەھەر سۇنى تاغدىن ئالىدۇ.</p><blockquote><p>سۇ كەلسە، يول ئېچىلىدۇ.</p></blockquote>",
    )
    page.goto(article.get_absolute_url())
    content = page.locator(".entry-content")
    expect(content).to_have_attribute("dir", "rtl")
    assert content.evaluate("element => getComputedStyle(element).direction") == "rtl"
    quote = page.locator(".entry-content blockquote")
    # The quotation's rule sits on the reading side: the right, in RTL.
    assert quote.evaluate("element => getComputedStyle(element).borderRightWidth") != "0px"
    assert quote.evaluate("element => getComputedStyle(element).borderLeftWidth") == "0px"
    screenshots(page, "article-ug")
