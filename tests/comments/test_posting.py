"""A reader posts through the real form: integrity checks, where they land
afterwards, who sees a held comment, replies, and the remember-me cookies."""

import pytest
from django.test import Client

from comments.cookies import PENDING_COOKIE, REMEMBER_COOKIE
from comments.models import Comment, Subscription
from tests.comments.conftest import form_data, history, last_comment, make_comment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _akismet_off(no_akismet):
    return no_akismet


class TestIntegrity:
    def test_honeypot_filled_is_refused_and_nothing_stored(self, article, discussion, post_comment):
        response = post_comment(article, honeypot="http://bot.example/")
        assert response.status_code == 400
        assert "Comment not accepted" in response.content.decode()
        assert not Comment.objects.exists()

    def test_forged_security_hash_shows_form_again_with_text_and_nothing_stored(
        self, article, discussion, post_comment
    ):
        response = post_comment(article, security_hash="0" * 40, comment="Kept after a stale form")
        assert response.status_code == 400
        page = response.content.decode()
        assert "This form was open too long" in page
        assert "Kept after a stale form</textarea>" in page
        assert 'value="0000000000000000000000000000000000000000"' not in page
        assert not Comment.objects.exists()

    def test_expired_timestamp_can_simply_be_sent_again(self, article, discussion, post_comment, client):
        import re

        data = form_data(article, timestamp="1000000000")
        response = client.post("/comments/post/", data)
        assert response.status_code == 400
        page = response.content.decode()
        fresh = {name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1)
                 for name in ("timestamp", "security_hash")}
        response = post_comment(article, **fresh)
        assert response.status_code == 303
        assert Comment.objects.count() == 1

    def test_a_post_from_another_site_or_from_nowhere_is_refused(self, article, discussion):
        client = Client(enforce_csrf_checks=True)
        assert client.post("/comments/post/", form_data(article)).status_code == 403
        assert client.post("/comments/post/", form_data(article), HTTP_ORIGIN="https://forger.example").status_code == 403
        assert client.post("/comments/post/", form_data(article),
                           HTTP_REFERER="https://forger.example/a-page/").status_code == 403
        assert not Comment.objects.exists()

    def test_an_anonymous_post_from_the_shared_page_needs_no_token(self, article, discussion):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/comments/post/", form_data(article, comment="Салам! Бул жерде токен жок."),
                               HTTP_REFERER=article.get_full_url())
        assert response.status_code == 303 and last_comment().comment == "Салам! Бул жерде токен жок."

    def test_a_signed_in_persons_post_still_needs_the_csrf_token(self, article, discussion):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user(username="staffer", is_staff=True))
        refused = client.post("/comments/post/", form_data(article), HTTP_ORIGIN="http://testserver")
        assert refused.status_code == 403 and not Comment.objects.exists()
        token = client.get(article.get_absolute_url()).cookies["csrftoken"].value
        accepted = client.post("/comments/post/", {**form_data(article), "csrfmiddlewaretoken": token},
                               HTTP_ORIGIN="http://testserver")
        assert accepted.status_code == 303 and Comment.objects.count() == 1

    def test_unknown_target_is_refused(self, article, discussion, post_comment):
        assert post_comment(article, content_type="auth.user").status_code == 400
        assert post_comment(article, object_pk="999999").status_code == 400
        assert not Comment.objects.exists()

    def test_unpublished_article_is_refused(self, article, discussion, post_comment):
        article.status = article.Status.DRAFT
        article.save()
        assert post_comment(article).status_code == 400
        assert not Comment.objects.exists()

    def test_get_is_not_allowed(self, client):
        assert client.get("/comments/post/").status_code == 405


class TestAfterPosting:
    def test_redirects_to_the_comment_permalink(self, article, discussion, post_comment):
        response = post_comment(article)
        comment = last_comment()
        assert response.status_code == 303
        assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"

    def test_approved_comment_appears_at_its_permalink(self, article, discussion, post_comment):
        response = post_comment(article, comment="Visible at once", follow=True)
        comment = last_comment()
        page = response.content.decode()
        assert f'id="comment-{comment.pk}"' in page
        assert "Visible at once" in page
        assert "awaiting moderation" not in page

    def test_held_comment_is_shown_to_its_author_only(self, article, discussion, post_comment, client):
        discussion.manual_approval = True
        discussion.save()
        page = post_comment(article, comment="Please approve me", follow=True).content.decode()
        assert "Please approve me" in page
        assert "Your comment is awaiting moderation." in page
        stranger = Client().get(article.get_absolute_url()).content.decode()
        assert "Please approve me" not in stranger
        assert "awaiting moderation" not in stranger

    def test_held_comment_is_not_counted_in_the_heading(self, article, discussion, post_comment):
        discussion.manual_approval = True
        discussion.save()
        page = post_comment(article, follow=True).content.decode()
        assert "No thoughts on" in page

    def test_pending_cookie_cannot_be_forged(self, article, discussion):
        held = make_comment(article, status=Comment.Status.PENDING, comment="Someone else's held words")
        client = Client()
        client.cookies[PENDING_COOKIE] = str(held.pk)
        assert "Someone else's held words" not in client.get(article.get_absolute_url()).content.decode()

    def test_pending_cookie_is_signed_and_http_only(self, article, discussion, post_comment, client):
        post_comment(article)
        cookie = client.cookies[PENDING_COOKIE]
        assert cookie["httponly"]
        assert str(last_comment().pk) in cookie.value and ":" in cookie.value

    def test_history_starts_with_received(self, article, discussion, post_comment):
        post_comment(article)
        assert history(last_comment()) == ["Received", "Approved: no rule held it"]

    def test_client_ip_from_trusted_proxy_header(self, article, discussion, client, settings,
                                                 django_capture_on_commit_callbacks):
        settings.BLUEDOMES_CLIENT_IP_HEADER = "X-Forwarded-For"
        client.post("/comments/post/", form_data(article), HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.23")
        assert last_comment().ip_address == "198.51.100.23"

    def test_forwarded_header_ignored_when_not_configured(self, article, discussion, client, settings):
        settings.BLUEDOMES_CLIENT_IP_HEADER = ""
        client.post("/comments/post/", form_data(article), HTTP_X_FORWARDED_FOR="198.51.100.23")
        assert last_comment().ip_address == "127.0.0.1"


class TestReplies:
    def test_reply_link_works_without_javascript(self, article, discussion, client):
        parent = make_comment(article, user_name="Farid")
        page = client.get(f"{article.get_absolute_url()}?replytocom={parent.pk}").content.decode()
        assert "Leave a Reply to Farid" in page
        assert "Cancel reply" in page
        assert f'name="reply_to" value="{parent.pk}"' in page

    def test_plain_page_offers_a_top_level_reply(self, article, discussion, client):
        make_comment(article)
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Leave a Reply</span>" in page
        assert 'name="reply_to" value="0"' in page

    def test_reply_is_threaded_under_its_parent(self, article, discussion, post_comment):
        parent = make_comment(article)
        post_comment(article, reply_to=str(parent.pk), comment="I agree with you")
        reply = last_comment()
        assert reply.parent_id == parent.pk
        assert reply.thread_id == parent.thread_id
        assert reply.level == 1

    def test_reply_to_a_held_comment_is_refused(self, article, discussion, post_comment):
        parent = make_comment(article, status=Comment.Status.PENDING)
        response = post_comment(article, reply_to=str(parent.pk), comment="Replying to the unseen")
        assert response.status_code == 400
        assert "cannot be replied to" in response.content.decode()
        assert Comment.objects.count() == 1

    def test_reply_beyond_the_thread_depth_is_refused(self, article, discussion, post_comment, settings):
        top = make_comment(article)
        second = make_comment(article, parent=top)
        third = make_comment(article, parent=second)
        response = post_comment(article, reply_to=str(third.pk))
        assert response.status_code == 400
        assert Comment.objects.count() == 3

    def test_reply_to_another_articles_comment_is_refused(self, article, author, discussion, post_comment):
        from tests.factories import make_article

        elsewhere = make_comment(make_article(author=author))
        assert post_comment(article, reply_to=str(elsewhere.pk)).status_code == 400

    def test_error_on_a_reply_keeps_the_reply_heading(self, article, discussion, post_comment):
        parent = make_comment(article, user_name="Farid")
        response = post_comment(article, reply_to=str(parent.pk), email="")
        page = response.content.decode()
        assert "Leave a Reply to Farid" in page
        assert f'name="reply_to" value="{parent.pk}"' in page


class TestRememberMe:
    def test_cookie_set_only_when_ticked_and_prefills_the_form(self, article, discussion, post_comment, client):
        post_comment(article, name="Dana Reader", email="dana@example.org", url="https://dana.example/",
                     remember="on")
        assert REMEMBER_COOKIE in client.cookies
        assert client.cookies[REMEMBER_COOKIE]["max-age"] == 365 * 24 * 3600
        page = client.get(article.get_absolute_url()).content.decode()
        assert 'value="Dana Reader"' in page
        assert 'value="dana@example.org"' in page
        assert 'value="https://dana.example/"' in page
        assert 'name="remember" id="id_remember" checked' in page

    def test_no_cookie_when_not_ticked(self, article, discussion, post_comment, client):
        post_comment(article)
        assert REMEMBER_COOKIE not in client.cookies

    def test_cookie_cleared_when_unticked(self, article, discussion, post_comment, client):
        post_comment(article, remember="on", comment="First")
        response = post_comment(article, comment="Second")
        assert response.cookies[REMEMBER_COOKIE].value == ""
        assert response.cookies[REMEMBER_COOKIE]["max-age"] == 0

    def test_remembered_email_is_not_in_anyone_elses_page(self, article, discussion, post_comment):
        post_comment(article, email="private@example.org", remember="on")
        assert "private@example.org" not in Client().get(article.get_absolute_url()).content.decode()


class TestFollowUps:
    def test_notify_me_requests_a_subscription(self, article, discussion, post_comment):
        post_comment(article, email="Follower@Example.org", followup="on")
        subscription = Subscription.objects.get(article=article)
        assert subscription.email == "follower@example.org"
        assert subscription.confirmed_at is None

    def test_no_subscription_when_not_ticked(self, article, discussion, post_comment):
        post_comment(article)
        assert not Subscription.objects.exists()

    def test_no_subscription_for_spam(self, article, discussion, akismet, post_comment):
        akismet.verdict = "spam"
        post_comment(article, followup="on")
        assert not Subscription.objects.exists()

    def test_no_subscription_for_trashed_comment(self, article, discussion, post_comment):
        discussion.disallowed_keys = "forbidden"
        discussion.save()
        post_comment(article, comment="forbidden words", followup="on")
        assert not Subscription.objects.exists()


class TestLoggedIn:
    def test_form_greets_a_logged_in_user_without_name_fields(self, article, discussion, client):
        client.force_login(article.author)
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Logged in as Amira Karimova." in page
        assert 'id="id_email"' not in page and 'id="id_name"' not in page

    def test_akismet_notice_hidden_when_akismet_is_off(self, article, discussion, client):
        page = client.get(article.get_absolute_url()).content.decode()
        assert "This site uses Akismet" not in page

    def test_akismet_notice_links_to_privacy_page_when_on(self, article, discussion, akismet, client):
        page = client.get(article.get_absolute_url()).content.decode()
        assert "This site uses Akismet to reduce spam." in page
        assert '<a href="/comments/privacy/">Learn how your comment data is processed.</a>' in page
