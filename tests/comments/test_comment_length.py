"""The comment length limit is ours (COMMENT_MAX_LENGTH → BLUEDOMES_COMMENT_MAX_LENGTH),
enforced by the forms, and never asks for a migration of django_comments."""

from io import StringIO

from django.core.management import call_command

from tests.comments.conftest import last_comment


def test_a_long_comment_under_our_limit_is_accepted(post_comment, article, no_akismet, discussion):
    text = "Қазақ тілі туралы ұзақ пікір. " * 200  # about 6,000 characters: past django_comments' 3,000
    response = post_comment(article, comment=text)
    assert response.status_code == 303
    assert last_comment().comment == text.strip()


def test_a_comment_over_our_limit_is_refused_with_the_text_kept(post_comment, article, no_akismet, settings):
    text = "字" * (settings.BLUEDOMES_COMMENT_MAX_LENGTH + 1)
    response = post_comment(article, comment=text)
    assert response.status_code == 400
    assert "Ensure this value has at most" in response.content.decode()
    assert text in response.content.decode()


def test_no_model_changes_are_left_for_makemigrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_the_admin_edit_form_holds_a_comment_to_our_limit(rf, admin_user, settings):
    from django.contrib import admin

    from comments.admin.queue import AUTHOR_LABELS
    from comments.models import Comment

    request = rf.get("/")
    request.user = admin_user
    form_class = admin.site._registry[Comment].get_form(request)
    field = form_class.base_fields["comment"]
    assert field.max_length == settings.BLUEDOMES_COMMENT_MAX_LENGTH
    # The same method names the author's fields in the admin's own words.
    assert form_class.base_fields["user_name"].label == AUTHOR_LABELS["user_name"]
