"""Akismet through real HTTP: a loopback server speaking Akismet's API answers
every way Akismet can (and some ways it should not), and the site's handling
of each answer is checked on the stored comment, the page and the history."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from comments import akismet as akismet_api
from comments import moderation, pipeline
from comments.models import Comment, SpamStat
from tests.comments.conftest import history, last_comment, make_comment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    user = make_user(username="mod", email="mod@example.org", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return user


class TestVerdicts:
    def test_ham_comment_is_approved_and_shown(self, article, akismet, discussion, post_comment, client):
        post_comment(article, comment="Thanks for the careful reporting.")
        comment = last_comment()
        assert comment.status == Comment.Status.APPROVED
        assert comment.akismet_verdict == Comment.Verdict.HAM
        assert not comment.awaiting_check
        assert "Checked by Akismet: ham" in history(comment)
        assert "Thanks for the careful reporting." in client.get(article.get_absolute_url()).content.decode()

    def test_ham_comment_held_by_local_rules_stays_pending(self, article, akismet, discussion, post_comment):
        discussion.manual_approval = True
        discussion.save()
        post_comment(article)
        comment = last_comment()
        assert comment.status == Comment.Status.PENDING
        assert comment.akismet_verdict == Comment.Verdict.HAM
        assert not comment.awaiting_check
        assert history(comment)[-1] == "Held: every comment is approved by hand"

    def test_spam_comment_goes_to_spam_and_is_never_public(self, article, akismet, discussion, post_comment):
        akismet.verdict = "spam"
        response = post_comment(article, comment="Cheap watches at my shop")
        comment = last_comment()
        assert comment.status == Comment.Status.SPAM
        assert comment.akismet_verdict == Comment.Verdict.SPAM
        assert not comment.is_public
        assert "Checked by Akismet: spam" in history(comment)
        assert response.status_code == 303

    def test_spam_is_not_shown_to_its_author(self, article, akismet, discussion, post_comment, client):
        akismet.verdict = "spam"
        post_comment(article, comment="Cheap watches at my shop")
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Cheap watches" not in page
        assert "awaiting moderation" not in page

    def test_akismet_guaranteed_spam_author_is_spam(self, article, akismet, discussion, post_comment):
        post_comment(article, name="akismet-guaranteed-spam")
        assert last_comment().status == Comment.Status.SPAM

    def test_discard_answer_deletes_and_counts_when_setting_on(self, article, akismet, discussion, post_comment):
        akismet.verdict = "discard"
        assert discussion.discard_worst_spam
        post_comment(article, comment="Buy followers now")
        assert not Comment.objects.filter(comment="Buy followers now").exists()
        assert SpamStat.objects.get(day=timezone.localdate()).discarded == 1
        post_comment(article, comment="Buy more followers now")
        assert SpamStat.objects.get(day=timezone.localdate()).discarded == 2

    def test_discard_answer_kept_as_spam_when_setting_off(self, article, akismet, discussion, post_comment):
        discussion.discard_worst_spam = False
        discussion.save()
        akismet.verdict = "discard"
        post_comment(article)
        comment = last_comment()
        assert comment.status == Comment.Status.SPAM
        assert comment.akismet_verdict == Comment.Verdict.DISCARD
        assert not SpamStat.objects.exists()

    def test_invalid_key_holds_for_manual_moderation_and_tells_moderators(
        self, article, akismet, discussion, post_comment, settings, moderator
    ):
        settings.AKISMET_API_KEY = "not-a-key"
        post_comment(article)
        comment = last_comment()
        assert comment.status == Comment.Status.PENDING
        assert comment.akismet_verdict == Comment.Verdict.ERROR
        assert not comment.awaiting_check
        assert comment.next_check_at is None
        assert "invalid key" in history(comment)[-1]
        assert akismet_api.akismet_status() == akismet_api.STATUS_INVALID_KEY
        assert [m.to for m in mail.outbox] == [["mod@example.org"]]
        assert "Please moderate" in mail.outbox[0].subject


class TestAkismetFailures:
    """Unreachable, slow or nonsensical Akismet never loses a comment."""

    def assert_waiting_for_retry(self, comment, before):
        assert comment.status == Comment.Status.PENDING
        assert comment.awaiting_check
        assert comment.akismet_verdict == Comment.Verdict.ERROR
        assert comment.check_attempts == 1
        assert before + timedelta(minutes=4) < comment.next_check_at < timezone.now() + timedelta(minutes=6)
        assert "Akismet check failed" in history(comment)[-1]
        assert "will retry" in history(comment)[-1]

    def test_http_500_keeps_comment_waiting(self, article, akismet, discussion, post_comment, moderator):
        akismet.fail_with = 500
        before = timezone.now()
        post_comment(article)
        self.assert_waiting_for_retry(last_comment(), before)
        # Moderators are not asked to look at it yet: the check is still going on.
        assert mail.outbox == []

    def test_http_503_keeps_comment_waiting(self, article, akismet, discussion, post_comment):
        akismet.fail_with = 503
        before = timezone.now()
        post_comment(article)
        self.assert_waiting_for_retry(last_comment(), before)

    def test_timeout_keeps_comment_waiting(self, article, akismet, discussion, post_comment, settings):
        settings.AKISMET_TIMEOUT = 0.3
        akismet.delay = 1.0
        before = timezone.now()
        post_comment(article)
        comment = last_comment()
        self.assert_waiting_for_retry(comment, before)
        assert "timed out" in history(comment)[-1]

    def test_garbage_body_keeps_comment_waiting(self, article, akismet, discussion, post_comment):
        akismet.garbage = True
        before = timezone.now()
        post_comment(article)
        self.assert_waiting_for_retry(last_comment(), before)

    def test_unreachable_server_keeps_comment_waiting(self, article, akismet, discussion, post_comment, settings):
        settings.AKISMET_API_URL = "http://127.0.0.1:9"  # discard port: nothing listens
        before = timezone.now()
        post_comment(article)
        self.assert_waiting_for_retry(last_comment(), before)

    def test_waiting_comment_is_shown_to_its_author_as_awaiting(self, article, akismet, discussion, post_comment,
                                                                 client):
        akismet.fail_with = 502
        post_comment(article, comment="Will this arrive?")
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Will this arrive?" in page
        assert "Your comment is awaiting moderation." in page


class TestWhatAkismetReceives:
    def test_comment_check_gets_every_documented_field(self, article, akismet, discussion, post_comment):
        post_comment(article, name="Dana Reader", email="dana@example.org", url="https://dana.example/",
                     comment="A remark.")
        sent = akismet.requests_to("comment-check")[-1]
        assert sent["api_key"] == "test-key"
        assert sent["blog"] == "http://testserver/"
        assert sent["user_ip"] == "127.0.0.1"
        assert sent["user_agent"] == "Mozilla/5.0 (X11; Linux) TestBrowser/1.0"
        assert sent["referrer"] == article.get_full_url()
        assert sent["permalink"] == article.get_full_url()
        assert sent["comment_type"] == "comment"
        assert sent["comment_author"] == "Dana Reader"
        assert sent["comment_author_email"] == "dana@example.org"
        assert sent["comment_author_url"] == "https://dana.example/"
        assert sent["comment_content"] == "A remark."
        assert sent["comment_date_gmt"].endswith("Z")
        assert sent["comment_post_modified_gmt"].endswith("Z")
        assert sent["blog_lang"] == "en"
        assert sent["blog_charset"] == "UTF-8"
        assert sent["honeypot_field_name"] == "honeypot"
        assert "recheck_reason" not in sent.fields
        assert "user_role" not in sent.fields
        assert sent.headers["User-Agent"].startswith("Bluedomes/")

    def test_api_url_with_a_path_is_honoured(self, article, akismet, discussion, post_comment, settings):
        """AKISMET_API_URL may name any Akismet-compatible endpoint, prefix included."""
        settings.AKISMET_API_URL = akismet.url + "/akismet-proxy"
        post_comment(article)
        sent = akismet.requests_to("comment-check")[-1]
        assert sent.path == "/akismet-proxy/1.1/comment-check"
        assert sent.headers["Host"] == akismet.url.removeprefix("http://")
        assert last_comment().status == Comment.Status.APPROVED

    def test_what_was_sent_is_stored_with_the_comment(self, article, akismet, discussion, post_comment):
        post_comment(article)
        sent = akismet.requests_to("comment-check")[-1]
        stored = last_comment().akismet_request
        for name in ("user_ip", "user_agent", "referrer", "permalink", "comment_content", "comment_date_gmt"):
            assert stored[name] == sent[name]

    def test_unknown_stored_fields_are_not_sent(self, article, akismet, discussion, moderator,
                                                django_capture_on_commit_callbacks):
        """Fields stored by an older version or an import never break a check or a report."""
        comment = make_comment(article, status=Comment.Status.PENDING,
                               akismet_request={"user_ip": "192.0.2.1", "comment_content": "Old", "HTTP_ACCEPT": "*/*"})
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(comment, Comment.Status.SPAM, actor=moderator)
        sent = akismet.requests_to("submit-spam")[-1]
        assert sent["user_ip"] == "192.0.2.1" and "HTTP_ACCEPT" not in sent.fields

    def test_reply_is_sent_as_reply(self, article, akismet, discussion, post_comment):
        parent = make_comment(article)
        post_comment(article, reply_to=str(parent.pk))
        assert akismet.requests_to("comment-check")[-1]["comment_type"] == "reply"

    def test_moderator_is_sent_as_administrator(self, article, akismet, discussion, post_comment, client, moderator):
        client.force_login(moderator)
        post_comment(article)
        sent = akismet.requests_to("comment-check")[-1]
        assert sent["user_role"] == "administrator"
        assert sent["comment_author_email"] == "mod@example.org"

    def test_ping_is_sent_with_its_type(self, article, akismet, discussion, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            ping = pipeline.receive_ping(
                article, type="webmention", source_url="https://elsewhere.example/notes/1",
                source_title="Notes from elsewhere", source_site_name="Elsewhere",
                excerpt="[…] as Blue Domes reported […]", ip_address="198.51.100.7",
            )
        sent = akismet.requests_to("comment-check")[-1]
        assert sent["comment_type"] == "webmention"
        assert sent["comment_author_url"] == "https://elsewhere.example/notes/1"
        assert sent["user_ip"] == "198.51.100.7"
        assert "honeypot_field_name" not in sent.fields
        ping.refresh_from_db()
        assert ping.status == Comment.Status.APPROVED

    def test_posting_does_not_wait_for_akismet(self, article, akismet, discussion, client,
                                               django_capture_on_commit_callbacks):
        """The check is queued for after the commit, never run in the request."""
        from tests.comments.conftest import form_data

        akismet.delay = 5
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post("/comments/post/", form_data(article))
        assert response.status_code == 303
        assert akismet.requests_to("comment-check") == []
        comment = last_comment()
        assert comment.status == Comment.Status.PENDING and comment.awaiting_check
        assert len(callbacks) == 1


class TestFeedback:
    """A moderator's Spam / Not spam reaches Akismet with the original fields."""

    def test_moderator_spam_sends_submit_spam_with_original_fields(
        self, article, akismet, discussion, post_comment, moderator, django_capture_on_commit_callbacks
    ):
        post_comment(article, comment="Looks fine to the filter")
        comment = last_comment()
        checked = akismet.requests_to("comment-check")[-1]
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(comment, Comment.Status.SPAM, actor=moderator)
        sent = akismet.requests_to("submit-spam")[-1]
        for name in ("user_ip", "user_agent", "referrer", "permalink", "comment_type", "comment_author",
                     "comment_author_email", "comment_content", "comment_date_gmt"):
            assert sent[name] == checked[name], name
        assert "recheck_reason" not in sent.fields
        assert "Reported to Akismet as spam" in history(comment)

    def test_moderator_not_spam_sends_submit_ham(
        self, article, akismet, discussion, post_comment, moderator, django_capture_on_commit_callbacks
    ):
        akismet.verdict = "spam"
        post_comment(article, comment="A real reader, wrongly caught")
        comment = last_comment()
        with django_capture_on_commit_callbacks(execute=True):
            moderation.restore(comment, actor=moderator)
        sent = akismet.requests_to("submit-ham")[-1]
        assert sent["comment_content"] == "A real reader, wrongly caught"
        assert "Reported to Akismet as not spam" in history(comment)

    def test_automatic_verdicts_send_no_feedback(self, article, akismet, discussion, post_comment):
        akismet.verdict = "spam"
        post_comment(article)
        assert akismet.requests_to("submit-spam") == []
        assert akismet.requests_to("submit-ham") == []

    def test_feedback_failure_is_recorded_not_raised(
        self, article, akismet, discussion, moderator, django_capture_on_commit_callbacks
    ):
        comment = make_comment(article, status=Comment.Status.PENDING)
        akismet.fail_with = 500
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(comment, Comment.Status.SPAM, actor=moderator)
        assert "Could not report to Akismet" in history(comment)[-1]

    def test_imported_comment_without_stored_fields_is_reported_from_its_own_data(
        self, article, akismet, discussion, moderator, django_capture_on_commit_callbacks
    ):
        comment = make_comment(article, comment="From the old blog", ip_address="192.0.2.44")
        with django_capture_on_commit_callbacks(execute=True):
            moderation.set_status(comment, Comment.Status.SPAM, actor=moderator)
        sent = akismet.requests_to("submit-spam")[-1]
        assert sent["user_ip"] == "192.0.2.44"
        assert sent["comment_content"] == "From the old blog"
        assert sent["permalink"] == article.get_full_url()


class TestStatus:
    def test_status_off_without_key(self, no_akismet):
        assert akismet_api.akismet_status() == akismet_api.STATUS_OFF

    def test_status_ok_with_valid_key(self, akismet):
        assert akismet_api.akismet_status() == akismet_api.STATUS_OK
        assert akismet.requests_to("verify-key")[-1]["key"] == "test-key"

    def test_status_invalid_key(self, akismet, settings):
        settings.AKISMET_API_KEY = "wrong"
        assert akismet_api.akismet_status() == akismet_api.STATUS_INVALID_KEY

    def test_status_unreachable(self, akismet):
        akismet.fail_with = 500
        assert akismet_api.akismet_status() == akismet_api.STATUS_UNREACHABLE

    def test_status_is_cached(self, akismet):
        akismet_api.akismet_status()
        akismet_api.akismet_status()
        assert len(akismet.requests_to("verify-key")) == 1

    def test_without_key_comments_are_decided_by_local_rules(self, article, no_akismet, discussion, post_comment):
        post_comment(article)
        comment = last_comment()
        assert comment.status == Comment.Status.APPROVED
        assert comment.akismet_verdict == Comment.Verdict.SKIPPED
        assert not comment.awaiting_check
