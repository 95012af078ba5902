"""Telling the sites we link to: link extraction, endpoint discovery,
sending, the per-link log, retries and never sending twice. The linked blogs
are loopback servers that record what they receive."""

import xmlrpc.client
from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, DiscussionSettings, LinkNotification
from comments.pings import outbound
from tests.factories import make_article

State = LinkNotification.State


def linking(author, *urls, **kw):
    body = "".join(f'<p>As <a href="{url}">this post</a> explains, the road is open.</p>' for url in urls)
    return make_article(author=author, body=body, **kw)


def row(article, url):
    return LinkNotification.objects.get(article=article, url=url)


class TestLinkExtraction:
    def test_images_media_self_links_and_duplicates_are_left_out(self, author, settings):
        article = make_article(author=author, body="")
        article.body = (
            '<p><a href="https://a.example/post/">post</a> <a href="https://a.example/post/#more">again</a>'
            '<a href="https://a.example/photo.JPG">photo</a> <a href="https://a.example/clip.mp4">clip</a>'
            f'<a href="{article.get_full_url()}">myself</a> <a href="mailto:x@example.org">mail</a>'
            '<a href="/media/images/x.png">upload</a> <a href="/">our home page</a>'
            '<img src="https://b.example/pic.png"> <a href="https://b.example/doc.pdf">report</a></p>'
        )
        assert outbound.extract_links(article) == ["https://a.example/post/", "https://b.example/doc.pdf"]

    def test_links_to_our_own_articles_are_kept(self, author):
        other = make_article(author=author)
        article = linking(author, other.get_absolute_url())
        assert outbound.extract_links(article) == [other.get_full_url()]


@pytest.mark.usefixtures("allow_private")
class TestDiscovery:
    def test_the_link_header_comes_before_html(self, peer):
        peer.page(
            "/p", '<link rel="webmention" href="/from-html">',
            headers={"Link": ['<https://x.example/>; rel="other"', '</from-header>; rel="webmention"']},
        )
        assert outbound.discover(peer.url("/p")) == outbound.Endpoint("webmention", peer.url("/from-header"))

    def test_a_link_header_with_several_links_and_rel_values(self, peer):
        peer.page("/p", "", headers={"Link": '<https://x.example/a>; rel=alternate, </wm>; rel="nofollow webmention"'})
        assert outbound.discover(peer.url("/p")).url == peer.url("/wm")

    def test_the_first_link_or_a_in_document_order_wins(self, peer):
        peer.page(
            "/p",
            '<html><head><link rel="not-webmention" href="/wrong"></head><body><!-- <a rel="webmention" href="/c"> -->'
            '<a rel="webmention" href="/first">x</a><link rel="webmention" href="/second"></body></html>',
        )
        assert outbound.discover(peer.url("/p")).url == peer.url("/first")

    def test_relative_endpoints_resolve_against_the_page_after_redirects(self, peer):
        peer.redirect("/old/post", "/new/post")
        peer.page("/new/post", '<link rel="webmention" href="endpoint">')
        assert outbound.discover(peer.url("/old/post")).url == peer.url("/new/endpoint")

    def test_an_empty_href_is_the_page_itself(self, peer):
        peer.page("/p?x=1", '<link rel="webmention" href="">')
        assert outbound.discover(peer.url("/p?x=1")).url == peer.url("/p?x=1")

    def test_an_endpoint_keeps_its_query_string(self, peer):
        peer.page("/p", "", headers={"Link": '</wm?key=abc&x=1>; rel="webmention"'})
        assert outbound.discover(peer.url("/p")).url == peer.url("/wm?key=abc&x=1")

    def test_x_pingback_header_then_link_element(self, peer):
        peer.page("/h", '<link rel="pingback" href="/from-html">', headers={"X-Pingback": peer.url("/xmlrpc")})
        peer.page("/l", '<link rel="pingback" href="/xmlrpc-html">')
        assert outbound.discover(peer.url("/h")) == outbound.Endpoint("pingback", peer.url("/xmlrpc"))
        assert outbound.discover(peer.url("/l")) == outbound.Endpoint("pingback", peer.url("/xmlrpc-html"))

    def test_webmention_is_preferred_to_pingback(self, peer):
        peer.page("/p", '<link rel="webmention" href="/wm">', headers={"X-Pingback": peer.url("/xmlrpc")})
        assert outbound.discover(peer.url("/p")).method == "webmention"

    def test_a_pingback_link_past_150_kb_is_not_looked_for(self, peer):
        peer.page("/p", "<p>" + "x" * 160_000 + '</p><link rel="pingback" href="/xmlrpc">')
        assert outbound.discover(peer.url("/p")) is None


@pytest.mark.usefixtures("allow_private")
class TestSending:
    def test_each_linked_site_is_told_by_the_method_it_supports(self, author, peer, settings):
        peer.webmention_endpoint("/wm")
        peer.pingback_server("/xmlrpc")
        peer.page("/a", "<p>webmention blog</p>", headers={"Link": '</wm?via=header>; rel="webmention"'})
        peer.page("/b", "<p>pingback blog</p>", headers={"X-Pingback": peer.url("/xmlrpc")})
        peer.page("/c", '<html><head><link rel="pingback" href="/xmlrpc"></head></html>')
        peer.page("/d", "<p>no endpoints here</p>")
        urls = [peer.url(path) for path in ("/a", "/b", "/c", "/d")]
        article = linking(author, *urls)

        outbound.notify_linked_sites(article)

        source = article.get_full_url()
        assert peer.webmentions == [{"path": "/wm?via=header", "source": source, "target": urls[0]}]
        assert peer.pingbacks == [(source, urls[1]), (source, urls[2])]
        states = {n.url: (n.method, n.state) for n in article.link_notifications.all()}
        assert states == {
            urls[0]: ("webmention", State.DONE),
            urls[1]: ("pingback", State.DONE),
            urls[2]: ("pingback", State.DONE),
            urls[3]: ("", State.UNSUPPORTED),
        }
        assert row(article, urls[0]).endpoint == peer.url("/wm?via=header")
        assert row(article, urls[1]).result == "Pingback registered."
        assert str(outbound.notification_summary(article)) == "Notified 3 of 4 linked sites"

    def test_nothing_is_sent_twice(self, author, peer):
        peer.webmention_endpoint("/wm")
        peer.page("/a", '<link rel="webmention" href="/wm">')
        article = linking(author, peer.url("/a"))
        outbound.notify_linked_sites(article)
        outbound.notify_linked_sites(article)
        article.body += '<p>An edit with <a href="' + peer.url("/a") + '">the same link</a>.</p>'
        article.save()
        outbound.notify_linked_sites(article)
        assert len(peer.webmentions) == 1
        assert row(article, peer.url("/a")).attempts == 1

    def test_a_row_claimed_by_another_job_is_left_alone(self, author, peer):
        peer.webmention_endpoint("/wm")
        peer.page("/a", '<link rel="webmention" href="/wm">')
        article = linking(author, peer.url("/a"))
        LinkNotification.objects.create(
            article=article, url=peer.url("/a"), attempts=1, next_attempt_at=timezone.now() + outbound.LEASE
        )
        outbound.notify_linked_sites(article)
        assert peer.webmentions == [] and peer.requests == []

    def test_transient_failures_are_retried_with_backoff(self, author, peer):
        peer.webmention_endpoint("/wm", status=503, body="busy")
        peer.page("/a", '<link rel="webmention" href="/wm">')
        article = linking(author, peer.url("/a"))
        start = timezone.now()

        retry_at = outbound.notify_linked_sites(article, now=start)
        first = row(article, peer.url("/a"))
        assert (first.state, first.attempts) == (State.PENDING, 1)
        assert "503" in first.last_error
        assert retry_at == first.next_attempt_at == start + timedelta(seconds=outbound.BACKOFF[0])

        outbound.notify_linked_sites(article, now=start + timedelta(seconds=30))
        assert len(peer.webmentions) == 1  # not due yet

        peer.webmention_endpoint("/wm", status=202)
        outbound.notify_linked_sites(article, now=start + timedelta(seconds=61))
        done = row(article, peer.url("/a"))
        assert (done.state, done.attempts, len(peer.webmentions)) == (State.DONE, 2, 2)
        assert done.notified_at is not None

    def test_after_the_last_attempt_a_transient_failure_is_final(self, author, peer):
        peer.webmention_endpoint("/wm", status=500)
        peer.page("/a", '<link rel="webmention" href="/wm">')
        article = linking(author, peer.url("/a"))
        now = timezone.now()
        for _attempt in range(outbound.MAX_ATTEMPTS + 2):
            outbound.notify_linked_sites(article, now=now)
            now += timedelta(days=1)
        failed = row(article, peer.url("/a"))
        assert (failed.state, failed.attempts) == (State.FAILED, outbound.MAX_ATTEMPTS)
        assert len(peer.webmentions) == outbound.MAX_ATTEMPTS

    def test_a_refused_webmention_is_not_retried(self, author, peer):
        peer.webmention_endpoint("/wm", status=400, body="target does not exist")
        peer.page("/a", '<link rel="webmention" href="/wm">')
        article = linking(author, peer.url("/a"))
        outbound.notify_linked_sites(article)
        failed = row(article, peer.url("/a"))
        assert failed.state == State.FAILED and "target does not exist" in failed.last_error

    @pytest.mark.parametrize(
        "fault, state",
        [(48, State.DONE), (17, State.FAILED), (33, State.FAILED), (50, State.PENDING), (16, State.PENDING)],
    )
    def test_pingback_faults(self, author, peer, fault, state):
        peer.pingback_server("/xmlrpc", answer=lambda source, target: xmlrpc.client.Fault(fault, "no"))
        peer.page("/b", "<p>x</p>", headers={"X-Pingback": peer.url("/xmlrpc")})
        article = linking(author, peer.url("/b"))
        outbound.notify_linked_sites(article)
        assert row(article, peer.url("/b")).state == state

    def test_an_unreachable_site_is_retried(self, author):
        from tests.peers.blog import PeerBlog

        with PeerBlog() as closed:
            url = closed.url("/post")
        article = linking(author, url)
        outbound.notify_linked_sites(article)
        pending = row(article, url)
        assert pending.state == State.PENDING and pending.last_error

    def test_nothing_is_sent_when_notifying_is_off(self, author, peer, settings):
        peer.page("/a", '<link rel="webmention" href="/wm">')
        settings.BLUEDOMES_NOTIFY_LINKED_BLOGS = False
        outbound.notify_linked_sites(linking(author, peer.url("/a")))
        settings.BLUEDOMES_NOTIFY_LINKED_BLOGS = True
        DiscussionSettings.objects.update_or_create(pk=1, defaults={"notify_linked_blogs": False})
        outbound.notify_linked_sites(linking(author, peer.url("/a")))
        assert peer.requests == [] and not LinkNotification.objects.exists()

    def test_drafts_and_future_articles_send_nothing(self, author, peer):
        peer.page("/a", '<link rel="webmention" href="/wm">')
        outbound.notify_linked_sites(linking(author, peer.url("/a"), status="draft"))
        outbound.notify_linked_sites(
            linking(author, peer.url("/a"), published_at=timezone.now() + timedelta(days=1))
        )
        assert peer.requests == []


class TestPrivateAddressesWhenNotAllowed:
    def test_a_link_to_a_private_address_is_never_fetched(self, author, peer):
        peer.page("/a", '<link rel="webmention" href="/wm">')
        article = linking(author, peer.url("/a"), "http://169.254.169.254/latest/meta-data/")
        outbound.notify_linked_sites(article)
        assert peer.requests == []
        assert set(article.link_notifications.values_list("state", flat=True)) == {State.FAILED}


class TestSelfPingbacks:
    def test_a_link_to_another_of_our_articles_is_recorded_on_it(self, author, settings):
        target = make_article(author=author, title="Refugees and the courts")
        source = make_article(
            author=author, title="A safe haven?",
            body=f'<p>Earlier we described how <a href="{target.get_absolute_url()}">the courts ruled</a> last week.</p>',
        )
        outbound.notify_linked_sites(source)
        ping = Comment.objects.for_article(target).get()
        assert ping.type == Comment.Type.PINGBACK
        assert (ping.source_url, ping.source_title, ping.source_site_name) == (
            source.get_full_url(), "A safe haven?", settings.SITE_NAME
        )
        assert ping.comment == "[…] Earlier we described how the courts ruled last week. […]"
        assert row(source, target.get_full_url()).state == State.DONE
        outbound.notify_linked_sites(source)
        assert Comment.objects.for_article(target).count() == 1

    def test_self_pings_can_be_turned_off(self, author, settings):
        settings.BLUEDOMES_SELF_PINGS = False
        target = make_article(author=author)
        source = linking(author, target.get_full_url())
        outbound.notify_linked_sites(source)
        assert not Comment.objects.exists()
        assert row(source, target.get_full_url()).state == State.FAILED

    def test_a_target_with_pings_closed_records_nothing(self, author):
        target = make_article(author=author, allow_pingbacks=False)
        outbound.notify_linked_sites(linking(author, target.get_full_url()))
        assert not Comment.objects.exists()


@pytest.mark.usefixtures("allow_private")
class TestOnPublish:
    def test_publishing_and_editing_notify_new_links_in_the_background(
        self, author, peer, django_capture_on_commit_callbacks
    ):
        peer.webmention_endpoint("/wm")
        peer.page("/a", '<link rel="webmention" href="/wm">')
        peer.page("/b", '<link rel="webmention" href="/wm">')
        with django_capture_on_commit_callbacks(execute=True):
            article = linking(author, peer.url("/a"), status="draft")
        assert peer.webmentions == []
        with django_capture_on_commit_callbacks(execute=True):
            article.status = "published"
            article.save()
        assert [m["target"] for m in peer.webmentions] == [peer.url("/a")]
        with django_capture_on_commit_callbacks(execute=True):
            article.body += f'<p>And <a href="{peer.url("/b")}">another</a>.</p>'
            article.save()
        assert [m["target"] for m in peer.webmentions] == [peer.url("/a"), peer.url("/b")]


@pytest.mark.usefixtures("allow_private")
def test_a_send_interrupted_by_a_dead_worker_is_resumed_once_its_claim_expires(author, peer):
    from comments.pings.outbound import resume_link_notifications

    peer.webmention_endpoint("/wm")
    peer.page("/a", '<link rel="webmention" href="/wm">')
    article = linking(author, peer.url("/a"))
    # What a worker killed after claiming the row leaves behind: one attempt
    # counted, and a lease that has since run out.
    LinkNotification.objects.create(
        article=article, url=peer.url("/a"), attempts=1, next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    resume_link_notifications.enqueue()
    resume_link_notifications.enqueue()
    assert len(peer.webmentions) == 1
    assert row(article, peer.url("/a")).state == State.DONE
