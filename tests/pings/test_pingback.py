"""Receiving pingbacks over XML-RPC (Pingback 1.0), with other blogs played
by loopback servers. Every fault code of the spec, the XML-RPC level faults,
and hostile XML."""

import xmlrpc.client

import pytest

from comments import moderation
from comments.models import Comment
from comments.pings import limits
from tests.factories import make_article
from tests.peers.blog import PeerBlog

LINKING_PAGE = (
    "<html><head><title>Border trade, revisited — Steppe Notes</title>"
    '<meta property="og:site_name" content="Steppe Notes"></head><body><article>'
    "<p>Several writers have looked at the new crossing this spring. The most careful account so far is "
    '<a href="{target}">the piece on Blue Domes</a>, which follows the lorries from the depot to the '
    "customs shed and counts the hours they wait there.</p></article></body></html>"
)


def call(client, method, *params, **extra):
    """Make an XML-RPC call; returns the value, or the xmlrpc.client.Fault."""
    body = xmlrpc.client.dumps(params, methodname=method)
    response = client.post("/xmlrpc/", data=body, content_type="text/xml", **extra)
    return decode(response)


def decode(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    try:
        return xmlrpc.client.loads(response.content)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault


def fault_code(result):
    assert isinstance(result, xmlrpc.client.Fault), result
    return result.faultCode


@pytest.fixture
def source(peer, article):
    peer.page("/reply/", LINKING_PAGE.format(target=article.get_full_url()))
    return peer.url("/reply/")


@pytest.mark.usefixtures("allow_private")
class TestPing:
    def test_a_linking_page_is_stored_as_a_pingback_with_title_site_and_excerpt(self, client, article, source):
        result = call(client, "pingback.ping", source, article.get_full_url())
        assert isinstance(result, str) and "registered" in result
        ping = Comment.objects.for_article(article).get()
        assert ping.type == Comment.Type.PINGBACK
        assert (ping.source_url, ping.source_title, ping.source_site_name) == (
            source, "Border trade, revisited", "Steppe Notes"
        )
        assert ping.comment.startswith("[…] ") and ping.comment.endswith(" […]")
        assert "account so far is the piece on Blue Domes, which follows" in ping.comment
        assert ping.ip_address == "127.0.0.1"

    def test_the_target_may_be_spelt_with_https_without_slash_and_with_a_fragment(self, client, article, source):
        target = article.get_full_url().replace("http://", "https://").rstrip("/") + "#comments"
        assert isinstance(call(client, "pingback.ping", source, target), str)
        assert Comment.objects.for_article(article).pings().count() == 1

    def test_a_second_ping_from_the_same_source_is_fault_48_without_a_fetch(self, client, article, source, peer):
        call(client, "pingback.ping", source, article.get_full_url())
        assert fault_code(call(client, "pingback.ping", source, article.get_full_url())) == 48
        assert len(peer.hits("/reply/")) == 1
        assert Comment.objects.for_article(article).count() == 1

    def test_unknown_target_is_fault_32_and_nothing_is_fetched(self, client, db, source, peer):
        for target in ("http://testserver/2020/01/01/no-such-post/", "http://elsewhere.example/post/", "nonsense"):
            assert fault_code(call(client, "pingback.ping", source, target)) == 32
        assert peer.requests == []

    def test_closed_target_is_fault_33(self, client, author, peer):
        peer.page("/p/", "<p>no fetch expected</p>")
        closed = make_article(author=author, allow_pingbacks=False)
        assert fault_code(call(client, "pingback.ping", peer.url("/p/"), closed.get_full_url())) == 33
        assert peer.requests == []

    def test_a_draft_is_answered_like_a_url_that_names_nothing(self, client, author, peer):
        peer.page("/p/", "<p>no fetch expected</p>")
        draft = make_article(author=author, status="draft", slug="cherez-granitsu")
        missing = draft.get_full_url().replace("cherez-granitsu", "no-such-slug")
        answers = [call(client, "pingback.ping", peer.url("/p/"), url) for url in (draft.get_full_url(), missing)]
        assert [fault_code(answer) for answer in answers] == [32, 32]
        assert answers[0].faultString == answers[1].faultString
        assert peer.requests == []

    def test_an_overlong_url_is_an_invalid_params_fault(self, client, article, peer):
        source = peer.url("/p/?" + "x" * 3000)
        assert fault_code(call(client, "pingback.ping", source, article.get_full_url())) == -32602
        assert peer.requests == []

    def test_source_equal_to_target_is_fault_0(self, client, article):
        url = article.get_full_url()
        assert fault_code(call(client, "pingback.ping", url, url.rstrip("/"))) == 0

    def test_a_source_that_does_not_exist_is_fault_16(self, client, article, peer):
        assert fault_code(call(client, "pingback.ping", peer.url("/missing/"), article.get_full_url())) == 16

    def test_an_unreachable_source_is_fault_16(self, client, article):
        with PeerBlog() as closed:
            url = closed.url("/gone/")
        assert fault_code(call(client, "pingback.ping", url, article.get_full_url())) == 16

    def test_a_source_that_is_not_html_is_fault_16(self, client, article, peer):
        peer.page("/photo.png", b"\x89PNG\r\n" + article.get_full_url().encode(), content_type="image/png")
        assert fault_code(call(client, "pingback.ping", peer.url("/photo.png"), article.get_full_url())) == 16

    def test_a_source_without_a_link_to_the_target_is_fault_17(self, client, article, peer):
        peer.page("/other/", f"<p>We mention {article.get_full_url()} only as text.</p>")
        assert fault_code(call(client, "pingback.ping", peer.url("/other/"), article.get_full_url())) == 17
        assert not Comment.objects.exists()

    def test_a_failing_source_server_is_fault_50(self, client, article, peer):
        peer.page("/broken/", "<h1>Internal error</h1>", status=503)
        assert fault_code(call(client, "pingback.ping", peer.url("/broken/"), article.get_full_url())) == 50

    def test_a_slow_source_hits_the_deadline_and_is_fault_50(self, client, article, peer, short_deadline):
        peer.page("/slow/", LINKING_PAGE.format(target=article.get_full_url()), delay=short_deadline + 2)
        assert fault_code(call(client, "pingback.ping", peer.url("/slow/"), article.get_full_url())) == 50

    def test_the_sender_address_is_limited(self, client, article, source, monkeypatch):
        monkeypatch.setattr(limits, "CLIENT_LIMIT", (2, 600))
        call(client, "pingback.ping", source, article.get_full_url())
        call(client, "pingback.ping", source, article.get_full_url())
        assert fault_code(call(client, "pingback.ping", source, article.get_full_url())) == 49

    def test_the_source_host_is_limited(self, client, author, peer, monkeypatch):
        monkeypatch.setattr(limits, "SOURCE_HOST_LIMIT", (1, 600))
        first, second = make_article(author=author), make_article(author=author)
        peer.page("/a/", LINKING_PAGE.format(target=first.get_full_url()))
        peer.page("/b/", LINKING_PAGE.format(target=second.get_full_url()))
        assert isinstance(call(client, "pingback.ping", peer.url("/a/"), first.get_full_url()), str)
        assert fault_code(call(client, "pingback.ping", peer.url("/b/"), second.get_full_url())) == 49
        assert peer.hits("/b/") == []

    def test_only_one_verification_of_a_pair_runs_at_a_time(self, client, article, source, peer):
        assert limits.acquire_verification(source, article.get_full_url())
        assert fault_code(call(client, "pingback.ping", source, article.get_full_url())) == 0
        assert peer.requests == []


class TestSourcesOnPrivateAddresses:
    """BLUEDOMES_ALLOW_PRIVATE_URLS off: SSRF attempts through pingback.ping."""

    @pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "[::ffff:127.0.0.1]"])
    def test_a_private_source_is_refused_without_a_request(self, client, article, peer, host):
        url = f"http://{host}:{peer.port}/reply/" if host == "127.0.0.1" else f"http://{host}/latest/"
        peer.page("/reply/", LINKING_PAGE.format(target=article.get_full_url()))
        assert fault_code(call(client, "pingback.ping", url, article.get_full_url())) == 16
        assert peer.requests == []
        assert not Comment.objects.exists()


class TestOtherMethods:
    def test_list_methods(self, client, db):
        assert set(call(client, "system.listMethods")) == {
            "pingback.ping", "pingback.extensions.getPingbacks", "system.listMethods"
        }

    def test_get_pingbacks_lists_approved_sources(self, client, article, allow_private, peer, source):
        call(client, "pingback.ping", source, article.get_full_url())
        ping = Comment.objects.get()
        moderation.set_status(ping, Comment.Status.APPROVED)
        assert call(client, "pingback.extensions.getPingbacks", article.get_full_url()) == [source]
        moderation.set_status(ping, Comment.Status.SPAM)
        assert call(client, "pingback.extensions.getPingbacks", article.get_full_url()) == []

    def test_get_pingbacks_of_an_unknown_url_is_fault_32(self, client, db):
        assert fault_code(call(client, "pingback.extensions.getPingbacks", "http://testserver/nope/")) == 32

    def test_an_unknown_method_is_fault_minus_32601(self, client, db):
        assert fault_code(call(client, "wp.getUsersBlogs", "admin", "secret")) == -32601

    def test_wrong_parameters_are_fault_minus_32602(self, client, db):
        assert fault_code(call(client, "pingback.ping", "only-one")) == -32602
        assert fault_code(call(client, "pingback.ping", 1, 2)) == -32602

    def test_get_is_refused_with_405(self, client, db):
        assert client.get("/xmlrpc/").status_code == 405

    def test_the_wordpress_address_answers_too(self, client, db):
        body = xmlrpc.client.dumps((), methodname="system.listMethods")
        assert "pingback.ping" in decode(client.post("/xmlrpc.php", data=body, content_type="text/xml"))


class TestHostileXml:
    def post(self, client, body):
        return decode(client.post("/xmlrpc/", data=body, content_type="text/xml"))

    def test_billion_laughs_is_a_fault(self, client, db):
        entities = "".join(
            f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10)
        )
        body = (
            f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
            "<methodCall><methodName>pingback.ping</methodName><params>"
            "<param><value><string>&lol9;</string></value></param>"
            "<param><value><string>x</string></value></param></params></methodCall>"
        )
        assert fault_code(self.post(client, body)) == -32700

    def test_an_external_entity_is_a_fault(self, client, db):
        body = (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<methodCall><methodName>system.listMethods</methodName><params>"
            "<param><value>&x;</value></param></params></methodCall>"
        )
        assert fault_code(self.post(client, body)) == -32700

    def test_a_bare_doctype_is_a_fault(self, client, db):
        body = '<?xml version="1.0"?><!DOCTYPE methodCall><methodCall><methodName>system.listMethods</methodName></methodCall>'
        assert fault_code(self.post(client, body)) == -32700

    def test_an_oversized_body_is_a_fault_and_is_not_parsed(self, client, db):
        padding = "<param><value><string>" + "x" * 70_000 + "</string></value></param>"
        body = f"<methodCall><methodName>system.listMethods</methodName><params>{padding}</params></methodCall>"
        assert fault_code(self.post(client, body)) == -32600

    def test_malformed_xml_is_a_fault(self, client, db):
        assert fault_code(self.post(client, "<methodCall><methodName>")) == -32700

    def test_a_document_that_is_not_a_call_is_a_fault(self, client, db):
        assert fault_code(self.post(client, "<html><body>hi</body></html>")) == -32600

    def test_deeply_nested_values_are_a_fault(self, client, db):
        value = "<value><array><data>" * 200 + "<value>x</value>" + "</data></array></value>" * 200
        body = f"<methodCall><methodName>system.listMethods</methodName><params><param>{value}</param></params></methodCall>"
        assert fault_code(self.post(client, body)) == -32600
