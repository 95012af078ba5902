"""A form sent without its CSRF token gets an explanation, not Django's bare page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_like_without_csrf_token_explains_what_to_do():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("articles:like", args=[article.pk]))
    assert response.status_code == 403
    assert "Your form could not be checked" in response.content.decode()
