"""The article page's cached comment thread (comments.thread_cache).

Every test first has the page served from the cache, then changes something
a reader could see the way it happens on the site (the moderation queue over
HTTP, the comment form, a ping from a loopback blog, the admin's change
forms), then reads the page again as a reader behind nginx does (the page
cache's file when there is one: tests.nginx_view): the change is there at
once. What belongs to one reader (held comments, the remembered name, the
reply form) never reaches another through the cache."""

import random
import xmlrpc.client
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import nh3
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from comments import moderation, text, thread_cache
from comments.cookies import REMEMBER_COOKIE, REMEMBER_SALT
from comments.models import CacheVersion, Comment, DiscussionSettings
from comments.thread_markup import comment_date
from tests.comments.conftest import form_data, make_comment, text_of
from tests.factories import make_article, make_category, make_image, make_tag, make_user
from tests.nginx_view import get_page
from tests.peers.blog import PeerBlog

pytestmark = pytest.mark.django_db

Status = Comment.Status
QUEUE = reverse("admin:comments_comment_changelist")
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "thread-cache-tests"}}


@pytest.fixture(autouse=True)
def real_cache(settings):
    """These tests need a cache that keeps things: the suite's own (local
    memory, or Redis under REDIS_URL), or local memory if a run disabled it."""
    if django_settings.CACHES["default"]["BACKEND"].endswith("DummyCache"):
        settings.CACHES = LOCMEM


@pytest.fixture(autouse=True)
def page_files(settings, tmp_path):
    """Every test here reads pages through the files nginx would serve too."""
    settings.BLUEDOMES_PAGE_CACHE_DIR = str(tmp_path / "page-cache")


@pytest.fixture
def moderator(db):
    return make_user(username="mona", is_staff=True, groups=[Group.objects.get(name="Moderators")])


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run a request or call as it runs on the site: its transaction commits,
    and what waits for the commit (the second bump, emails) runs."""

    def act(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return act


def moderate(mod_client, comment, move):
    response = mod_client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, move]))
    assert response.status_code == 302
    return response


def page(article, client=None):
    return get_page(article.get_absolute_url(), client)


def served_from_cache(article, client=None):
    """Render the page until its thread comes from the cache (the second
    view, at the latest) and return it; fails if the comments are still read."""
    client = client or Client()
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        html = page(article, client)
    assert not [q for q in queries if '"django_comments"' in q["sql"]], "the thread was not served from the cache"
    return html


def thread_text(html):
    """The words of the thread: heading and comments, without the form."""
    start = html.index('id="comments-title"')
    end = html.index('id="respond"') if 'id="respond"' in html else len(html)
    return text_of(html[start:end])


@pytest.fixture
def two_approved(article, discussion):
    return [
        make_comment(article, user_name="Ada", comment="The first remark on the border queue."),
        make_comment(article, user_name="Bo", comment="A second remark about the timetable."),
    ]


class TestModeratorActionsShowAtOnce:
    def test_approve_in_the_queue(self, article, two_approved, mod_client, act):
        held = make_comment(article, status=Status.PENDING, user_name="Cy", comment="Held until a moderator looks.")
        before = served_from_cache(article)
        assert "2 thoughts on" in before and "Held until a moderator looks." not in before

        act(moderate, mod_client, held, "approve")

        after = thread_text(page(article))
        assert "3 thoughts on" in after and "Held until a moderator looks." in after

    def test_approve_without_the_commit_hook_is_seen_by_the_next_request(self, article, two_approved, mod_client):
        """The synchronous bump alone: the moderator's own next page already
        shows the change, before anything deferred to the commit has run."""
        held = make_comment(article, status=Status.PENDING, comment="Approved just now.")
        served_from_cache(article)

        moderate(mod_client, held, "approve")

        assert "Approved just now." in page(article, mod_client)
        assert "Approved just now." in page(article)

    @pytest.mark.parametrize("move", ["spam", "trash", "unapprove"])
    def test_spam_trash_and_unapprove(self, article, two_approved, mod_client, act, move):
        assert "The first remark on the border queue." in served_from_cache(article)

        act(moderate, mod_client, two_approved[0], move)

        after = thread_text(page(article))
        assert "The first remark on the border queue." not in after and "One thought on" in after

    @pytest.mark.parametrize("bin_move,back", [("trash", "restore"), ("spam", "not_spam")])
    def test_restore_and_not_spam(self, article, two_approved, mod_client, act, bin_move, back):
        act(moderate, mod_client, two_approved[1], bin_move)
        assert "A second remark about the timetable." not in served_from_cache(article)

        act(moderate, mod_client, two_approved[1], back)

        after = thread_text(page(article))
        assert "A second remark about the timetable." in after and "2 thoughts on" in after

    def test_bulk_approve_from_the_queue(self, article, discussion, mod_client, act):
        held = [make_comment(article, status=Status.PENDING, comment=f"Waiting remark number {n}.") for n in range(3)]
        assert "No thoughts on" in served_from_cache(article)

        response = act(mod_client.post, QUEUE, {
            "action": "bulk_approve", "_selected_action": [c.pk for c in held], "index": "0",
        })

        assert response.status_code == 302
        after = thread_text(page(article))
        assert "3 thoughts on" in after and all(f"Waiting remark number {n}." in after for n in range(3))

    @pytest.fixture
    def chain(self, article, discussion):
        """A reply three deep whose middle comment a moderator removed: the
        deepest one stands at the top level, as an orphan, without a Reply link."""
        top = make_comment(article, user_name="Top", comment="Top of the thread.")
        middle = make_comment(article, parent=top, user_name="Middle", comment="The middle reply.")
        deepest = make_comment(article, parent=middle, user_name="Deep", comment="The deepest reply.")
        return top, middle, deepest

    def orphan_then_nested(self, article, deepest, remove):
        html = served_from_cache(article)
        assert f'id="comment-{deepest.pk}" class="comment depth-1' in html
        assert f"?replytocom={deepest.pk}#" not in html

        remove()

        # Re-threaded under the top comment (comments.purge), so it can take replies again.
        after = page(article)
        assert f'id="comment-{deepest.pk}" class="comment depth-2' in after
        assert f"?replytocom={deepest.pk}#" in after

    def test_delete_permanently_from_the_trash(self, article, chain, mod_client, act):
        top, middle, deepest = chain
        act(moderate, mod_client, middle, "trash")
        self.orphan_then_nested(article, deepest, lambda: act(moderate, mod_client, middle, "delete"))

    def test_empty_spam(self, article, chain, mod_client, act):
        top, middle, deepest = chain
        act(moderate, mod_client, middle, "spam")
        empty = reverse("admin:comments_comment_empty", args=["spam"])
        self.orphan_then_nested(article, deepest, lambda: act(mod_client.post, empty))
        assert not Comment.objects.filter(pk=middle.pk).exists()

    def test_comment_edited_in_the_admin(self, article, two_approved, mod_client, act):
        comment = two_approved[0]
        served_from_cache(article)

        response = act(mod_client.post, reverse("admin:comments_comment_change", args=[comment.pk]), {
            "user_name": "Ada Lovelace", "user_email": comment.user_email, "user_url": "",
            "comment": "The first remark, with its typo fixed.",
            "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
            "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "0",
        })

        assert response.status_code == 302
        after = thread_text(page(article))
        assert "The first remark, with its typo fixed." in after and "Ada Lovelace" in after
        assert "The first remark on the border queue." not in after

    def test_a_change_during_a_render_leaves_a_copy_that_is_already_stale(self, article, two_approved):
        """The version is read before the rows: a moderator acting while a
        reader renders makes that reader's copy stale on arrival."""

        def render_while_a_moderator_acts():
            html = "rendered from the rows before the change"
            moderation.set_status(two_approved[0], Status.SPAM)
            return html

        thread_cache.cached_thread(article.pk, "race", render_while_a_moderator_acts)

        assert thread_cache.cached_thread(article.pk, "race", lambda: "rendered afresh") == "rendered afresh"

    def test_an_approval_by_the_background_worker_reaches_every_process(self, article, two_approved):
        """The version is in the database: a cache of this process's own (the
        default local memory) cannot hide a change another process made."""
        held = make_comment(article, status=Status.PENDING, comment="Approved by the Akismet task.")
        served_from_cache(article)

        # What the worker process does, seen from here: the rows and the version change in the database.
        Comment.objects.filter(pk=held.pk).update(status=Status.APPROVED, is_public=True)
        CacheVersion.objects.filter(key=thread_cache.thread_key(article.pk)).update(token="set-elsewhere")

        # Python's copy; the worker removing the shared files is
        # tests/articles/test_page_files_servers.py, with real processes.
        assert "Approved by the Akismet task." in Client().get(article.get_absolute_url()).content.decode()


class TestNewThingsShowAtOnce:
    def test_a_known_authors_new_comment_is_approved_and_shown(self, article, no_akismet, post_comment):
        make_comment(article, user_name="Dana Reader", user_email="dana@example.org", comment="My first word.")
        assert "One thought on" in served_from_cache(article)

        response = post_comment(article, comment="Back again with a second thought.")

        assert response.status_code == 303
        assert Comment.objects.get(comment="Back again with a second thought.").status == Status.APPROVED
        after = thread_text(page(article))
        assert "2 thoughts on" in after and "Back again with a second thought." in after

    @pytest.fixture
    def peer(self, settings):
        settings.BLUEDOMES_ALLOW_PRIVATE_URLS = True
        with PeerBlog() as blog:
            yield blog

    def test_a_pingback_received_over_xml_rpc(self, article, discussion, no_akismet, peer, act):
        peer.page("/border-notes/", (
            "<html><head><title>Border notes — Steppe Notes</title></head><body><p>As "
            f'<a href="{article.get_full_url()}">this report</a> shows, the queue is long.</p></body></html>'
        ))
        assert "No thoughts on" in served_from_cache(article)
        body = xmlrpc.client.dumps((peer.url("/border-notes/"), article.get_full_url()), methodname="pingback.ping")

        response = act(Client().post, "/xmlrpc/", data=body, content_type="text/xml")

        assert b"<fault>" not in response.content
        after = thread_text(page(article))
        assert "One thought on" in after and "Border notes" in after

    MENTION = (
        '<html><head><title>{title}</title></head><body><article class="h-entry"><h1 class="p-name">{title}</h1>'
        '<div class="e-content"><p>Worth reading: <a href="{target}">the report</a>.</p></div></article></body></html>'
    )

    def send_webmention(self, act, source, article):
        response = act(Client().post, "/webmention/", {"source": source, "target": article.get_full_url()})
        assert response.status_code == 202

    def test_a_webmention_updated_then_removed_by_its_source(self, article, discussion, no_akismet, peer, act):
        source = peer.url("/mention/")
        peer.page("/mention/", self.MENTION.format(title="A first look", target=article.get_full_url()))
        self.send_webmention(act, source, article)
        assert "A first look" in served_from_cache(article)

        peer.page("/mention/", self.MENTION.format(title="A second look", target=article.get_full_url()))
        self.send_webmention(act, source, article)
        assert "A second look" in thread_text(page(article))

        served_from_cache(article)
        peer.gone("/mention/")
        self.send_webmention(act, source, article)
        after = thread_text(page(article))
        assert "A second look" not in after and "No thoughts on" in after


class TestArticleChangesShowAtOnce:
    def test_title_edited_in_the_admin(self, article, two_approved, act):
        editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
        client = Client()
        client.force_login(editor)
        assert "2 thoughts on “A quiet week on the border”" in served_from_cache(article)
        when = timezone.localtime(article.published_at)

        response = act(client.post, reverse("admin:articles_article_change", args=[article.pk]), {
            "title": "A busy week on the border", "slug": article.slug, "body": article.body, "excerpt": "",
            "featured_image": "", "status": article.status, "author": article.author_id,
            "published_at_0": when.strftime("%Y-%m-%d"), "published_at_1": when.strftime("%H:%M:%S"),
            "allow_comments": "on", "allow_pingbacks": "on",
        })

        assert response.status_code == 302, response.content.decode()[:2000]
        assert "2 thoughts on “A busy week on the border”" in thread_text(page(article))

    def test_a_save_of_the_title_alone_is_seen_too(self, article, two_approved, act):
        """A save that names its fields leaves ``updated_at`` unwritten; the bump still reaches readers."""
        served_from_cache(article)

        article.title = "A quieter week"
        act(article.save, update_fields=["title"])

        assert "2 thoughts on “A quieter week”" in thread_text(page(article))

    def test_closing_comments_removes_every_reply_link(self, article, two_approved, act):
        assert f"?replytocom={two_approved[0].pk}#" in served_from_cache(article)

        article.allow_comments = False
        act(article.save)

        after = page(article)
        assert "?replytocom=" not in after and "Comments are closed." in after


class TestPerReaderPartsStayPerReader:
    def test_held_comment_belongs_to_its_reader_and_no_form_carries_a_token(self, article, two_approved, no_akismet):
        DiscussionSettings.objects.filter(pk=1).update(manual_approval=True)
        served_from_cache(article)
        writer, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        assert "csrfmiddlewaretoken" not in page(article, writer)
        response = writer.post("/comments/post/", {
            **form_data(article, name="Wren Writer", email="wren@example.org", comment="Held for now, I suppose."),
        }, HTTP_ORIGIN="http://testserver")
        assert response.status_code == 303

        mine, theirs = page(article, writer), served_from_cache(article, other)

        assert "Your comment is awaiting moderation." in mine and "Held for now, I suppose." in mine
        assert "awaiting moderation" not in theirs and "Held for now, I suppose." not in theirs
        assert "2 thoughts on" in thread_text(mine) and "2 thoughts on" in thread_text(theirs)
        # The shared page's form is accepted from this site, and from nowhere else.
        refused = other.post("/comments/post/", form_data(article, name="Otto Other", email="otto@example.org",
                                                          comment="Sent from another site."),
                             HTTP_ORIGIN="https://elsewhere.example")
        assert refused.status_code == 403 and not Comment.objects.filter(user_name="Otto Other").exists()

    def test_remembered_name_and_reply_form_are_not_shared(self, article, two_approved):
        served_from_cache(article)
        remembering = Client()
        remembering.cookies[REMEMBER_COOKIE] = signing.dumps(
            {"name": "Rémy Remembered", "email": "remy@example.org", "url": ""}, salt=REMEMBER_SALT
        )
        replying = two_approved[1]

        remembered = page(article, remembering)
        reply = Client().get(article.get_absolute_url(), {"replytocom": replying.pk}).content.decode()
        plain = served_from_cache(article)

        assert 'value="Rémy Remembered"' in remembered and "Rémy Remembered" not in plain + reply
        assert "Leave a Reply to Bo" in reply and f'name="reply_to" value="{replying.pk}"' in reply
        assert "Leave a Reply to Bo" not in plain and f'name="reply_to" value="{replying.pk}"' not in plain


class TestQueries:
    @pytest.fixture
    def busy(self, author, discussion):
        """300 approved comments three deep and a pingback, on an article with
        categories, tags, a featured picture and pictures in its body, all on
        one page (comment pages have their own query test, test_comment_pages)."""
        discussion.page_comments = False
        discussion.save()
        pictures = [make_image(renditions=[320, 640]) for _ in range(3)]
        body = "".join(f'<figure><img src="{p.file.url}" alt="" data-file="{p.pk}"></figure><p>Text.</p>'
                       for p in pictures)
        busy = make_article(
            author=author, title="A busy discussion", body=body, featured_image=make_image(renditions=[640]),
            categories=[make_category(), make_category()], tags=[make_tag(), make_tag(), make_tag()],
        )
        made = 0
        while made < 300:
            top = make_comment(busy, user_name=f"Reader {made}", user_url="https://reader.example/")
            reply = make_comment(busy, parent=top, user_name=f"Reader {made + 1}")
            make_comment(busy, parent=reply, user_name=f"Reader {made + 2}")
            made += 3
        make_comment(busy, type=Comment.Type.PINGBACK, user_name="Elsewhere", user_email="",
                     source_url="https://elsewhere.example/", source_title="Elsewhere")
        make_article(author=author, title="An older article", published_at=timezone.now() - timedelta(days=3))
        return busy

    def test_uncached_page_takes_at_most_fifteen_queries(self, busy, settings, django_assert_max_num_queries):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        client = Client()
        client.get(busy.get_absolute_url())  # per-process lookups (content types) warm, as in a running server
        with django_assert_max_num_queries(15):
            html = page(busy, client)
        assert "301 thoughts on" in html and html.count('class="comment depth-') == 301

    def test_cached_thread_takes_fewer_queries_than_rendering_it(self, busy):
        client = Client()
        client.get(busy.get_absolute_url())
        thread_cache.bump(busy.pk)
        with CaptureQueriesContext(connection) as rendering:
            uncached = page(busy, client)
        with CaptureQueriesContext(connection) as cached:
            again = page(busy, client)
        assert len(cached) < len(rendering)
        assert thread_text(again) == thread_text(uncached)


class TestFastRenderingMatchesTheSlowWay:
    """The thread is written without Django's per-comment template and date
    formatting, and plain comment text skips the first sanitiser pass: each
    shortcut gives exactly what the general way gives."""

    def test_dates_match_djangos_formatting(self, settings):
        settings.TIME_ZONE = "Asia/Tashkent"
        for hour, minute, month in [(0, 0, 1), (11, 59, 2), (12, 0, 6), (13, 5, 9), (23, 30, 12)]:
            value = datetime(2021, month, 22, hour, minute, tzinfo=dt_timezone.utc)
            local = timezone.localtime(value)
            expected = f'{date_format(local, "F j, Y")} at {date_format(local, "g:i A").lower()}'
            assert comment_date(value) == expected

    def test_plain_text_renders_as_through_both_sanitiser_passes(self):
        def both_passes(value):
            reduced = nh3.clean(value, tags=text.INLINE_TAGS, attributes={"a": {"href"}},
                                url_schemes=text.URL_SCHEMES, link_rel=None, strip_comments=True)
            parser = text._Linker()
            parser.feed(reduced)
            parser.close()
            return nh3.clean(text._paragraphs("".join(parser.out)), tags=text.OUTPUT_TAGS, attributes={"a": {"href"}},
                             url_schemes=text.URL_SCHEMES, link_rel=text.LINK_REL, strip_comments=True)

        pieces = list("ab z.,;:!?()[]'\"/\n\t>=-_#%*~") + [
            "\u00a0", "\x0b", "é", "\u2028", "\x85", "\x7f", "😀", "http://", "www.", "https://a.example/q?x=1",
            "mailto:", "javascript:", "\n\n", "a > b",
        ]
        rng = random.Random(6)
        samples = ["Plain words.", "See https://example.org/a_(b). Then www.example.org, too.", "x > y\n\nnext"]
        samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
        for value in samples:
            assert text.render_comment(value) == both_passes(value), value
