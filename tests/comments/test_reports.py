"""Readers reporting a published comment: once each, rate-limited, held
after the Discussion settings' number of reports, shown to moderators."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles import likes
from comments.models import Comment, CommentReport, DiscussionSettings
from tests.comments.conftest import history, make_comment
from tests.factories import make_user

Status = Comment.Status


def report_path(comment):
    return f"/comments/report/{comment.pk}/"


def reader(n):
    """A separate reader: their own browser and address."""
    return Client(REMOTE_ADDR=f"198.51.100.{n}")


@pytest.fixture
def reported(article):
    return make_comment(article, user_name="Troll", comment="Сен кімсің? I know where you live.")


def test_a_reader_reports_with_a_reason_and_it_is_in_the_history(reported):
    client = reader(1)
    page = client.get(report_path(reported))
    assert page.status_code == 200 and "I know where you live." in page.content.decode()
    response = client.post(report_path(reported), {"reason": "privacy", "details": "Угрожает автору"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert likes.COOKIE_NAME in response.cookies
    [line] = [m for m in history(reported) if m.startswith("Reported")]
    assert "identity or private details" in line and "Угрожает автору" in line
    reported.refresh_from_db()
    assert reported.status == Status.APPROVED


def test_one_report_per_reader_by_cookie_or_address(reported):
    client = reader(1)
    client.post(report_path(reported), {"reason": "abuse"})
    again = client.post(report_path(reported), {"reason": "hate"})
    assert "already reported" in again.content.decode()
    # Same address, cookies cleared: still the same reader.
    assert "already reported" in reader(1).post(report_path(reported), {"reason": "hate"}).content.decode()
    assert CommentReport.objects.count() == 1


def test_enough_reports_hold_the_comment_for_moderation(reported, mailoutbox, django_capture_on_commit_callbacks):
    group = Group.objects.get(name="Moderators")
    make_user(username="mona", email="mona@example.org", is_staff=True, groups=[group])
    settings_row = DiscussionSettings.load()
    settings_row.hold_after_reports = 2
    settings_row.save()
    reader(1).post(report_path(reported), {"reason": "abuse"})
    reported.refresh_from_db()
    assert reported.status == Status.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        reader(2).post(report_path(reported), {"reason": "hate"})
    reported.refresh_from_db()
    assert reported.status == Status.PENDING and not reported.is_public
    assert "Held for moderation after 2 reader reports" in history(reported)
    assert reported.events.get(to_status=Status.PENDING).actor is None
    assert [m.to for m in mailoutbox] == [["mona@example.org"]]


def test_zero_never_holds(reported):
    settings_row = DiscussionSettings.load()
    settings_row.hold_after_reports = 0
    settings_row.save()
    for n in range(5):
        reader(n + 1).post(report_path(reported), {"reason": "spam"})
    reported.refresh_from_db()
    assert reported.status == Status.APPROVED and reported.reports.count() == 5


def test_reports_are_rate_limited_per_address(article):
    client = reader(7)
    comments = [make_comment(article, comment=f"Comment {n}") for n in range(12)]
    codes = [client.post(report_path(comment), {"reason": "spam"}).status_code for comment in comments]
    assert codes.count(200) == 10 and codes[-1] == 429


def test_only_published_comments_can_be_reported(article):
    held = make_comment(article, status=Status.PENDING)
    ping = make_comment(article, type=Comment.Type.PINGBACK, user_email="", source_url="https://b.example/")
    for comment in (held, ping):
        assert reader(1).get(report_path(comment)).status_code == 404
        assert reader(1).post(report_path(comment), {"reason": "spam"}).status_code == 404
    assert reader(1).get("/comments/report/999999/").status_code == 404


def test_a_form_without_a_reason_comes_back_with_the_text_kept(reported):
    response = reader(1).post(report_path(reported), {"reason": "", "details": "这是骚扰"})
    html = response.content.decode()
    assert response.status_code == 400 and "This field is required." in html and "这是骚扰" in html
    assert not CommentReport.objects.exists()
    assert reader(1).post(report_path(reported), {"reason": "nonsense"}).status_code == 400


def test_report_needs_csrf(reported):
    assert Client(enforce_csrf_checks=True).post(report_path(reported), {"reason": "abuse"}).status_code == 403


def test_published_comments_have_a_report_link(client, article, reported):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{report_path(reported)}"' in html and "Report the comment by Troll" in html


def test_moderators_see_reports_in_the_queue(reported, article):
    make_comment(article, comment="Nobody minds this one")
    reader(1).post(report_path(reported), {"reason": "abuse"})
    reader(2).post(report_path(reported), {"reason": "hate"})
    moderator = Client()
    moderator.force_login(make_user(is_staff=True, groups=[Group.objects.get(name="Moderators")]))
    queue = moderator.get("/admin/comments/comment/?status=approved").content.decode()
    assert "Reported by 2 readers" in queue
    only = moderator.get("/admin/comments/comment/?status=approved&reported=yes").content.decode()
    assert "I know where you live." in only and "Nobody minds this one" not in only
