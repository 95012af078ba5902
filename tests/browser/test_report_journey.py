"""A reader reports a comment in a real browser: from the comment's Report
link to the form, which comes back with the error under the unanswered
question and the typed words kept, then the thanks; the moderators have the
report. At both widths, with no serious axe-core violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from comments.models import CommentReport
from tests.browser.helpers import shot
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_user

THREAT = "Сен кімсің? Я знаю, где ты живёшь."
DETAILS = "Угрожает автору и называет его улицу."


@pytest.fixture
def comment(django_db_serialized_rollback):
    author = make_user(username="aigerim", first_name="Aigerim", last_name="Sadykova", is_staff=True)
    article = make_article(author=author, title="Су тапшылығы: Арал өңірі", slug="su-tapshylygy", allow_comments=True)
    return make_comment(article, user_name="Тролль", comment=THREAT)


def serious(results):
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_reports_a_comment_from_its_link_and_a_missing_reason_keeps_the_words(browser_session, comment,
                                                                                       width):
    page = browser_session.new_page(viewport={"width": width, "height": 900})
    page.goto(comment.content_object.get_absolute_url())
    page.get_by_role("link", name="Report the comment by Тролль").click()
    expect(page.get_by_role("heading", name="Report a comment")).to_be_visible()
    expect(page.locator(".report-quote")).to_contain_text(THREAT)

    page.get_by_label("Anything the moderators should know (optional)").fill(DETAILS)
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("#id_reason-error")).to_have_text("This field is required.")
    expect(page.get_by_label("Anything the moderators should know (optional)")).to_have_value(DETAILS)
    assert serious(Axe().run(page)) == []
    shot(page, f"report-form-error-{width}")
    assert not CommentReport.objects.exists()

    page.get_by_label("Reveals someone's identity or private details").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_have_text("Thank you. The moderators will look at this comment.")
    shot(page, f"report-thanks-{width}")
    report = CommentReport.objects.get()
    assert (report.comment_id, report.reason, report.details) == (comment.pk, "privacy", DETAILS)
    page.get_by_role("link", name="Back to the discussion").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text(THREAT)
