"""deploy/nginx's page-cache rules, run by a real nginx (the benchmark's
configuration, which includes the deploy files as they are) in front of a
loopback server standing in for the web servers: which requests get a file,
which go to Python, and that Python sees each request as the reader sent it."""

import http.client
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import nginx, servers

PAGE = "/2026/01/02/shekara/"
pytestmark = pytest.mark.skipif(nginx.binary() is None, reason="nginx is not installed")


class Site(BaseHTTPRequestHandler):
    """Answers what it was asked, as JSON; 404 for the page it does not have."""

    def _answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = 404 if self.path.startswith("/nowhere/") else 200
        answer = json.dumps({"method": self.command, "path": self.path, "body": body.decode()}).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_HEAD = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("nginx")
    cache = workdir / "page-cache"
    for language in ("en", "ru", "kk"):
        folder = cache / "127.0.0.1" / language / PAGE.strip("/")
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f"<p>file {language}</p>")
    site = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    port = servers.free_port()
    config = nginx.configure(workdir / "run", port=port, app_port=site.server_port, cache_dir=cache)
    process = subprocess.Popen([nginx.binary(), "-c", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        servers.wait_until_up(f"http://127.0.0.1:{port}/up/", process)
        yield port, workdir / "run"
    finally:
        process.terminate()
        process.wait(timeout=10)
        site.shutdown()
        site.server_close()


def ask(front, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", front[0], timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode(), response
    finally:
        connection.close()


def from_python(answer):
    status, body, _ = answer
    return status, json.loads(body)


def test_a_reader_without_state_gets_the_file(front):
    status, body, response = ask(front, "GET", PAGE)
    assert (status, body) == (200, "<p>file en</p>")
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")


def test_head_gets_the_files_headers(front):
    status, body, response = ask(front, "HEAD", PAGE)
    assert (status, body) == (200, "")
    assert int(response.getheader("Content-Length")) == len("<p>file en</p>")


@pytest.mark.parametrize("headers, language", [
    ({"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}, "ru"),
    ({"Accept-Language": "kk"}, "kk"),
    ({"Accept-Language": "ru", "Cookie": "bd_language=kk"}, "kk"),
    ({"Cookie": "theme=dark; bd_language=ru"}, "ru"),
])
def test_the_language_picks_the_folder(front, headers, language):
    assert ask(front, "GET", PAGE, headers)[1] == f"<p>file {language}</p>"


@pytest.mark.parametrize("headers", [
    {"Accept-Language": "de-DE,de;q=0.9"},
    {"Accept-Language": "en;q=0.5,ru"},
    {"Cookie": "bd_language=uz"},
    {"Cookie": "theme=dark; sessionid=abc"},
    {"Cookie": "bd_commenter=%D0%90%D0%B9"},
    {"Cookie": "bluedomes_reader=token"},
])
def test_a_language_nginx_cannot_tell_or_a_reader_with_state_goes_to_python(front, headers):
    assert from_python(ask(front, "GET", PAGE, headers)) == (200, {"method": "GET", "path": PAGE, "body": ""})


def test_a_query_string_goes_to_python_as_sent(front):
    path = f"{PAGE}?replytocom=12&lang=ru"
    assert from_python(ask(front, "GET", path))[1]["path"] == path


def test_a_post_goes_to_python_with_its_body(front):
    body = "name=%D0%90%D0%B9%D0%B3%D0%B5%D1%80%D0%B8%D0%BC&comment=%E8%BE%B9%E5%A2%83"
    answer = ask(front, "POST", PAGE, {"Content-Type": "application/x-www-form-urlencoded"}, body)
    assert from_python(answer) == (200, {"method": "POST", "path": PAGE, "body": body})


def test_other_methods_go_to_python(front):
    assert from_python(ask(front, "PUT", PAGE, body="x"))[1]["method"] == "PUT"


@pytest.mark.parametrize("path", [
    "/2026/01/02/other/",
    "/%D1%88%D0%B5%D0%BA%D0%B0%D1%80%D0%B0/",
    "/feed",
    "/2026/01/02/shekara/index.html",
    "/2026/01/02/shekara/%3F/",
])
def test_a_page_without_a_file_goes_to_python_at_the_address_asked(front, path):
    assert from_python(ask(front, "GET", path)) == (200, {"method": "GET", "path": path, "body": ""})


def test_pythons_own_not_found_reaches_the_reader(front):
    assert from_python(ask(front, "GET", "/nowhere/"))[0] == 404


def test_missing_files_leave_no_error_log_lines(front):
    ask(front, "GET", "/2026/01/02/other/")
    ask(front, "POST", PAGE, body="x")
    log = front[1] / "nginx-error.log"
    assert not log.exists() or "No such file" not in log.read_text()
