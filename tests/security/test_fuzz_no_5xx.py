"""Hostile values in every URL pattern's parameters, the query strings the
site reads, and every public form's fields: each answers 4xx (or a page),
never 5xx.

The URL patterns are walked from the resolver, so a pattern added later is
fuzzed without touching this file. Values are what trips a naive parser:
digits that ``str.isdigit()`` accepts but ``int()`` or the database does not
("²", "١٢"), numbers past SQLite's int64, a date past 9999, and long or
control-character strings."""

import itertools
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from articles.models import Category, Tag
from tests.comments.conftest import form_data
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
# Per converter: the hostile values a URL can carry (a route converter
# refuses the rest before any view runs).
FORM_VALUES = ["²", "١٢", HUGE, "9" * 400, "x\x00y", "Қазақ тілі"]
CONVERTER_VALUES = {
    "int": ["0", "9999", HUGE, "9" * 40],
    "dd": ["00", "12", "31", "99"],
    "slug": ["x", "--", "a" * 300],
    "str": ["²", "١٢", HUGE, "x" * 3000, "%F0%9F%92%A9", "'\"<>"],
    "path": ["²", "١٢", HUGE, "a/b/c", "x" * 3000],
}
QUERY_NAMES = ["replytocom", "page", "article", "p", "q", "status", "o", "e", "type", "author", "year", "month",
               "CKEditorFuncNum", "cat", "tag", "m", "feed", "attachment_id", "page_id"]
QUERY_VALUES = ["²", "١٢", HUGE, "-1", "x\x00"]
MAX_COMBINATIONS = 16


def _walk(patterns, prefix=""):
    """(route template, pattern) for every endpoint, resolvers flattened."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + _template(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _template(entry.pattern), entry


def _template(pattern):
    """A route template with <converter:name> holes, for route and regex patterns."""
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    assert isinstance(pattern, RegexPattern)
    regex = str(pattern).lstrip("^").rstrip("$").replace("\\Z", "")
    # A named group becomes a str hole; literal alternatives keep their first choice.
    regex = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", regex)
    return re.sub(r"\\(.)", r"\1", regex).replace("?", "")


def _urls(template, benign):
    holes = re.findall(r"<(?:(\w+):)?(\w+)>", template)
    choices = [[benign.get(name, "1")] + CONVERTER_VALUES.get(conv or "str", CONVERTER_VALUES["str"])
               for conv, name in holes]
    combos = list(itertools.islice(itertools.product(*choices), MAX_COMBINATIONS)) if holes else [()]
    if holes:
        # The product starts with the first hole's values only: add the diagonal.
        combos += list(zip(*(itertools.islice(itertools.cycle(c), max(map(len, choices))) for c in choices)))
    for combo in combos:
        url = template
        for (conv, name), value in zip(holes, combo):
            url = url.replace(f"<{conv + ':' if conv else ''}{name}>", value, 1)
        yield "/" + url


@pytest.fixture
def site(db):
    author = make_user(username="aigerim", is_staff=True, is_superuser=True)
    category, tag = Category.objects.create(name="Политика", slug="x"), Tag.objects.create(name="中国", slug="x")
    article = make_article(author=author, title="Ұйғыр", slug="uighur", categories=[category], tags=[tag])
    LogEntry.objects.log_action(author.pk, 1, "1", "x", 1)
    benign = {"pk": str(article.pk), "object_id": str(article.pk), "slug": article.slug,
              "year": str(article.published_at.year), "month": f"{article.published_at.month:02d}",
              "day": f"{article.published_at.day:02d}", "username": author.username, "app_label": "articles"}
    return {"article": article, "author": author, "benign": benign}


def _clients(site):
    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(site["author"])
    return anonymous, staff


def _assert_no_5xx(responses):
    failures = [f"{method} {url} {extra} → {status}" for method, url, extra, status in responses if status >= 500]
    assert not failures, "\n".join(failures[:40])


def test_every_url_pattern_answers_hostile_path_parameters_without_5xx(site):
    anonymous, staff = _clients(site)
    responses = []
    for template, _pattern in _walk(get_resolver().url_patterns):
        for url in _urls(template, site["benign"]):
            for client in (anonymous, staff):
                responses.append(("GET", url, "", client.get(url).status_code))
    _assert_no_5xx(responses)


def test_every_url_pattern_answers_hostile_query_parameters_without_5xx(site):
    anonymous, staff = _clients(site)
    responses = []
    for template, _pattern in _walk(get_resolver().url_patterns):
        url = next(_urls(template, site["benign"]))
        # One name at a time too, where a refusal of one could hide another:
        # the public pages for readers, the changelists for staff.
        singly = [staff] if url.startswith("/admin/") else [anonymous]
        if url.startswith("/admin/") and not url.endswith("/comment/"):
            singly = [] if re.search(r"/\d+/|/add/|password|logout", url) else singly
        for value in QUERY_VALUES:
            query = {name: value for name in QUERY_NAMES}
            for client in (anonymous, staff):
                responses.append(("GET", url, "all", client.get(url, query).status_code))
            for client, name in itertools.product(singly, QUERY_NAMES):
                responses.append(("GET", url, name, client.get(url, {name: value}).status_code))
    _assert_no_5xx(responses)


def _forms(site):
    """(url, benign POST data) for every public form endpoint."""
    article = site["article"]
    return [
        ("/comments/post/", form_data(article)),
        (f"/like/{article.pk}/", {}),
        ("/webmention/", {"source": "https://example.org/a", "target": article.get_full_url()}),
        ("/comments/subscriptions/confirm/x/", {}),
        ("/comments/subscriptions/unsubscribe/x/", {}),
        ("/admin/login/", {"username": "aigerim", "password": "x", "next": "/admin/"}),
        ("/search/", {"q": "x"}),
    ]


def test_every_form_field_answers_hostile_values_without_5xx(site):
    anonymous, staff = _clients(site)
    responses = []
    for url, benign in _forms(site):
        fields = set(benign) | {"reply_to", "object_pk", "content_type", "url", "email", "name", "comment",
                                "followup", "source", "target", "username", "password", "next"}
        for name, value in itertools.product(sorted(fields), FORM_VALUES):
            for client in (anonymous, staff):
                status = client.post(url, {**benign, name: value}).status_code
                responses.append(("POST", url, f"{name}={value[:20]!r}", status))
    _assert_no_5xx(responses)


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "rot13", "no-such-charset", "utf-7"])
def test_every_form_answers_an_unsupported_charset_with_400(site, charset):
    anonymous, staff = _clients(site)
    for url, benign in _forms(site) + [("/xmlrpc/", {})]:
        body = "&".join(f"{name}={value}" for name, value in {"x": "1", **benign}.items()).encode()
        for client in (anonymous, staff):
            response = client.generic("POST", url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}")
            assert response.status_code == 400, (url, charset, response.status_code)


@pytest.mark.parametrize(
    "path",
    ["/category/x/page/²/", "/tag/x/page/²/", "/category/x/page/١٢/", f"/category/x/page/{HUGE}/", "/9999/12/31/",
     "/9999/12/", "/9999/", f"/{HUGE}/", f"/like/{HUGE}/", f"/comments/feed/article/{HUGE}/", "/?p=²", f"/?p={HUGE}"],
)
def test_the_reported_paths_answer_4xx_or_a_redirect(site, path):
    status = Client(raise_request_exception=False).get(path).status_code
    assert status < 500


@pytest.mark.parametrize("value", ["²", "١٢", HUGE])
def test_the_reported_query_and_form_values_answer_4xx_or_a_page(site, value):
    anonymous, staff = _clients(site)
    article = site["article"]
    assert anonymous.get(article.get_absolute_url(), {"replytocom": value}).status_code == 200
    assert staff.get("/admin/comments/comment/", {"article": value}).status_code < 500
    for field in ("object_pk", "reply_to"):
        assert anonymous.post("/comments/post/", form_data(article, **{field: value})).status_code == 400


def test_an_unknown_xml_encoding_is_a_parse_fault(site):
    body = "<?xml version='1.0' encoding='rot13'?><methodCall><methodName>x</methodName></methodCall>"
    response = Client(raise_request_exception=False).post("/xmlrpc/", body, content_type="text/xml")
    assert response.status_code == 200
    assert b"<name>faultCode</name>" in response.content
    assert b"-32700" in response.content
