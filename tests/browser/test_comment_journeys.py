"""The commenting journeys in a real browser: a reader posts a comment and a reply
and is told they await moderation; a moderator approves one and marks the
other as spam in the admin's queue; a second reader then sees the approved
one under the article, and never the spam."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from comments import moderation
from comments.models import Comment, DiscussionSettings
from tests.browser.helpers import admin_login, shot
from tests.factories import make_article, make_user

TITLE = "Who owns the water of the Amu Darya?"
EARLIER = "The canal figures in the second table do not add up for 1989."
COMMENT = "Buy cheap flights to Dushanbe today, best prices, click now."
REPLY = "They add up once the Karshi pumping stations are counted: see the appendix."
AWAITING = "Your comment is awaiting moderation."
MODERATOR_PASSWORD = "queue-keeper-5521"


@pytest.fixture
def article(django_db_serialized_rollback):
    # Every comment is held, as on a blog whose owner reads each one first.
    discussion = DiscussionSettings.load()
    discussion.manual_approval = True
    discussion.save()
    author = make_user(username="karim", first_name="Karim", last_name="Nazarov", is_staff=True)
    return make_article(author=author, title=TITLE, allow_comments=True)


@pytest.fixture
def earlier_comment(article):
    """An approved comment from an earlier reader, for the new reader to answer."""
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(article), object_pk=str(article.pk), site_id=1,
        user_name="Farida", user_email="farida@example.org", comment=EARLIER, ip_address="203.0.113.7",
    )
    moderation.set_status(comment, Comment.Status.APPROVED)
    return comment


@pytest.fixture
def moderator(django_db_serialized_rollback):
    # The Moderators group comes from a data migration, restored by the
    # serialized rollback after earlier transactional tests flushed it.
    return make_user(
        username="mila", is_staff=True, password=MODERATOR_PASSWORD, groups=[Group.objects.get(name="Moderators")]
    )


def post_comment(page, text, *, name=None, email=None, remember=False):
    form = page.locator("#commentform")
    form.get_by_label("Comment", exact=True).fill(text)
    if name is not None:
        form.get_by_role("textbox", name="Name").fill(name)
        form.get_by_role("textbox", name="Email").fill(email)
    if remember:
        form.get_by_label("Save my name, email, and website in this browser").check()
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()


def test_held_comments_are_moderated_in_the_queue_and_only_the_approved_one_is_published(
    browser_session, article, earlier_comment, moderator
):
    reader = browser_session.new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.locator("#comments-title")).to_have_text(f"One thought on “{TITLE}”")

    post_comment(reader, COMMENT, name="Dana Reader", email="dana@example.org", remember=True)
    mine = reader.locator("li.comment", has_text=COMMENT)
    expect(mine).to_contain_text(AWAITING)

    reader.locator(f"#comment-{earlier_comment.pk}").get_by_role("link", name="Reply to Farida").click()
    expect(reader.locator("#reply-title")).to_contain_text("Leave a Reply to Farida")
    expect(reader.get_by_role("link", name="Cancel reply")).to_be_visible()
    # Ticking "Save my name…" filled the form for the next comment.
    expect(reader.locator("#commentform").get_by_role("textbox", name="Name")).to_have_value("Dana Reader")
    post_comment(reader, REPLY)

    reply = reader.locator(f"#comment-{earlier_comment.pk} .children li.comment", has_text=REPLY)
    expect(reply).to_contain_text(AWAITING)
    expect(reader.locator("li.comment", has_text=COMMENT)).to_contain_text(AWAITING)
    shot(reader, "comments-awaiting")

    # Held comments are shown to the one who wrote them, to nobody else.
    passer_by = browser_session.new_page()
    passer_by.goto(article.get_absolute_url())
    expect(passer_by.locator(".comment-list")).to_contain_text(EARLIER)
    expect(passer_by.get_by_text(REPLY)).to_have_count(0)
    expect(passer_by.get_by_text(COMMENT)).to_have_count(0)

    desk = browser_session.new_page()
    admin_login(desk, "mila", MODERATOR_PASSWORD)
    desk.goto("/admin/comments/comment/?status=pending")
    shot(desk, "comments-queue")
    desk.locator("#result_list tr", has_text=REPLY).get_by_role("button", name="Approve").click()
    expect(desk.locator(".messagelist")).to_contain_text("1 comment approved.")
    desk.goto("/admin/comments/comment/?status=pending")
    desk.locator("#result_list tr", has_text=COMMENT).get_by_role("button", name="Spam", exact=True).click()
    expect(desk.locator(".messagelist")).to_contain_text("1 comment marked as spam.")
    shot(desk, "comments-queue-after")

    assert Comment.objects.get(comment=REPLY).status == Comment.Status.APPROVED
    assert Comment.objects.get(comment=COMMENT).status == Comment.Status.SPAM

    second_reader = browser_session.new_page()
    second_reader.goto(article.get_absolute_url())
    expect(second_reader.locator("#comments-title")).to_have_text(f"2 thoughts on “{TITLE}”")
    published = second_reader.locator(f"#comment-{earlier_comment.pk} .children li.comment", has_text=REPLY)
    expect(published).to_contain_text("Dana Reader")
    expect(published).not_to_contain_text(AWAITING)
    expect(second_reader.get_by_text(COMMENT)).to_have_count(0)
    shot(second_reader, "comments-published")
