"""Receiving webmentions (W3C Webmention §3.2): synchronous checks, 202 and
verification in the background, create / update / delete on resend."""

import pytest

from comments import moderation
from comments.models import Comment
from comments.pings import limits
from tests.factories import make_article

ENTRY = (
    "<html><head><title>Notes from the road — Steppe Notes</title>"
    '<meta property="og:site_name" content="Steppe Notes"></head><body>'
    '<article class="h-entry"><h1 class="p-name">{name}</h1><div class="e-content">'
    '<p>{text} <a href="{target}">this report</a>.</p></div></article></body></html>'
)


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a webmention, running the background verification as the worker would."""

    def send(source, target, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/webmention/", {"source": source, "target": target}, **extra)

    return send


def mention(article):
    return Comment.objects.for_article(article).get(type=Comment.Type.WEBMENTION)


class TestSynchronousChecks:
    @pytest.mark.parametrize(
        "data",
        [{}, {"source": "http://a.example/"}, {"target": "http://testserver/"}],
    )
    def test_missing_source_or_target_is_400(self, client, db, data):
        response = client.post("/webmention/", data)
        assert response.status_code == 400 and b"required" in response.content

    def test_unsupported_schemes_are_400(self, client, article):
        response = client.post("/webmention/", {"source": "ftp://a.example/x", "target": article.get_full_url()})
        assert response.status_code == 400 and b"http" in response.content

    def test_source_equal_to_target_is_400(self, client, article):
        url = article.get_full_url()
        assert client.post("/webmention/", {"source": url, "target": url}).status_code == 400

    def test_a_target_that_is_not_ours_is_400(self, client, db):
        response = client.post("/webmention/", {"source": "http://a.example/", "target": "http://b.example/post/"})
        assert response.status_code == 400 and b"not an article" in response.content

    def test_a_closed_target_is_400(self, client, author):
        closed = make_article(author=author, allow_pingbacks=False)
        response = client.post("/webmention/", {"source": "http://a.example/", "target": closed.get_full_url()})
        assert response.status_code == 400

    def test_get_is_405(self, client, db):
        assert client.get("/webmention/").status_code == 405

    def test_the_sender_address_is_limited(self, client, article, monkeypatch):
        monkeypatch.setattr(limits, "CLIENT_LIMIT", (1, 600))
        data = {"source": "http://a.example/", "target": article.get_full_url()}
        client.post("/webmention/", data)
        assert client.post("/webmention/", data).status_code == 429


@pytest.mark.usefixtures("allow_private")
class TestVerification:
    def test_accepted_with_202_then_stored_with_the_entry_name_and_content(self, send, peer, article):
        peer.page("/note/", ENTRY.format(name="On the crossing", text="A good read:", target=article.get_full_url()))
        response = send(peer.url("/note/"), article.get_full_url())
        assert response.status_code == 202 and not response.has_header("Location")
        stored = mention(article)
        assert (stored.source_title, stored.source_site_name) == ("On the crossing", "Steppe Notes")
        assert stored.comment == "A good read: this report."

    def test_the_request_itself_does_not_fetch_the_source(self, client, peer, article):
        peer.page("/note/", ENTRY.format(name="N", text="T", target=article.get_full_url()))
        response = client.post("/webmention/", {"source": peer.url("/note/"), "target": article.get_full_url()})
        assert response.status_code == 202
        assert peer.requests == [] and not Comment.objects.exists()

    def test_without_microformats_the_page_title_is_used(self, send, peer, article):
        peer.page("/plain/", f"<title>Plain page</title><p>See <a href='{article.get_full_url()}'>this</a>.</p>")
        send(peer.url("/plain/"), article.get_full_url())
        assert mention(article).source_title == "Plain page"

    def test_a_resend_updates_the_stored_mention(self, send, peer, article):
        peer.page("/note/", ENTRY.format(name="First title", text="Draft words", target=article.get_full_url()))
        send(peer.url("/note/"), article.get_full_url())
        first = mention(article)
        peer.page("/note/", ENTRY.format(name="Better title", text="Edited words", target=article.get_full_url()))
        assert send(peer.url("/note/"), article.get_full_url()).status_code == 202
        updated = mention(article)
        assert updated.pk == first.pk
        assert (updated.source_title, updated.comment) == ("Better title", "Edited words this report.")
        assert updated.events.filter(message__icontains="updated").exists()

    def test_a_source_answering_410_removes_the_mention(self, send, peer, article):
        peer.page("/note/", ENTRY.format(name="N", text="T", target=article.get_full_url()))
        send(peer.url("/note/"), article.get_full_url())
        peer.gone("/note/")
        send(peer.url("/note/"), article.get_full_url())
        removed = mention(article)
        assert removed.status == Comment.Status.TRASH and not removed.is_public
        assert removed.events.last().message == "The source page is gone."

    def test_a_source_that_no_longer_links_removes_it_and_linking_again_brings_it_back(self, send, peer, article):
        peer.page("/note/", ENTRY.format(name="N", text="T", target=article.get_full_url()))
        send(peer.url("/note/"), article.get_full_url())
        peer.page("/note/", "<title>N</title><p>The link was taken out.</p>")
        send(peer.url("/note/"), article.get_full_url())
        assert mention(article).status == Comment.Status.TRASH
        peer.page("/note/", ENTRY.format(name="N", text="Back again", target=article.get_full_url()))
        send(peer.url("/note/"), article.get_full_url())
        assert mention(article).status != Comment.Status.TRASH

    def test_a_mention_a_moderator_trashed_stays_in_the_trash(self, send, peer, article, author):
        peer.page("/note/", ENTRY.format(name="N", text="T", target=article.get_full_url()))
        send(peer.url("/note/"), article.get_full_url())
        moderation.set_status(mention(article), Comment.Status.TRASH, actor=author)
        send(peer.url("/note/"), article.get_full_url())
        assert mention(article).status == Comment.Status.TRASH

    def test_a_410_for_an_unknown_mention_stores_nothing(self, send, peer, article):
        peer.gone("/never/")
        assert send(peer.url("/never/"), article.get_full_url()).status_code == 202
        assert not Comment.objects.exists()

    def test_an_unreachable_source_keeps_the_stored_mention(self, send, peer, article):
        peer.page("/note/", ENTRY.format(name="N", text="T", target=article.get_full_url()))
        send(peer.url("/note/"), article.get_full_url())
        peer.page("/note/", "<h1>Down for maintenance</h1>", status=503)
        send(peer.url("/note/"), article.get_full_url())
        assert mention(article).status != Comment.Status.TRASH

    def test_a_verification_already_queued_is_not_repeated(self, send, peer, article):
        peer.page("/note/", ENTRY.format(name="N", text="T", target=article.get_full_url()))
        assert limits.acquire_verification(peer.url("/note/"), article.get_full_url())
        assert send(peer.url("/note/"), article.get_full_url()).status_code == 202
        assert peer.requests == []


class TestPrivateSources:
    def test_a_source_on_a_private_address_is_never_fetched(self, send, peer, article):
        peer.page("/note/", ENTRY.format(name="N", text="T", target=article.get_full_url()))
        assert send(peer.url("/note/"), article.get_full_url()).status_code == 202
        assert peer.requests == [] and not Comment.objects.exists()


class TestProbingAndSize:
    def test_a_draft_is_answered_exactly_like_a_missing_article(self, client, author):
        draft = make_article(author=author, status="draft", slug="tainy-chernovik")
        missing = draft.get_full_url().replace("tainy-chernovik", "nothing-here")
        answers = [client.post("/webmention/", {"source": "https://blog.example/ответ/", "target": url})
                   for url in (draft.get_full_url(), missing)]
        assert [answer.status_code for answer in answers] == [400, 400]
        assert answers[0].content == answers[1].content

    def test_a_100_kb_source_or_target_is_refused_with_the_reason_and_not_queued(
        self, client, article, django_capture_on_commit_callbacks
    ):
        huge = "https://blog.example/" + "я" * 100_000
        for data in ({"source": huge, "target": article.get_full_url()}, {"source": "https://blog.example/", "target": huge}):
            with django_capture_on_commit_callbacks() as callbacks:
                response = client.post("/webmention/", data)
            assert response.status_code == 400
            assert "at most 2000 characters" in response.content.decode()
            assert callbacks == []
