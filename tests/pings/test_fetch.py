"""comments.pings.fetch: the one outbound door, against real loopback servers."""

import gzip
import time

import pytest

from comments.pings import fetch
from tests.peers.blog import PeerBlog


class TestAddressChecks:
    """With BLUEDOMES_ALLOW_PRIVATE_URLS off (the default)."""

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1/",
            "http://10.1.2.3/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::1]/",
            "http://0.0.0.0/",
            "http://224.0.0.1/",
            "http://2130706433/",  # 127.0.0.1 spelt as one number
            "http://192.168.1.1/",
            "http://100.64.0.1/",  # carrier-grade NAT
        ],
    )
    def test_private_and_special_addresses_are_refused(self, url):
        with pytest.raises(fetch.BlockedURL):
            fetch.fetch(url)

    @pytest.mark.parametrize("url", ["ftp://example.org/", "file:///etc/passwd", "gopher://x/", "not a url"])
    def test_only_http_and_https_are_fetched(self, url):
        with pytest.raises(fetch.BlockedURL):
            fetch.fetch(url)

    def test_a_name_resolving_to_loopback_is_refused_before_connecting(self, peer, monkeypatch):
        monkeypatch.setattr(fetch, "resolve", lambda host, port: ["127.0.0.1"])
        peer.page("/", "<p>internal</p>")
        with pytest.raises(fetch.BlockedURL):
            fetch.fetch(f"http://friendly.example:{peer.port}/")
        assert peer.requests == []

    def test_a_name_with_any_private_address_is_refused(self, monkeypatch):
        monkeypatch.setattr(fetch, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.8"])
        with pytest.raises(fetch.BlockedURL):
            fetch.fetch("http://mixed.example/")

    def test_non_standard_ports_are_refused(self, monkeypatch):
        monkeypatch.setattr(fetch, "resolve", lambda host, port: ["93.184.215.14"])
        with pytest.raises(fetch.BlockedURL):
            fetch.fetch("http://public.example:8080/")

    def test_public_addresses_on_standard_ports_pass_the_check(self):
        assert fetch.is_allowed_endpoint("93.184.215.14", 443)
        assert fetch.is_allowed_endpoint("2606:2800:21f:cb07:6820:80da:af6b:8b2c", 80)
        assert not fetch.is_allowed_endpoint("::ffff:93.184.215.14", 80)

    def test_a_redirect_from_an_allowed_host_to_a_private_one_is_refused(self, peer, monkeypatch):
        """The first hop is let through by a test resolver and a test-only
        allowance for exactly that address and port; the redirect target, a
        second loopback server, must be refused and never contacted."""
        with PeerBlog() as internal:
            internal.page("/secret", "<p>internal data</p>")
            peer.redirect("/go", internal.url("/secret"))
            allowed = {("127.0.0.1", peer.port)}
            original = fetch.is_allowed_endpoint
            monkeypatch.setattr(fetch, "resolve", lambda host, port: ["127.0.0.1"])
            monkeypatch.setattr(
                fetch, "is_allowed_endpoint", lambda ip, port: (ip, port) in allowed or original(ip, port)
            )
            with pytest.raises(fetch.BlockedURL):
                fetch.fetch(f"http://friendly.example:{peer.port}/go")
            assert len(peer.hits("/go")) == 1
            assert internal.requests == []

    @pytest.mark.parametrize(
        "location", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://[::ffff:10.0.0.5]/"]
    )
    def test_redirects_to_literal_private_addresses_are_refused(self, peer, monkeypatch, location):
        original = fetch.is_allowed_endpoint
        monkeypatch.setattr(fetch, "resolve", lambda host, port: ["127.0.0.1"])
        monkeypatch.setattr(
            fetch, "is_allowed_endpoint", lambda ip, port: (ip, port) == ("127.0.0.1", peer.port) or original(ip, port)
        )
        peer.redirect("/go", location)
        with pytest.raises(fetch.BlockedURL):
            fetch.fetch(f"http://friendly.example:{peer.port}/go")

    def test_the_connection_goes_to_the_checked_address_with_the_original_host_header(self, peer, monkeypatch):
        """DNS rebinding: a second, different answer is never used."""
        answers = iter([["127.0.0.1"], ["10.9.9.9"]])
        original = fetch.is_allowed_endpoint
        monkeypatch.setattr(fetch, "resolve", lambda host, port: next(answers))
        monkeypatch.setattr(
            fetch, "is_allowed_endpoint", lambda ip, port: (ip, port) == ("127.0.0.1", peer.port) or original(ip, port)
        )
        peer.page("/", "<p>hello</p>")
        result = fetch.fetch(f"http://rebind.example:{peer.port}/")
        assert result.status == 200
        assert peer.requests[0].headers["Host"] == f"rebind.example:{peer.port}"


@pytest.mark.usefixtures("allow_private")
class TestFetching:
    def test_result_carries_final_url_status_type_and_text(self, peer):
        peer.redirect("/old", "/new")
        peer.page("/new", "<p>caf\u00e9</p>", content_type="text/html; charset=utf-8")
        result = fetch.fetch(peer.url("/old"))
        assert (result.url, result.status, result.content_type) == (peer.url("/new"), 200, "text/html")
        assert result.is_html and result.text == "<p>caf\u00e9</p>"

    def test_user_agent_names_the_site(self, peer, settings):
        peer.page("/", "<p>x</p>")
        fetch.fetch(peer.url("/"))
        agent = peer.requests[0].headers["User-Agent"]
        assert settings.SITE_NAME in agent and settings.SITE_URL in agent

    def test_at_most_three_redirects_are_followed(self, peer):
        for hop in range(4):
            peer.redirect(f"/r{hop}", f"/r{hop + 1}")
        peer.page("/r4", "<p>end</p>")
        with pytest.raises(fetch.TooManyRedirects):
            fetch.fetch(peer.url("/r0"))
        assert fetch.fetch(peer.url("/r1")).url == peer.url("/r4")

    def test_reading_stops_at_the_size_cap(self, peer):
        peer.page("/big", b"x" * (fetch.MAX_BYTES + 5000))
        result = fetch.fetch(peer.url("/big"))
        assert len(result.content) == fetch.MAX_BYTES and result.truncated

    def test_a_gzip_bomb_stops_at_the_size_cap(self, peer):
        peer.page("/bomb", gzip.compress(b"\0" * (20 * fetch.MAX_BYTES)), headers={"Content-Encoding": "gzip"})
        result = fetch.fetch(peer.url("/bomb"))
        assert len(result.content) == fetch.MAX_BYTES and result.truncated

    def test_a_server_that_never_answers_hits_the_deadline(self, peer, short_deadline):
        peer.page("/slow", "<p>late</p>", delay=3)
        started = time.monotonic()
        with pytest.raises(fetch.FetchTimeout) as error:
            fetch.fetch(peer.url("/slow"))
        assert time.monotonic() - started < short_deadline + 0.5
        assert error.value.transient

    def test_a_server_dripping_bytes_hits_the_whole_fetch_deadline(self, peer, short_deadline):
        peer.page("/drip", b"x" * 100, drip=0.1)
        started = time.monotonic()
        with pytest.raises(fetch.FetchTimeout):
            fetch.fetch(peer.url("/drip"))
        assert time.monotonic() - started < short_deadline + 0.5

    def test_a_closed_port_is_unreachable(self):
        with PeerBlog() as gone:
            url = gone.url("/")
        with pytest.raises(fetch.Unreachable):
            fetch.fetch(url)

    def test_post_sends_the_form_and_does_not_follow_redirects(self, peer):
        peer.webmention_endpoint("/wm")
        result = fetch.fetch(peer.url("/wm?key=1"), method="POST", data={"source": "a", "target": "b"})
        assert result.status == 202
        assert peer.webmentions == [{"path": "/wm?key=1", "source": "a", "target": "b"}]
