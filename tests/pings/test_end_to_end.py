"""Pings from arrival to the article page: they share the comments' Akismet
check, moderation and "N thoughts" count."""

import re
import xmlrpc.client

import pytest

from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_user
from tests.peers.akismet import AkismetPeer


@pytest.fixture
def akismet(settings):
    peer = AkismetPeer(valid_keys={"test-key"}).start()
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_API_URL = peer.url
    yield peer
    peer.stop()


def page_text(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_self_pingback_appears_on_the_linked_article_like_the_reference_page(
    client, author, settings, django_capture_on_commit_callbacks
):
    target = make_article(author=author, title="With detainees avoiding deportation")
    with django_capture_on_commit_callbacks(execute=True):
        source = make_article(
            author=author, title="A safe haven for refugees?", status="draft",
            body=f'<p>The courts did not deport them, as <a href="{target.get_full_url()}">we reported</a>; '
                 "their status is far from secure.</p>",
        )
        source.status = "published"
        source.save()
    ping = Comment.objects.for_article(target).get()
    assert ping.status == Comment.Status.APPROVED
    text = page_text(client, target)
    assert "One thought on “With detainees avoiding deportation”" in text
    assert f"A safe haven for refugees? | {settings.SITE_NAME}" in text
    assert "[…] The courts did not deport them, as we reported; their status is far from secure. […]" in text


@pytest.mark.usefixtures("allow_private")
def test_pingbacks_and_webmentions_reach_akismet_with_their_type_and_moderators_feedback_too(
    client, author, peer, akismet, django_capture_on_commit_callbacks
):
    article = make_article(author=author)
    peer.page("/p/", f'<title>P</title><p>See <a href="{article.get_full_url()}">this</a>.</p>')
    peer.page("/w/", f'<title>W</title><p>See <a href="{article.get_full_url()}">this</a>.</p>')
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/xmlrpc/", content_type="text/xml",
            data=xmlrpc.client.dumps((peer.url("/p/"), article.get_full_url()), methodname="pingback.ping"),
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/webmention/", {"source": peer.url("/w/"), "target": article.get_full_url()})
    checks = akismet.requests_to("comment-check")
    assert sorted((check["comment_type"], check["comment_author_url"]) for check in checks) == [
        ("pingback", peer.url("/p/")), ("webmention", peer.url("/w/"))
    ]
    assert Comment.objects.for_article(article).approved().count() == 2

    moderator = make_user(is_staff=True, is_superuser=True)
    pingback = Comment.objects.get(type=Comment.Type.PINGBACK)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.set_status(pingback, Comment.Status.SPAM, actor=moderator)
    assert [request["comment_type"] for request in akismet.requests_to("submit-spam")] == ["pingback"]
    assert "One thought on" in page_text(client, article)
