"""The loopback Akismet fixtures, shared with the comment tests: contact forms are checked by it too."""

from tests.comments.conftest import akismet, akismet_server, no_akismet  # noqa: F401
