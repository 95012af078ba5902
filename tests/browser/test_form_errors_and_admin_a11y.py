"""In a real browser: a reader's refused comment lands them at the form with
every problem listed and tied to its field; and the dashboard, the queue and
the article form have no serious or critical axe-core violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import Comment, DiscussionSettings
from tests.browser.helpers import admin_login
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_user

PASSWORD = "queue-keeper-5521"
KEPT = "Текст сохраняется: 文字も残る."


@pytest.fixture
def article(django_db_serialized_rollback):
    discussion = DiscussionSettings.load()
    discussion.require_name_email = True
    discussion.save()
    body = "".join(f"<p>Paragraph {n} of a long article about the Pamir highway.</p>" for n in range(60))
    return make_article(title="The Pamir highway in winter", body=body, allow_comments=True)


def test_an_invalid_comment_lands_at_the_form_with_every_error_under_its_field(page, article):
    page.goto(article.get_absolute_url())
    page.locator("#commentform").get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    summary = page.locator("#comment-error-summary")
    expect(summary).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id") == "comment-error-summary"
    for field, message in (("comment", "This field is required."), ("name", "Please fill in your name."),
                           ("email", "Please fill in your email address.")):
        control = page.locator(f"#id_{field}")
        assert control.get_attribute("aria-invalid") == "true"
        assert page.locator(f"#{control.get_attribute('aria-describedby')}").inner_text() == message
        assert summary.get_by_role("link", name=message).get_attribute("href") == f"#id_{field}"
    assert page.locator("#id_name").get_attribute("required") is not None

    page.locator("#id_comment").fill(KEPT)
    page.locator("#id_name").fill("Дина")
    page.locator("#commentform").get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    assert page.locator("#id_comment").input_value() == KEPT
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name").get_attribute("aria-invalid") is None
    assert Comment.objects.count() == 0

    page.locator("#id_email").fill("dina@example.org")
    page.locator("#commentform").get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    assert Comment.objects.get().comment == KEPT


@pytest.fixture
def editor(django_db_serialized_rollback):
    return make_user(username="erlan", password=PASSWORD, is_staff=True, groups=[Group.objects.get(name="Editors")])


def serious(results):
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [1280, 390])
def test_dashboard_queue_and_article_form_pass_axe(browser_session, editor, article, width):
    parent = make_comment(article, status=Comment.Status.APPROVED, user_name="Ada Example",
                          user_email="ada.example@example.org", ip_address="127.0.0.1")
    make_comment(article, status=Comment.Status.PENDING, parent=parent, user_name="Cy Commenter",
                 user_email="cy@example.org", comment="Is the road open in February?")
    page = browser_session.new_page(viewport={"width": width, "height": 900})
    admin_login(page, "erlan", PASSWORD)
    axe = Axe()
    for url in ("/admin/", "/admin/comments/comment/?status=pending", "/admin/comments/comment/",
                "/admin/articles/article/add/"):
        page.goto(url)
        found = serious(axe.run(page))
        assert found == [], url


def test_the_editors_dimmed_buttons_are_announced_as_unavailable_until_they_can_act(browser_session, editor):
    page = browser_session.new_page(viewport={"width": 1280, "height": 900})
    admin_login(page, "erlan", PASSWORD)
    # Without its icon font a toolbar button shows its name as text, which
    # axe then judges as text; a slow or blocked font must not hide a problem.
    page.route("**/material-icons*.woff2", lambda route: route.abort())
    page.goto("/admin/articles/article/add/")
    undo = page.locator('button[title="undo"]')
    expect(undo).to_have_attribute("aria-disabled", "true")
    assert serious(Axe().run(page)) == []

    page.get_by_role("textbox", name="Body").click()
    page.keyboard.type("Қысқы жол")
    expect(undo).not_to_have_attribute("aria-disabled", "true")
