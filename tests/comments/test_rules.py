"""The local rules (WordPress's discussion settings), each on its own and
through a real POST. Akismet is off here unless a test says otherwise, so
the rules alone decide."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from comments import rules
from comments.models import Comment
from tests.comments.conftest import history, last_comment, make_comment
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _akismet_off(no_akismet):
    return no_akismet


def unsaved(article, **fields):
    fields.setdefault("user_name", "Dana Reader")
    fields.setdefault("user_email", "dana@example.org")
    fields.setdefault("comment", "Plain words.")
    return Comment(content_object=article, site_id=1, ip_address="203.0.113.5", **fields)


class TestClosed:
    def test_open_by_default(self, article, discussion):
        assert not rules.comments_closed(article, discussion)

    def test_closed_when_article_disallows_comments(self, article, discussion):
        article.allow_comments = False
        assert rules.comments_closed(article, discussion)

    def test_closed_after_n_days(self, discussion, author):
        discussion.close_after_days = 14
        old = make_article(author=author, published_at=timezone.now() - timedelta(days=15))
        recent = make_article(author=author, published_at=timezone.now() - timedelta(days=13))
        assert rules.comments_closed(old, discussion)
        assert not rules.comments_closed(recent, discussion)

    def test_post_to_closed_article_is_refused_and_nothing_stored(self, article, discussion, post_comment):
        article.allow_comments = False
        article.save()
        response = post_comment(article, comment="Too late?")
        assert response.status_code == 403
        assert "Comments are closed." in response.content.decode()
        assert not Comment.objects.exists()

    def test_closed_article_shows_message_instead_of_form(self, article, discussion, client):
        article.allow_comments = False
        article.save()
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Comments are closed." in page
        assert 'id="commentform"' not in page


class TestRequiredFields:
    def test_rule(self, discussion):
        assert rules.missing_name_or_email("", "a@example.org", discussion)
        assert rules.missing_name_or_email("Ann", " ", discussion)
        assert not rules.missing_name_or_email("Ann", "a@example.org", discussion)
        discussion.require_name_email = False
        assert not rules.missing_name_or_email("", "", discussion)

    def test_missing_email_refused_with_text_kept(self, article, discussion, post_comment):
        response = post_comment(article, email="", comment="My words stay here")
        assert response.status_code == 400
        page = response.content.decode()
        assert '<span class="field-error" id="id_email-error">Please fill in your email address.</span>' in page
        assert "My words stay here</textarea>" in page
        assert not Comment.objects.exists()

    def test_logged_in_user_without_email_may_comment(self, article, discussion, post_comment, client):
        editor = make_user(username="noemail", email="", first_name="Nur", last_name="Ali")
        client.force_login(editor)
        post_comment(article, comment="Staff without an address")
        comment = last_comment()
        assert comment.user == editor and comment.user_name == "Nur Ali"

    def test_anonymous_allowed_when_not_required(self, article, discussion, post_comment):
        discussion.require_name_email = False
        discussion.save()
        post_comment(article, name="", email="")
        assert last_comment().status == Comment.Status.APPROVED


class TestDuplicate:
    def test_rule(self, article):
        make_comment(article, user_email="dana@example.org", comment="Same words")
        assert rules.is_duplicate(article, "DANA@example.org", "Same words")
        assert not rules.is_duplicate(article, "dana@example.org", "Other words")
        assert not rules.is_duplicate(article, "other@example.org", "Same words")

    def test_same_words_on_another_article_are_not_a_duplicate(self, article):
        make_comment(article, user_email="dana@example.org", comment="Сол сөздер")
        other = make_article(title="Басқа мақала", slug="baska")
        assert not rules.is_duplicate(other, "dana@example.org", "Сол сөздер")
        assert rules.is_duplicate(article, "Dana@Example.org", "Сол сөздер")

    def test_wildcards_in_an_address_match_only_themselves(self, article):
        make_comment(article, user_email="dana@example.org", comment="Same words")
        make_comment(article, user_email="d%_n@example.org", comment="Other words")
        assert not rules.is_duplicate(article, "d%@example.org", "Same words")
        assert not rules.is_duplicate(article, "d_na@example.org", "Same words")
        assert rules.is_duplicate(article, "D%_N@example.org", "Other words")

    def test_trashed_comment_is_not_a_duplicate(self, article):
        make_comment(article, status=Comment.Status.TRASH, user_email="dana@example.org", comment="Same words")
        assert not rules.is_duplicate(article, "dana@example.org", "Same words")

    def test_duplicate_post_rejected_with_message_and_text_kept(self, article, discussion, post_comment):
        post_comment(article, comment="Said once")
        response = post_comment(article, comment="Said once")
        assert response.status_code == 400
        page = response.content.decode()
        assert "Duplicate comment detected" in page
        assert "Said once</textarea>" in page
        assert Comment.objects.count() == 1


class TestLinks:
    def test_counts_anchors_and_bare_urls(self):
        assert rules.count_links("no links") == 0
        assert rules.count_links("see https://a.example and www.b.example") == 2
        assert rules.count_links('<a href="https://a.example">a</a> and https://b.example/x') == 2

    def test_two_links_hold_by_default(self, article, discussion, post_comment):
        post_comment(article, comment="Read https://a.example/1 and https://b.example/2")
        comment = last_comment()
        assert comment.status == Comment.Status.PENDING
        assert history(comment)[-1] == "Held: contains 2 links"

    def test_one_link_passes(self, article, discussion, post_comment):
        post_comment(article, comment="Read https://a.example/1")
        assert last_comment().status == Comment.Status.APPROVED

    def test_zero_turns_the_rule_off(self, article, discussion, post_comment):
        discussion.hold_link_count = 0
        discussion.save()
        post_comment(article, comment="https://a.example https://b.example https://c.example")
        assert last_comment().status == Comment.Status.APPROVED


class TestKeys:
    def test_matching_key_searches_every_field(self, article):
        comment = unsaved(article, user_url="https://casino.example/", user_agent="SpamBot/2")
        assert rules.matching_key("casino", comment) == "casino"
        assert rules.matching_key("\n  spambot \n", comment) == "spambot"
        assert rules.matching_key("203.0.113.5", comment) == "203.0.113.5"
        assert rules.matching_key("nothing\nhere", comment) is None
        assert rules.matching_key("", comment) is None

    def test_moderation_key_holds(self, article, discussion, post_comment):
        discussion.moderation_keys = "pipeline politics"
        discussion.save()
        post_comment(article, comment="On Pipeline Politics again")
        comment = last_comment()
        assert comment.status == Comment.Status.PENDING
        assert "moderation key" in history(comment)[-1]

    def test_disallowed_key_trashes_without_asking_akismet(self, article, discussion, akismet, post_comment):
        discussion.disallowed_keys = "cheap-pills.example"
        discussion.save()
        post_comment(article, url="https://cheap-pills.example/")
        comment = last_comment()
        assert comment.status == Comment.Status.TRASH
        assert not comment.awaiting_check
        assert "disallowed key" in history(comment)[-1]
        assert akismet.requests_to("comment-check") == []


def plan_of_the_query_in(check):
    """The database's plan for the SELECT that ``check()`` sends; on
    PostgreSQL with sequential scans priced out: whether an index can serve it
    at all."""
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        check()
    (sql, params), = [statement for statement in statements if statement[0].lstrip().startswith("SELECT")]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(row[3] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


class TestEmailIndex:
    @pytest.fixture(autouse=True)
    def _busy_site(self, article):
        # Statistics of a site with many commenters, so the planner weighs
        # the indexes as it would in production rather than for a few rows.
        for number in range(40):
            make_comment(article, user_name=f"Reader {number}", user_email=f"reader{number}@example.org")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "sqlite" else
                           "ANALYZE django_comments, django_comments_xtd_xtdcomment, comments_comment")

    def test_duplicate_check_finds_the_address_through_its_index(self, article):
        make_comment(article, user_email="Айгерим@example.kz", comment="Бірдей сөздер")
        plan = plan_of_the_query_in(lambda: rules.is_duplicate(article, "айгерим@example.kz", "Бірдей сөздер"))
        assert "comments_user_email_upper" in plan

    def test_known_author_check_finds_the_address_through_its_index(self, article):
        make_comment(article, user_name="Дана", user_email="dana@example.org")
        plan = plan_of_the_query_in(lambda: rules.is_known_author(unsaved(article, user_name="Дана")))
        assert "comments_user_email_upper" in plan


class TestAuthors:
    def test_known_author_rule(self, article):
        make_comment(article, user_name="Dana Reader", user_email="dana@example.org")
        assert rules.is_known_author(unsaved(article, user_email="Dana@Example.org"))
        assert not rules.is_known_author(unsaved(article, user_name="Someone Else"))

    def test_an_address_with_wildcards_is_not_a_known_author(self, article):
        make_comment(article, user_name="Dana Reader", user_email="dana@example.org")
        assert not rules.is_known_author(unsaved(article, user_email="%@example.org"))
        assert not rules.is_known_author(unsaved(article, user_email="d_na@example.org"))

    def test_pending_comment_does_not_make_a_known_author(self, article):
        make_comment(article, status=Comment.Status.PENDING)
        assert not rules.is_known_author(unsaved(article, user_name="Sam Commenter", user_email="sam@example.org"))

    def test_first_comment_held_then_known_author_approved(self, article, discussion, post_comment):
        discussion.approve_known_authors = True
        discussion.save()
        post_comment(article, comment="First time here")
        first = last_comment()
        assert first.status == Comment.Status.PENDING
        assert history(first)[-1] == "Held: first comment from this author"
        Comment.objects.filter(pk=first.pk).update(status=Comment.Status.APPROVED, is_public=True)
        post_comment(article, comment="Back again")
        second = last_comment()
        assert second.status == Comment.Status.APPROVED
        assert "previously approved" in history(second)[-1]

    def test_manual_approval_holds_everyone_else(self, article, discussion, post_comment):
        discussion.manual_approval = True
        discussion.save()
        post_comment(article)
        assert last_comment().status == Comment.Status.PENDING

    def test_article_author_is_approved_even_with_manual_approval(self, article, discussion, post_comment, client):
        discussion.manual_approval = True
        discussion.save()
        client.force_login(article.author)
        post_comment(article, name="", email="", comment="Author here, answering.")
        comment = last_comment()
        assert comment.status == Comment.Status.APPROVED
        assert comment.user == article.author
        assert comment.user_email == article.author.email

    def test_moderator_is_approved_even_with_links(self, article, discussion, post_comment, client):
        moderator = make_user(username="modi")
        moderator.groups.add(Group.objects.get_or_create(name="Moderators")[0])
        client.force_login(moderator)
        post_comment(article, comment="Sources: https://a.example https://b.example https://c.example")
        assert last_comment().status == Comment.Status.APPROVED

    def test_other_staff_are_not_privileged(self, article):
        other_author = make_user(is_staff=True)
        assert not rules.is_privileged(other_author, article)
        assert rules.is_privileged(article.author, article)


class TestPings:
    def test_ping_skips_the_known_author_rule(self, article, discussion, django_capture_on_commit_callbacks):
        from comments import pipeline

        discussion.approve_known_authors = True
        discussion.save()
        with django_capture_on_commit_callbacks(execute=True):
            ping = pipeline.receive_ping(
                article, type="pingback", source_url="https://other.example/a/", source_title="A post",
                source_site_name="Other", excerpt="[…] words […]", ip_address="198.51.100.1",
            )
        ping.refresh_from_db()
        assert ping.status == Comment.Status.APPROVED
        assert ping.user_name == "A post" and ping.user_url == "https://other.example/a/"
        assert ping.ping_key == pipeline.ping_key(article, "https://other.example/a/")

    def test_duplicate_ping_raises(self, article, discussion):
        from comments import pipeline

        kwargs = dict(type="pingback", source_url="https://other.example/a/", source_title="A post",
                      source_site_name="", excerpt="x", ip_address="198.51.100.1")
        pipeline.receive_ping(article, **kwargs)
        with pytest.raises(pipeline.DuplicatePing):
            pipeline.receive_ping(article, **kwargs)
        assert Comment.objects.count() == 1
