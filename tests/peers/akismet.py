"""An Akismet-compatible HTTP server on loopback.

It implements the parts of the documented API the site uses
(https://akismet.com/developers/): ``verify-key``, ``comment-check``,
``submit-spam`` and ``submit-ham`` under ``/1.1/``, answering as Akismet
does — ``valid``/``invalid``, ``true``/``false``, the
``X-akismet-pro-tip: discard`` header, ``invalid`` for a bad key — and it
can misbehave on demand (HTTP 5xx, answering too slowly, a garbage body)
so tests can watch the site cope. Every request is recorded with its form
fields so tests can assert on the payload Akismet received.

Use::

    peer = AkismetPeer(valid_keys={"test-key"}).start()
    peer.verdict = "spam"          # "ham", "spam" or "discard"
    peer.fail_with = 503           # answer every call with this status
    peer.delay = 2.0               # sleep before answering
    peer.garbage = True            # answer 200 with a body Akismet never sends
    peer.requests_to("comment-check")[-1]["comment_content"]
    peer.stop()
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

THANKS = "Thanks for making the web a better place."


@dataclass
class RecordedRequest:
    endpoint: str
    fields: dict
    headers: dict = field(default_factory=dict)
    path: str = ""

    def __getitem__(self, name):
        return self.fields[name]

    def get(self, name, default=None):
        return self.fields.get(name, default)


class _Handler(BaseHTTPRequestHandler):
    server_version = "AkismetPeer/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_POST(self):
        peer = self.server.peer
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        fields = {name: values[-1] for name, values in parse_qs(body, keep_blank_values=True).items()}
        endpoint = self.path.rstrip("/").rsplit("/", 1)[-1]
        with peer.lock:
            peer.requests.append(RecordedRequest(endpoint, fields, dict(self.headers), self.path))
            delay, fail_with, garbage = peer.delay, peer.fail_with, peer.garbage
        if delay:
            time.sleep(delay)
        if fail_with:
            return self._answer(fail_with, "Internal Server Error")
        if garbage:
            return self._answer(200, "<html><body>upstream proxy error</body></html>")
        # A staging proxy may mount the API under a prefix: /prefix/1.1/<endpoint>.
        if "/1.1/" not in self.path:
            return self._answer(404, "Not found")
        handler = getattr(self, "_" + endpoint.replace("-", "_"), None)
        if handler is None:
            return self._answer(404, "Not found")
        return handler(peer, fields)

    def _verify_key(self, peer, fields):
        valid = fields.get("key") in peer.valid_keys and fields.get("blog", "").startswith(("http://", "https://"))
        return self._answer(200, "valid" if valid else "invalid")

    def _key_is_bad(self, peer, fields):
        if fields.get("api_key") in peer.valid_keys:
            return False
        self._answer(200, "invalid", {"X-akismet-debug-help": "Invalid API key. Check your key."})
        return True

    def _comment_check(self, peer, fields):
        if self._key_is_bad(peer, fields):
            return None
        if not fields.get("blog") or not fields.get("user_ip"):
            return self._answer(200, "Missing required field: user_ip.",
                                {"X-akismet-debug-help": "Empty \"user_ip\" value"})
        # Documented test values: this author is always spam, an
        # administrator is never spam.
        verdict = peer.verdict
        if fields.get("comment_author") == "akismet-guaranteed-spam":
            verdict = "spam"
        if fields.get("user_role") == "administrator":
            verdict = "ham"
        if verdict == "ham":
            return self._answer(200, "false")
        headers = {"X-akismet-pro-tip": "discard"} if verdict == "discard" else {}
        return self._answer(200, "true", headers)

    def _submit_spam(self, peer, fields):
        if self._key_is_bad(peer, fields):
            return None
        return self._answer(200, THANKS)

    _submit_ham = _submit_spam

    def _answer(self, status, text, headers=None):
        payload = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up waiting (a timeout test): nothing to answer.
            pass


class AkismetPeer:
    def __init__(self, valid_keys=("test-key",)):
        self.valid_keys = set(valid_keys)
        self.lock = threading.Lock()
        self.requests = []
        self.reset()
        self._server = None
        self._thread = None

    def reset(self):
        """Back to a healthy Akismet answering ham, with no recorded requests."""
        with self.lock:
            self.requests.clear()
            self.verdict = "ham"
            self.fail_with = 0
            self.delay = 0.0
            self.garbage = False

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.peer = self
        self._thread = threading.Thread(target=self._server.serve_forever, name="akismet-peer", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def requests_to(self, endpoint):
        with self.lock:
            return [request for request in self.requests if request.endpoint == endpoint]


def main():
    """Run the peer on its own, for trying a site against it by hand:
    `python -m tests.peers.akismet 8765` then start the site with
    AKISMET_API_KEY=test-key AKISMET_API_URL=http://127.0.0.1:8765."""
    import sys

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    peer = AkismetPeer()
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    server.peer = peer
    print(f"Akismet-compatible peer on http://127.0.0.1:{port} (key: test-key); "
          "the author name akismet-guaranteed-spam is always spam", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
