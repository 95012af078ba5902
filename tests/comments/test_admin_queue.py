"""The moderation queue in the admin, driven over HTTP as a moderator would."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.conftest import history, make_comment, text_of
from tests.factories import make_article, make_user

Status = Comment.Status
QUEUE = reverse("admin:comments_comment_changelist")


def moderate_url(comment, move):
    return reverse("admin:comments_comment_moderate", args=[comment.pk, move])


@pytest.fixture
def moderator(db):
    return make_user(username="mona", is_staff=True, groups=[Group.objects.get(name="Moderators")])


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def queue(article):
    """Two held, three approved, one spam and one trashed comment on ``article``."""
    return {
        "pending": [
            make_comment(article, status=Status.PENDING, user_name="Pat Pending", comment="Held for a look."),
            make_comment(article, status=Status.PENDING, user_name="Paz Pending", user_email="paz@example.net",
                         ip_address="198.51.100.7", comment="Another one waiting."),
        ],
        "approved": [make_comment(article, status=Status.APPROVED, comment=f"Approved remark {n}.") for n in range(3)],
        "spam": [make_comment(article, status=Status.SPAM, user_name="Cheap Pills", comment="Buy pills now")],
        "trash": [make_comment(article, status=Status.TRASH, user_name="Trashy", comment="Off-topic rant")],
    }


def escaped(text):
    return text.replace("'", "&#x27;")


def rows(response):
    return response.content.decode().split('<tbody>', 1)[1].split("</tbody>", 1)[0].split("<tr")[1:]


class TestViews:
    def test_status_views_show_wordpress_counts(self, mod_client, queue):
        page = text_of(mod_client.get(QUEUE).content.decode())
        for label in ("All (5)", "Pending (2)", "Approved (3)", "Spam (1)", "Trash (1)"):
            assert label in page

    def test_all_view_leaves_spam_and_trash_out(self, mod_client, queue):
        page = mod_client.get(QUEUE).content.decode()
        assert len(rows(mod_client.get(QUEUE))) == 5
        assert "Buy pills now" not in page and "Off-topic rant" not in page

    @pytest.mark.parametrize("status,expected", [("pending", 2), ("approved", 3), ("spam", 1), ("trash", 1)])
    def test_each_view_lists_only_its_status(self, mod_client, queue, status, expected):
        response = mod_client.get(QUEUE, {"status": status})
        assert len(rows(response)) == expected
        for comment in queue[status]:
            assert escaped(comment.comment) in response.content.decode()

    def test_filter_by_type_separates_pings(self, mod_client, article):
        make_comment(article, status=Status.PENDING, comment="A reader's words")
        make_comment(article, status=Status.PENDING, type=Comment.Type.PINGBACK, user_name="",
                     user_email="", source_url="https://elsewhere.example/post/", source_title="A post elsewhere",
                     comment="[…] linking to you […]")
        pings = mod_client.get(QUEUE, {"kind": "pings"}).content.decode()
        comments = mod_client.get(QUEUE, {"kind": "comments"}).content.decode()
        assert "A post elsewhere" in pings and "A reader&#x27;s words" not in pings
        assert "A reader&#x27;s words" in comments and "A post elsewhere" not in comments

    def test_filter_by_article(self, mod_client, article):
        other = make_article(title="Another article entirely")
        make_comment(article, status=Status.PENDING, comment="On the first")
        make_comment(other, status=Status.PENDING, comment="On the second")
        page = mod_client.get(QUEUE, {"article": str(other.pk)}).content.decode()
        assert "On the second" in page and "On the first" not in page
        # The row's article link narrows to that article and keeps the current view.
        assert f'href="?status=pending&amp;article={other.pk}"' in mod_client.get(QUEUE, {"status": "pending"}).content.decode()

    @pytest.mark.parametrize("term", ["Paz Pend", "paz@example", "198.51.100.7", "Another one"])
    def test_search_by_name_email_ip_and_text(self, mod_client, queue, term):
        response = mod_client.get(QUEUE, {"q": term})
        assert len(rows(response)) == 1
        assert "Another one waiting." in response.content.decode()


class TestRows:
    def test_row_shows_author_article_excerpt_verdict_and_approved_count(self, mod_client, article):
        for _n in range(3):
            make_comment(article, status=Status.APPROVED, user_email="regular@example.org", comment="Earlier")
        make_comment(
            article, status=Status.PENDING, user_name="Regular Reader", user_email="regular@example.org",
            user_url="https://regular.example/", ip_address="192.0.2.44", comment="Newest thoughts " + "word " * 80,
            akismet_verdict=Comment.Verdict.HAM,
        )
        response = mod_client.get(QUEUE, {"status": "pending"})
        (row,) = rows(response)
        text = text_of(row)
        assert "Regular Reader" in text
        assert "regular@example.org" in text
        assert "regular.example" in text and 'rel="nofollow noopener noreferrer"' in row
        assert "192.0.2.44" in text
        assert article.title in text and article.get_absolute_url() in row
        assert "Newest thoughts" in text and "…" in text  # an excerpt, not the whole text
        assert "Akismet: Ham" in text and "Pending" in text and "Comment" in text
        assert "3 approved" in text

    def test_author_markup_is_escaped(self, mod_client, article):
        make_comment(article, status=Status.PENDING, user_name="<script>alert(1)</script>",
                     comment="<img src=x onerror=alert(2)>hello")
        page = mod_client.get(QUEUE).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_queue_queries_do_not_grow_with_comments(self, mod_client, django_assert_max_num_queries):
        def fill(n):
            Comment.objects.all().delete()
            for i in range(n):
                article = make_article(title=f"Article {i}")
                make_comment(article, status=Status.PENDING if i % 2 else Status.APPROVED,
                             user_email=f"reader{i % 7}@example.org", comment=f"Comment number {i}")

        fill(5)
        # The page's fixed cost: session, user, permissions, the tabs' counts, the
        # rows, the badge, a running spam check, the user's second-factor devices.
        with django_assert_max_num_queries(15) as few:
            assert mod_client.get(QUEUE).status_code == 200
        fill(50)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = mod_client.get(QUEUE)
        assert len(rows(response)) == 50


class TestPermissions:
    def test_author_without_comment_permissions_cannot_use_queue(self, client, queue):
        author = make_user(is_staff=True, groups=[Group.objects.get(name="Authors")])
        client.force_login(author)
        assert client.get(QUEUE).status_code == 403
        comment = queue["pending"][0]
        assert client.post(moderate_url(comment, "approve")).status_code == 403
        comment.refresh_from_db()
        assert comment.status == Status.PENDING

    def test_anonymous_visitor_is_sent_to_login(self, client, queue):
        response = client.post(moderate_url(queue["pending"][0], "approve"))
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert Comment.objects.get(pk=queue["pending"][0].pk).status == Status.PENDING

    def test_moderators_cannot_add_comments_in_admin(self, mod_client):
        assert mod_client.get(reverse("admin:comments_comment_add")).status_code == 403


class TestRowActions:
    def test_approve_button_posts_with_csrf_and_records_the_moderator(self, moderator, queue):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(moderator)
        page = browser.get(QUEUE, {"status": "pending"}).content.decode()
        comment = queue["pending"][0]
        assert f'formaction="{moderate_url(comment, "approve")}"' in page
        token = re.search(r'id="queue-row-action".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S).group(1)
        assert browser.post(moderate_url(comment, "approve")).status_code == 403  # no token, no change
        response = browser.post(
            moderate_url(comment, "approve"), {"csrfmiddlewaretoken": token, "next": QUEUE + "?status=pending"}
        )
        assert response.status_code == 302 and response["Location"] == QUEUE + "?status=pending"
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED and comment.is_public
        assert history(comment)[-1] == "Approved by mona"
        assert comment.events.last().actor == moderator

    def test_get_does_not_change_anything(self, mod_client, queue):
        comment = queue["pending"][0]
        assert mod_client.get(moderate_url(comment, "approve")).status_code == 405
        comment.refresh_from_db()
        assert comment.status == Status.PENDING

    def test_next_must_stay_on_this_site(self, mod_client, queue):
        response = mod_client.post(moderate_url(queue["pending"][0], "trash"), {"next": "https://evil.example/"})
        assert response["Location"] == QUEUE

    @pytest.mark.parametrize(
        "start,move,end",
        [
            ("pending", "approve", Status.APPROVED),
            ("approved", "unapprove", Status.PENDING),
            ("pending", "spam", Status.SPAM),
            ("approved", "trash", Status.TRASH),
        ],
    )
    def test_moves(self, mod_client, queue, start, move, end, django_capture_on_commit_callbacks):
        comment = queue[start][0]
        with django_capture_on_commit_callbacks(execute=True):
            mod_client.post(moderate_url(comment, move))
        comment.refresh_from_db()
        assert comment.status == end
        assert "by mona" in history(comment)[-1]

    def test_not_spam_and_restore_return_to_previous_status(self, mod_client, queue):
        approved, pending = queue["approved"][0], queue["pending"][0]
        mod_client.post(moderate_url(approved, "spam"))
        mod_client.post(moderate_url(pending, "trash"))
        mod_client.post(moderate_url(approved, "not_spam"))
        mod_client.post(moderate_url(pending, "restore"))
        approved.refresh_from_db()
        pending.refresh_from_db()
        assert approved.status == Status.APPROVED
        assert pending.status == Status.PENDING

    def test_row_buttons_match_the_status(self, mod_client, queue):
        spam_row = rows(mod_client.get(QUEUE, {"status": "spam"}))[0]
        assert "Not spam" in spam_row and "Delete permanently" in spam_row and ">Approve<" not in spam_row
        pending_row = rows(mod_client.get(QUEUE, {"status": "pending"}))[0]
        assert ">Approve<" in pending_row and ">Spam<" in pending_row and ">Trash<" in pending_row

    def test_delete_permanently_from_a_row(self, mod_client, queue):
        spam = queue["spam"][0]
        response = mod_client.post(moderate_url(spam, "delete"), {"next": reverse("admin:comments_comment_change", args=[spam.pk])})
        assert not Comment.objects.filter(pk=spam.pk).exists()
        assert response["Location"] == QUEUE

    def test_change_page_shows_buttons_and_history(self, mod_client, queue):
        comment = queue["pending"][0]
        mod_client.post(moderate_url(comment, "spam"))
        mod_client.post(moderate_url(comment, "not_spam"))
        page = mod_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
        assert "Marked as spam by mona" in page and "Marked as not spam by mona" in page
        assert f'formaction="{moderate_url(comment, "approve")}"' in page
        assert 'name="status"' not in page  # status changes only through the buttons

    def test_editing_a_comment_is_recorded(self, mod_client, queue):
        comment = queue["pending"][0]
        url = reverse("admin:comments_comment_change", args=[comment.pk])
        response = mod_client.post(url, {
            "user_name": "Pat Pending", "user_email": "sam@example.org", "user_url": "",
            "comment": "Held for a look (typo fixed).",
            "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0", "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "0",
        })
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.comment == "Held for a look (typo fixed)." and comment.status == Status.PENDING
        assert history(comment)[-1].startswith("Edited by mona")


class TestBulkActions:
    def bulk(self, client, action, comments, view="", **extra):
        """Select ``comments`` in the queue's ``view`` (a status tab) and run ``action`` on them."""
        data = {"action": action, "_selected_action": [c.pk for c in comments], "index": "0", **extra}
        return client.post(QUEUE + (f"?status={view}" if view else ""), data)

    def test_bulk_approve_skips_already_approved(self, mod_client, queue, mailoutbox):
        response = self.bulk(mod_client, "bulk_approve", queue["pending"] + queue["approved"][:1])
        assert response.status_code == 302
        assert Comment.objects.approved().count() == 5
        assert "2 comments approved." in text_of(mod_client.get(QUEUE).content.decode())

    def test_bulk_spam_then_not_spam(self, mod_client, queue):
        self.bulk(mod_client, "bulk_spam", queue["pending"] + queue["approved"])
        assert Comment.objects.spam().count() == 6
        self.bulk(mod_client, "bulk_not_spam", list(Comment.objects.spam()), view="spam")
        # Each goes back where it was; the one caught as spam on arrival waits for review.
        assert set(Comment.objects.approved()) == set(queue["approved"])
        assert set(Comment.objects.pending()) == set(queue["pending"] + queue["spam"])

    def test_bulk_trash_restore_and_unapprove(self, mod_client, queue):
        self.bulk(mod_client, "bulk_trash", queue["approved"])
        assert Comment.objects.trash().count() == 4
        self.bulk(mod_client, "bulk_restore", queue["approved"], view="trash")
        assert Comment.objects.approved().count() == 3
        self.bulk(mod_client, "bulk_unapprove", queue["approved"])
        assert Comment.objects.pending().count() == 5

    def test_bulk_delete_permanently_asks_first(self, mod_client, queue):
        doomed = queue["spam"]
        confirm = self.bulk(mod_client, "delete_selected", doomed, view="spam")
        assert confirm.status_code == 200 and "permanently?" in confirm.content.decode()
        assert "Buy pills now" in confirm.content.decode()
        assert Comment.objects.filter(pk=doomed[0].pk).exists()
        self.bulk(mod_client, "delete_selected", doomed, view="spam", post="yes")
        assert not Comment.objects.filter(pk=doomed[0].pk).exists()
        assert Comment.objects.count() == 6

    @pytest.mark.parametrize("view,offered", [
        ("", ["Approve", "Unapprove", "Spam", "Trash"]),
        ("pending", ["Approve", "Spam", "Trash"]),
        ("approved", ["Unapprove", "Spam", "Trash"]),
        ("spam", ["Not spam", "Trash", "Delete permanently"]),
        ("trash", ["Restore", "Spam", "Delete permanently"]),
    ])
    def test_each_tab_offers_only_the_moves_that_fit_it(self, mod_client, queue, view, offered):
        page = mod_client.get(QUEUE, {"status": view} if view else {}).content.decode()
        moves = ("Approve", "Unapprove", "Spam", "Not spam", "Trash", "Restore", "Delete permanently")
        assert {label for label in moves if f">{label}</option>" in page} == set(offered)

    @pytest.mark.parametrize("view", ["", "pending", "approved"])
    def test_permanent_delete_is_refused_outside_the_bins(self, mod_client, queue, view):
        held = queue["pending"][0]
        url = QUEUE + (f"?status={view}" if view else "")
        mod_client.post(url, {"action": "delete_selected", "_selected_action": [held.pk], "post": "yes"})
        assert Comment.objects.filter(pk=held.pk).exists()
        mod_client.post(moderate_url(held, "delete"))
        assert Comment.objects.filter(pk=held.pk).exists()
        page = mod_client.get(reverse("admin:comments_comment_delete", args=[held.pk]))
        assert page.status_code == 403


class TestBins:
    def test_empty_spam_deletes_all_spam_and_nothing_else(self, mod_client, queue, article):
        make_comment(article, status=Status.SPAM, comment="More spam")
        spam_view = mod_client.get(QUEUE, {"status": "spam"}).content.decode()
        empty = reverse("admin:comments_comment_empty", args=["spam"])
        assert f'href="{empty}"' in spam_view
        assert "2 comments in spam" in text_of(mod_client.get(empty).content.decode())
        assert Comment.objects.spam().count() == 2  # GET only asks
        response = mod_client.post(empty)
        assert response["Location"] == QUEUE + "?status=spam"
        assert Comment.objects.spam().count() == 0
        assert Comment.objects.trash().count() == 1 and Comment.objects.count() == 6

    def test_empty_trash(self, mod_client, queue):
        mod_client.post(reverse("admin:comments_comment_empty", args=["trash"]))
        assert Comment.objects.trash().count() == 0 and Comment.objects.spam().count() == 1

    def test_empty_button_only_in_bins(self, mod_client, queue):
        assert "Empty spam" not in mod_client.get(QUEUE).content.decode()
        assert "Empty trash" in mod_client.get(QUEUE, {"status": "trash"}).content.decode()


class TestEveryAdminPage:
    def test_pending_badge_in_the_header(self, mod_client, queue):
        page = text_of(mod_client.get(reverse("admin:index")).content.decode())
        assert "Comments (2 pending)" in page

    def test_badge_follows_moderator_actions(self, mod_client, queue):
        mod_client.get(reverse("admin:index"))
        mod_client.post(moderate_url(queue["pending"][0], "approve"))
        assert "Comments (1 pending)" in text_of(mod_client.get(reverse("admin:index")).content.decode())

    def test_no_badge_for_staff_without_comment_permissions(self, client, queue):
        client.force_login(make_user(is_staff=True, groups=[Group.objects.get(name="Authors")]))
        assert "pending)" not in client.get(reverse("admin:index")).content.decode()

    def test_admin_says_when_akismet_is_off(self, mod_client, no_akismet):
        page = text_of(mod_client.get(reverse("admin:index")).content.decode())
        assert "Akismet spam checking is off." in page

    def test_admin_warns_of_an_invalid_akismet_key(self, mod_client, akismet, settings):
        settings.AKISMET_API_KEY = "not-a-valid-key"
        page = text_of(mod_client.get(reverse("admin:password_change")).content.decode())
        assert "The Akismet API key is invalid." in page

    def test_authors_are_not_shown_the_akismet_warning(self, client, no_akismet, queue):
        client.force_login(make_user(is_staff=True, groups=[Group.objects.get(name="Authors")]))
        assert "Akismet" not in text_of(client.get(reverse("admin:index")).content.decode())

    def test_no_warning_when_akismet_works(self, mod_client, akismet):
        assert "Akismet" not in text_of(mod_client.get(reverse("admin:password_change")).content.decode())


class TestAkismetFeedback:
    """A moderator's Spam / Not spam reaches a real Akismet-compatible server
    on loopback with the fields the comment was first checked with."""

    STORED = {
        "blog": "http://testserver/", "user_ip": "203.0.113.9", "user_agent": "Mozilla/5.0 Stored/1.0",
        "referrer": "http://testserver/2024/01/02/a-post/", "comment_type": "comment",
        "comment_author": "Cheap Pills", "comment_author_email": "pills@example.com",
        "comment_content": "Buy pills now", "blog_charset": "UTF-8",
    }

    def test_spam_button_sends_submit_spam_with_the_stored_fields(
        self, mod_client, article, akismet, django_capture_on_commit_callbacks
    ):
        comment = make_comment(article, status=Status.PENDING, comment="Buy pills now",
                               akismet_request=self.STORED, akismet_verdict=Comment.Verdict.HAM)
        with django_capture_on_commit_callbacks(execute=True):
            mod_client.post(moderate_url(comment, "spam"))
        (sent,) = akismet.requests_to("submit-spam")
        assert sent["comment_content"] == "Buy pills now"
        assert sent["user_agent"] == "Mozilla/5.0 Stored/1.0"
        assert sent["user_ip"] == "203.0.113.9"
        assert sent["comment_author_email"] == "pills@example.com"
        assert akismet.requests_to("submit-ham") == []
        assert "Reported to Akismet as spam" in history(comment)

    def test_not_spam_sends_submit_ham_and_bulk_does_too(
        self, mod_client, article, akismet, django_capture_on_commit_callbacks
    ):
        caught = [make_comment(article, status=Status.SPAM, akismet_request=self.STORED,
                               akismet_verdict=Comment.Verdict.SPAM) for _n in range(2)]
        with django_capture_on_commit_callbacks(execute=True):
            mod_client.post(QUEUE + "?status=spam", {
                "action": "bulk_not_spam", "_selected_action": [c.pk for c in caught], "index": "0",
            })
        assert len(akismet.requests_to("submit-ham")) == 2
        assert akismet.requests_to("submit-spam") == []

    def test_trash_and_approve_send_nothing_to_akismet(
        self, mod_client, article, akismet, django_capture_on_commit_callbacks
    ):
        comment = make_comment(article, status=Status.PENDING, akismet_request=self.STORED)
        with django_capture_on_commit_callbacks(execute=True):
            mod_client.post(moderate_url(comment, "approve"))
            mod_client.post(moderate_url(comment, "trash"))
            mod_client.post(moderate_url(comment, "restore"))
        assert akismet.requests_to("submit-spam") == [] and akismet.requests_to("submit-ham") == []


def test_view_on_site_opens_the_comment_on_its_article(mod_client, queue, article):
    comment = queue["approved"][0]
    page = mod_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    link = re.search(r'href="([^"]+)" class="viewsitelink"', page).group(1)
    assert mod_client.get(link)["Location"].endswith(f"{article.get_absolute_url()}#comment-{comment.pk}")


class TestDiscussionSettingsPage:
    def test_staff_edit_the_one_settings_row(self, client, db):
        from comments.models import DiscussionSettings

        admin_user = make_user(is_staff=True, is_superuser=True)
        client.force_login(admin_user)
        response = client.get(reverse("admin:comments_discussionsettings_changelist"))
        row = DiscussionSettings.load()
        change = reverse("admin:comments_discussionsettings_change", args=[row.pk])
        assert response["Location"] == change
        form = {field: getattr(row, field) for field in (
            "hold_link_count", "moderation_keys", "disallowed_keys", "close_after_days",
            "spam_retention_days", "trash_retention_days", "erase_personal_data_after_days",
            "comments_per_page", "default_comments_page", "hold_after_reports")}
        flags = ("approve_known_authors", "require_name_email", "discard_worst_spam", "notify_moderators",
                 "notify_authors", "notify_linked_blogs")
        form.update({flag: "on" for flag in flags}, spam_retention_days=7)
        assert client.post(change, form).status_code == 302
        assert DiscussionSettings.load().spam_retention_days == 7
        assert DiscussionSettings.objects.count() == 1

    def test_moderators_do_not_change_site_rules(self, mod_client):
        from comments.models import DiscussionSettings

        row = DiscussionSettings.load()
        assert mod_client.get(reverse("admin:comments_discussionsettings_change", args=[row.pk])).status_code == 403
