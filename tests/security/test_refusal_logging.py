"""Refused requests are logged as one short WARNING line each, without a
traceback, through the site's real logging configuration."""

import io
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_stream(monkeypatch):
    """The settings' LOGGING, with its console handler writing to a buffer."""
    stream = io.StringIO()
    config = {**settings.LOGGING, "handlers": {
        "console": {**settings.LOGGING["handlers"]["console"], "stream": stream},
    }}
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def test_a_flood_of_refusals_writes_one_short_warning_line_each(log_stream, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    for _ in range(10):
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400
        assert client.post("/like/1/", {"x": "1"}).status_code == 403
        assert client.post("/comments/post/", "x=1", content_type="application/x-www-form-urlencoded; charset=utf-16"
                           ).status_code == 400
    lines = log_stream.getvalue().splitlines()
    assert len(lines) == 30
    assert all(" WARNING " in line and len(line) < 300 for line in lines), lines[:5]
    assert "Traceback" not in log_stream.getvalue()
    assert not [line for line in lines if " ERROR " in line]


def test_a_server_error_keeps_its_traceback(log_stream):
    logging.getLogger("django.request").error(
        "Internal Server Error: /", exc_info=ValueError("boom"), extra={"status_code": 500}
    )
    assert "ERROR" in log_stream.getvalue()
    assert "ValueError: boom" in log_stream.getvalue()
