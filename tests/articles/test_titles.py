"""Titles are one line: control characters typed or pasted into them are
stripped on save, and emails that quote a title are always sendable."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from articles.richtext import one_line
from comments import moderation
from comments.models import Comment
from tests.articles.test_admin import form_data
from tests.comments.conftest import make_comment
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Border\nnotes", "Border notes"),
        ("Border\r\n\tnotes\x00", "Border notes"),
        ("Шекара\u2028туралы\x0bжазбалар", "Шекара туралы жазбалар"),
        ("\u200fئۇيغۇر\u200f  quote\x1f", "\u200fئۇيغۇر\u200f quote"),
        ("国境の\x7fメモ", "国境の メモ"),
    ],
)
def test_control_characters_become_single_spaces(typed, kept):
    assert one_line(typed) == kept


def test_a_title_with_a_line_break_is_saved_on_one_line(client):
    editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"),
        form_data(author=editor.pk, title="Тишина\r\nна границе"),
    )
    assert response.status_code == 302
    assert Article.objects.get().title == "Тишина на границе"


def test_an_email_about_an_article_with_a_line_break_in_its_title_is_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    # Stored before titles were cleaned, or by an import: the email still leaves.
    article = make_article(title="Border\nnotes")
    make_user(username="mona", email="mona@example.org", is_staff=True,
              groups=[Group.objects.get(name="Moderators")])
    comment = make_comment(article, status=Comment.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.set_status(comment, Comment.Status.PENDING)
    assert [message.to for message in mailoutbox] == [["mona@example.org"]]
    assert mailoutbox[0].subject == "Please moderate: “Border notes”"
    mailoutbox[0].message()
