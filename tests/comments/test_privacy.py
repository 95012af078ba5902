"""Export and erase a commenter's personal data; erase old technical data on a schedule."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, DiscussionSettings, Subscription
from comments.privacy import erase_old_technical_data
from tests.comments.conftest import history, make_comment
from tests.factories import make_user

Status = Comment.Status
SENT = {"user_ip": "203.0.113.9", "user_agent": "Mozilla/5.0 Private/1.0", "comment_author_email": "lena@example.org"}


@pytest.fixture
def lena(article):
    """Two comments by one reader (one address in two spellings), a subscription, and a stranger's comment."""
    comments = [
        make_comment(article, user_name="Lena", user_email="lena@example.org", user_url="https://lena.example/",
                     comment="My first remark.", user_agent="Mozilla/5.0 Private/1.0", referrer="https://ref.example/",
                     akismet_request=SENT, days_ago=3),
        make_comment(article, status=Status.PENDING, user_name="Lena K.", user_email="LENA@example.org",
                     comment="A second thought.", ip_address="198.51.100.2"),
    ]
    Subscription.objects.create(article=article, email="lena@example.org", confirmed_at=timezone.now())
    stranger = make_comment(article, user_name="Omar", user_email="omar@example.org", comment="Unrelated.",
                            user_agent="Other/1.0", akismet_request={"user_ip": "192.0.2.1"})
    return {"comments": comments, "stranger": stranger}


class TestExport:
    def test_command_prints_everything_held_about_an_address(self, lena, article):
        out = StringIO()
        call_command("export_personal_data", " Lena@Example.org ", stdout=out)
        data = json.loads(out.getvalue())
        assert [c["text"] for c in data["comments"]] == ["My first remark.", "A second thought."]
        first = data["comments"][0]
        assert first["name"] == "Lena" and first["website"] == "https://lena.example/"
        assert first["ip_address"] == "203.0.113.9" and first["user_agent"] == "Mozilla/5.0 Private/1.0"
        assert first["referrer"] == "https://ref.example/" and first["sent_to_akismet"] == SENT
        assert first["article"] == article.title and first["article_url"] == article.get_full_url()
        assert data["subscriptions"][0]["article"] == article.title and data["subscriptions"][0]["confirmed"]
        assert "Omar" not in out.getvalue() and "Unrelated." not in out.getvalue()

    def test_unknown_address_exports_nothing(self, lena):
        out = StringIO()
        call_command("export_personal_data", "nobody@example.org", stdout=out)
        data = json.loads(out.getvalue())
        assert data["comments"] == [] and data["subscriptions"] == []


class TestErase:
    def test_command_anonymises_comments_and_drops_subscriptions(self, lena):
        out = StringIO()
        call_command("erase_personal_data", "lena@example.org", stdout=out)
        assert "2 comment(s)" in out.getvalue() and "1 subscription(s)" in out.getvalue()
        for comment in lena["comments"]:
            comment.refresh_from_db()
            assert (comment.user_name, comment.user_email, comment.user_url) == ("Anonymous", "", "")
            assert comment.ip_address is None and comment.user_agent == "" and comment.referrer == ""
            assert comment.akismet_request == {}
            assert history(comment)[-1] == "Personal data erased"
        assert lena["comments"][0].comment == "My first remark."  # the discussion stays readable
        assert lena["comments"][1].status == Status.PENDING
        assert not Subscription.objects.exists()
        stranger = Comment.objects.get(pk=lena["stranger"].pk)
        assert stranger.user_email == "omar@example.org" and stranger.akismet_request == {"user_ip": "192.0.2.1"}

    def test_erased_address_exports_nothing(self, lena):
        call_command("erase_personal_data", "lena@example.org", stdout=StringIO())
        out = StringIO()
        call_command("export_personal_data", "lena@example.org", stdout=out)
        assert json.loads(out.getvalue())["comments"] == []

    def test_logged_in_commenter_is_unlinked_from_the_account(self, article):
        member = make_user(email="member@example.org")
        comment = make_comment(article, user=member, user_email="member@example.org", user_name="Member")
        call_command("erase_personal_data", "member@example.org", stdout=StringIO())
        comment.refresh_from_db()
        assert comment.user is None and comment.name == "Anonymous"


class TestAdminActions:
    @pytest.fixture
    def mod_client(self, db, client):
        client.force_login(make_user(username="mona", is_staff=True, groups=[Group.objects.get(name="Moderators")]))
        return client

    def test_export_action_downloads_json(self, mod_client, lena):
        response = mod_client.post(reverse("admin:comments_comment_changelist"), {
            "action": "export_personal_data", "_selected_action": [lena["comments"][1].pk], "index": "0",
        })
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Disposition"].startswith("attachment;")
        (export,) = json.loads(response.content)
        assert export["email"] == "lena@example.org" and len(export["comments"]) == 2

    def test_erase_action_confirms_then_erases_and_records_who(self, mod_client, lena):
        url = reverse("admin:comments_comment_changelist")
        data = {"action": "erase_personal_data", "_selected_action": [lena["comments"][0].pk], "index": "0"}
        confirm = mod_client.post(url, data)
        assert confirm.status_code == 200 and "lena@example.org" in confirm.content.decode()
        assert Comment.objects.filter(user_email__iexact="lena@example.org").count() == 2
        done = mod_client.post(url, {**data, "confirmed": "yes"})
        assert done.status_code == 302
        assert not Comment.objects.filter(user_email__iexact="lena@example.org").exists()
        erased = Comment.objects.get(pk=lena["comments"][0].pk)
        assert erased.events.last().actor.username == "mona"


class TestScheduledErase:
    def test_old_comments_lose_ip_and_akismet_data_only(self, lena):
        rules = DiscussionSettings.load()
        rules.erase_personal_data_after_days = 2
        rules.save()
        assert erase_old_technical_data() == 1
        old, recent = (Comment.objects.get(pk=c.pk) for c in lena["comments"])
        assert old.ip_address is None and old.user_agent == "" and old.referrer == "" and old.akismet_request == {}
        assert old.user_name == "Lena" and old.user_email == "lena@example.org"  # not an erasure request
        assert recent.ip_address == "198.51.100.2"
        assert Comment.objects.get(pk=lena["stranger"].pk).akismet_request == {"user_ip": "192.0.2.1"}
        assert erase_old_technical_data() == 0  # nothing left to erase

    def test_ips_are_erased_after_thirty_days_by_default(self, lena):
        assert DiscussionSettings.load().erase_personal_data_after_days == 30
        # The oldest comment was written three days ago.
        assert erase_old_technical_data(now=timezone.now() + timedelta(days=26)) == 0
        assert erase_old_technical_data(now=timezone.now() + timedelta(days=28)) == 1
        assert Comment.objects.get(pk=lena["comments"][0].pk).ip_address is None
        assert Comment.objects.get(pk=lena["comments"][1].pk).ip_address == "198.51.100.2"

    def test_zero_days_keeps_everything(self, lena):
        DiscussionSettings.objects.filter(pk=DiscussionSettings.load().pk).update(erase_personal_data_after_days=0)
        assert erase_old_technical_data(now=timezone.now() + timedelta(days=3650)) == 0
        assert Comment.objects.get(pk=lena["comments"][0].pk).ip_address == "203.0.113.9"
