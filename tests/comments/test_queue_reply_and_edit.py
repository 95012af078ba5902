"""Reply and Quick Edit from the queue's rows, driven over HTTP as a moderator would."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from comments.models import Comment
from tests.comments.conftest import history, make_comment
from tests.factories import make_user

Status = Comment.Status
QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def moderator(db):
    return make_user(username="mona", first_name="Mona", last_name="Sadykova", is_staff=True,
                     groups=[Group.objects.get(name="Moderators")])


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def edit_url(comment):
    return reverse("admin:comments_comment_quick_edit", args=[comment.pk])


class TestReply:
    def test_reply_to_a_held_comment_approves_it_and_publishes_the_reply(
        self, mod_client, moderator, article, django_capture_on_commit_callbacks
    ):
        held = make_comment(article, status=Status.PENDING, user_name="Айгерим", comment="Где это было?")
        with django_capture_on_commit_callbacks(execute=True):
            response = mod_client.post(reply_url(held), {f"reply-{held.pk}-text": "В Хоргосе, на границе.",
                                                         "next": QUEUE + "?status=pending"})
        assert response.status_code == 302 and response["Location"] == QUEUE + "?status=pending"
        held.refresh_from_db()
        assert held.status == Status.APPROVED
        assert "Approved by mona" in history(held)
        reply = Comment.objects.get(parent_id=held.pk, level=1)
        assert reply.status == Status.APPROVED and reply.is_public
        assert reply.user_id == moderator.pk and reply.user_name == "Mona Sadykova"
        assert reply.comment == "В Хоргосе, на границе."
        assert reply.thread_id == held.thread_id
        assert "Written by mona from the moderation queue" in history(reply)

    def test_the_reply_shows_on_the_article_page(self, mod_client, article):
        parent = make_comment(article, status=Status.APPROVED, comment="一个问题")
        mod_client.post(reply_url(parent), {f"reply-{parent.pk}-text": "回答在这里"})
        assert "回答在这里" in mod_client.get(article.get_absolute_url()).content.decode()

    def test_an_empty_reply_comes_back_with_an_error_and_stores_nothing(self, mod_client, article):
        held = make_comment(article, status=Status.PENDING)
        response = mod_client.post(reply_url(held), {f"reply-{held.pk}-text": "   "})
        assert response.status_code == 400
        assert "Please type your reply." in response.content.decode()
        held.refresh_from_db()
        assert held.status == Status.PENDING
        assert not Comment.objects.filter(parent_id=held.pk).exclude(pk=held.pk).exists()

    def test_a_reply_too_deep_in_its_thread_is_refused_with_the_text_kept(self, mod_client, article, settings):
        top = make_comment(article)
        child = make_comment(article, parent=top)
        grandchild = make_comment(article, parent=child)
        response = mod_client.post(reply_url(grandchild), {f"reply-{grandchild.pk}-text": "ما هذا؟"})
        assert response.status_code == 400
        assert "ما هذا؟" in response.content.decode()
        assert not Comment.objects.filter(parent_id=grandchild.pk).exclude(pk=grandchild.pk).exists()

    def test_reply_needs_a_post_by_someone_who_moderates(self, client, article):
        held = make_comment(article, status=Status.PENDING)
        client.force_login(make_user(is_staff=True, groups=[Group.objects.get(name="Authors")]))
        response = client.post(reply_url(held), {f"reply-{held.pk}-text": "Hello"})
        assert response.status_code == 403
        assert Comment.objects.count() == 1

    def test_each_row_names_the_person_a_reply_answers(self, mod_client, article):
        parent = make_comment(article, user_name="Ada Lovelace")
        make_comment(article, parent=parent, status=Status.PENDING, user_name="Bo", comment="Agreed")
        page = mod_client.get(QUEUE, {"status": "pending"}).content.decode()
        assert "In reply to" in page and ">Ada Lovelace</a>" in page


class TestQuickEdit:
    def test_quick_edit_changes_the_comment_and_keeps_the_original_in_the_history(self, mod_client, article):
        comment = make_comment(article, status=Status.PENDING, user_name="Sam", comment="Teh original wrods")
        prefix = f"edit-{comment.pk}"
        response = mod_client.post(edit_url(comment), {
            f"{prefix}-user_name": "Sam Q.", f"{prefix}-user_email": comment.user_email,
            f"{prefix}-user_url": "", f"{prefix}-comment": "The original words",
        })
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.user_name == "Sam Q." and comment.comment == "The original words"
        assert comment.status == Status.PENDING
        event = comment.events.get(message__startswith="Edited by mona")
        assert event.actor.username == "mona"
        assert event.changes["before"] == {"user_name": "Sam", "comment": "Teh original wrods"}
        assert event.changes["after"] == {"user_name": "Sam Q.", "comment": "The original words"}
        page = mod_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
        assert "Teh original wrods" in page

    def test_a_bad_email_comes_back_under_its_field_with_the_text_kept(self, mod_client, article):
        comment = make_comment(article, comment="Қазақша пікір")
        prefix = f"edit-{comment.pk}"
        response = mod_client.post(edit_url(comment), {
            f"{prefix}-user_name": "Sam", f"{prefix}-user_email": "not-an-address",
            f"{prefix}-user_url": "", f"{prefix}-comment": "Қазақша пікір, түзетілген",
        })
        assert response.status_code == 400
        html = response.content.decode()
        assert "Enter a valid email address." in html and "Қазақша пікір, түзетілген" in html
        comment.refresh_from_db()
        assert comment.comment == "Қазақша пікір"

    def test_the_full_change_form_records_before_and_after_too(self, mod_client, article):
        comment = make_comment(article, comment="First words")
        mod_client.post(reverse("admin:comments_comment_change", args=[comment.pk]), {
            "user_name": comment.user_name, "user_email": comment.user_email, "user_url": "",
            "comment": "Second words",
        })
        event = comment.events.get(message__startswith="Edited by mona")
        assert event.changes == {"before": {"comment": "First words"}, "after": {"comment": "Second words"}}

    def test_rows_carry_reply_and_quick_edit_without_inline_script(self, mod_client, article):
        make_comment(article, status=Status.PENDING)
        page = mod_client.get(QUEUE, {"status": "pending"}).content.decode()
        assert "Approve and reply" in page and "Quick Edit" in page
        assert "<script>" not in page and " onclick=" not in page
