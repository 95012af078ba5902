"""Every response carries a strict Content-Security-Policy, a
Permissions-Policy denying the features the site never uses, and a
Referrer-Policy; no template carries inline script."""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import make_article

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize("path", ["/", "/comments/privacy/", "/admin/login/", "/no-such-page/", "/webmention/"])
def test_every_page_carries_the_strict_policy(path):
    make_article(title="Шекара: тыныш апта", slug="shekara")
    response = Client(raise_request_exception=False).get(path)
    directives = _directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    # Gravatar only answers pages that ask it, which they do when the site turns its pictures on.
    assert directives["img-src"] == ["'self'", "data:", "https://www.gravatar.com"]
    assert directives["default-src"] == ["'self'"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"):
        assert feature in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_an_article_page_with_its_comment_form_has_the_policy_too():
    article = make_article(title="Ұйғыр тілі", slug="uighur-tili")
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert _directives(response)["script-src"] == ["'self'"]


def test_no_template_has_inline_script_or_event_handler_attributes():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{template}: {tag}")
        offenders += [f"{template}: {handler}" for handler in re.findall(r"\son[a-z]+\s*=", text)]
    assert not offenders
