"""Comments, pingbacks and trackbacks from the export: threads, statuses,
people, dates and types, and an import that tells nobody anything."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import XtdComment

from articles.models import Article
from comments.models import Comment, CommentEvent, LinkNotification
from comments.pipeline import ping_key
from tests.factories import make_user
from tests.wordpress.conftest import FIXTURE, run_import

pytestmark = pytest.mark.django_db

Status, Type = Comment.Status, Comment.Type


def comment(wp_id):
    return Comment.objects.get(wordpress_id=wp_id)


def test_replies_keep_their_thread_and_the_fourth_level_hangs_at_the_deepest_allowed(imported, settings):
    assert settings.COMMENTS_XTD_MAX_THREAD_LEVEL == 2
    first, second, third, fourth = (comment(n) for n in (1001, 1002, 1003, 1004))
    assert (first.level, second.level, third.level, fourth.level) == (0, 1, 2, 2)
    assert {c.thread_id for c in (first, second, third, fourth)} == {first.pk}
    assert (second.parent_id, third.parent_id) == (first.pk, second.pk)
    # Its real parent (level 2) takes no replies here: it is shown right after
    # it, as a reply to the grandparent, where WordPress would have shown it.
    assert fourth.parent_id == second.pk
    assert [c.wordpress_id for c in Comment.objects.filter(thread_id=first.pk).order_by("order")] == [1001, 1002, 1003, 1004]
    assert (first.nested_count, second.nested_count, third.nested_count) == (3, 2, 0)
    assert "comment #1004 on #101 “Bazaar prices in spring”: nested deeper than the site allows" in imported


def test_bulk_threading_matches_what_xtd_computes_one_comment_at_a_time(imported, settings):
    """Saving the same four-deep thread through XtdComment.save, comment by
    comment, gives the same level/order/nested_count the import wrote."""
    post = Article.objects.get(wordpress_id=101)
    by_wp = {c.wordpress_id: c for c in Comment.objects.for_article(post)}
    replay = {}
    for wp_id in sorted(by_wp, key=lambda n: (by_wp[n].submit_date, n)):
        original = by_wp[wp_id]
        parent = 0
        if original.parent_id != original.pk:
            parent = replay[next(n for n, c in by_wp.items() if c.pk == original.parent_id)].pk
        copy = XtdComment(
            content_type=original.content_type, object_pk=original.object_pk, site_id=original.site_id,
            comment=original.comment, submit_date=original.submit_date, parent_id=parent,
        )
        copy.save()
        replay[wp_id] = copy
    for wp_id, original in by_wp.items():
        copy = XtdComment.objects.get(pk=replay[wp_id].pk)
        root_wp = next(n for n, c in by_wp.items() if c.pk == original.thread_id)
        assert (original.level, original.order, original.nested_count) == (copy.level, copy.order, copy.nested_count)
        assert copy.thread_id == replay[root_wp].pk


@pytest.mark.parametrize(
    ("wp_id", "status", "is_public", "is_removed"),
    [
        (1001, Status.APPROVED, True, False),
        (1008, Status.SPAM, False, True),
        (1009, Status.PENDING, False, False),
        (1010, Status.TRASH, False, True),
    ],
)
def test_statuses_and_xtd_flags_agree(imported, wp_id, status, is_public, is_removed):
    imported_comment = comment(wp_id)
    assert (imported_comment.status, imported_comment.is_public, imported_comment.is_removed) == (
        status, is_public, is_removed,
    )


def test_readers_see_only_approved_comments(imported):
    post = Article.objects.get(wordpress_id=101)
    assert set(Comment.objects.for_article(post).approved().values_list("wordpress_id", flat=True)) == {
        1001, 1002, 1003, 1004, 1005, 1006, 1007, 1012,
    }


def test_author_email_url_ip_and_date_are_kept(imported):
    aziz = comment(1001)
    assert (aziz.user_name, aziz.user_email, aziz.user_url, aziz.ip_address) == (
        "Aziz", "aziz@readers.example", "https://aziz.example/", "203.0.113.7",
    )
    assert aziz.submit_date == datetime(2023, 4, 12, 10, 0, tzinfo=UTC)
    assert comment(1005).ip_address == "2001:db8::5"
    assert comment(1012).ip_address is None  # "not-an-ip" in the export
    assert comment(2001).user_name == "Жанар Ахметова"
    assert comment(2001).comment == "Рахмет! Көктем келді."


def test_a_comment_by_a_known_author_is_linked_to_their_user(imported):
    assert comment(1002).user.username == "olga"
    assert comment(1001).user is None


def test_pingbacks_and_trackbacks_keep_their_type_and_source(imported):
    pingback, trackback = comment(1006), comment(1007)
    post = Article.objects.get(wordpress_id=101)
    assert pingback.type == Type.PINGBACK
    assert pingback.source_url == "https://trade-winds.example/2023/04/routes-through-the-valley/"
    assert pingback.source_title == "Trade Winds » Routes through the valley"
    assert pingback.ping_key == ping_key(post, pingback.source_url)
    assert trackback.type == Type.TRACKBACK
    assert (trackback.source_url, trackback.source_title) == ("https://caravan-log.example/archives/88", "Caravan Log")
    assert set(Comment.objects.for_article(post).pings().values_list("wordpress_id", flat=True)) == {1006, 1007}


def test_article_page_shows_imported_comments_and_pings(imported, client):
    response = client.get("/2023/04/12/bazaar-prices-in-spring/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bread went up in our town too." in page
    assert "Fourth level: thanks, that settles it." in page
    assert "Routes through the valley" in page
    assert "Great post! Visit my shop." not in page
    assert "Waiting for a moderator" not in page


def test_akismet_verdict_from_the_wordpress_plugin_is_kept(imported):
    assert comment(1008).akismet_verdict == Comment.Verdict.SPAM
    assert comment(1009).akismet_verdict == Comment.Verdict.HAM
    assert comment(1001).akismet_verdict == Comment.Verdict.UNCHECKED


def test_each_comment_gets_one_history_line(imported):
    assert CommentEvent.objects.count() == Comment.objects.count() == 12
    event = comment(1008).events.get()
    assert (event.message, event.to_status, event.actor) == ("Imported from WordPress", "spam", None)


def test_broken_comment_is_skipped_and_its_reply_becomes_top_level(imported):
    assert not Comment.objects.filter(wordpress_id=1011).exists()
    orphan = comment(1012)
    assert (orphan.level, orphan.parent_id, orphan.thread_id) == (0, orphan.pk, orphan.pk)
    assert "skipped comment #1011 on #101 “Bazaar prices in spring”: broken comment_date_gmt" in imported
    assert "comment #1012 on #101 “Bazaar prices in spring”: its parent #1011 was not imported" in imported


def test_import_sends_no_email_asks_akismet_nothing_and_pings_nobody(
    db, media_dir, media_root, akismet, django_capture_on_commit_callbacks
):
    # Someone who would be emailed about a held comment, were one "posted".
    make_user(username="mod", email="mod@example.org", groups=[Group.objects.get(name="Moderators")])
    with django_capture_on_commit_callbacks(execute=True):
        run_import(media_dir=str(media_dir))
    assert Comment.objects.filter(status=Status.PENDING).exists()
    assert Comment.objects.filter(status=Status.APPROVED, user_email__gt="").exists()
    assert mail.outbox == []
    assert akismet.requests == []
    # The articles link to other sites, and they are published: a post_save
    # would have had outbound.notify_linked_sites record a notification.
    assert not LinkNotification.objects.exists()


def test_a_reimport_shows_at_once_on_a_cached_article_page(imported, client, tmp_path, media_dir):
    """Bulk writes send no signals, so the import itself retires the
    article's cached comment thread."""
    page = "/2023/04/12/bazaar-prices-in-spring/"
    assert "is the flour price official?" not in client.get(page).content.decode()
    text = FIXTURE.read_text().replace(
        "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>", "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>"
    )
    changed = tmp_path / "approved.xml"
    changed.write_text(text)
    run_import(changed, media_dir=str(media_dir))
    assert "is the flour price official?" in client.get(page).content.decode()


def test_the_report_asks_for_the_depth_the_export_needs(imported, settings):
    assert "The export has comments nested 4 levels deep; this site shows 3 (COMMENTS_THREAD_DEPTH)" in imported
    assert "Set COMMENTS_THREAD_DEPTH=4" in imported


@pytest.fixture
def deeper_threads(monkeypatch):
    """COMMENTS_THREAD_DEPTH=4, as a restart with it set gives: xtd copies its settings once."""
    assert xtd_settings.COMMENTS_XTD_MAX_THREAD_LEVEL == 2
    monkeypatch.setattr(xtd_settings._wrapped, "COMMENTS_XTD_MAX_THREAD_LEVEL", 3)


def test_importing_again_with_a_deeper_thread_depth_restores_the_original_parents(imported, deeper_threads, media_dir):
    output = run_import(media_dir=str(media_dir))
    first, second, third, fourth = (comment(n) for n in (1001, 1002, 1003, 1004))
    assert fourth.parent_id == third.pk and fourth.level == 3
    assert (first.level, second.level, third.level) == (0, 1, 2)
    assert [c.wordpress_id for c in Comment.objects.filter(thread_id=first.pk).order_by("order")] == [1001, 1002, 1003, 1004]
    assert (first.nested_count, second.nested_count, third.nested_count, fourth.nested_count) == (3, 2, 1, 0)
    assert "1 repl(ies) back under the comment they answer" in output
    assert "nested 4 levels deep" not in output


def test_a_reply_written_here_keeps_its_parent_when_the_thread_is_restored(imported, media_dir, monkeypatch):
    assert xtd_settings.COMMENTS_XTD_MAX_THREAD_LEVEL == 2
    post = Article.objects.get(wordpress_id=101)
    native = Comment(content_object=post, site_id=1, parent_id=comment(1001).pk, comment="Written after the move",
                     user_name="Reader", status=Status.APPROVED, is_public=True)
    native.save()
    monkeypatch.setattr(xtd_settings._wrapped, "COMMENTS_XTD_MAX_THREAD_LEVEL", 3)
    run_import(media_dir=str(media_dir))
    native.refresh_from_db()
    assert native.parent_id == comment(1001).pk and native.level == 1
    assert comment(1004).parent_id == comment(1003).pk
