"""Another blog on loopback, for the ping tests: pages with or without links,
Link and X-Pingback headers, redirects, 410s, slow answers, a Webmention
endpoint and a Pingback XML-RPC server that record what they receive.

    with PeerBlog() as blog:
        blog.page("/post/", '<a href="http://testserver/...">us</a>')
        blog.webmention_endpoint("/wm?token=1")
        ...  # blog.url("/post/"), blog.webmentions, blog.requests

It speaks plain HTTP/1.1 through the standard library's server, so what our
code sends is what a real blog would receive."""

import threading
import time
import xmlrpc.client
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between body bytes
    handler: object = None  # for POST endpoints: callable(request) -> (status, headers, body)


@dataclass
class Received:
    method: str
    path: str  # with the query string
    headers: dict
    body: bytes


class PeerBlog:
    def __init__(self, host="127.0.0.1"):
        self.routes = {}
        self.requests = []
        self.webmentions = []  # dicts: path, source, target
        self.pingbacks = []  # (source, target)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, 0), self._handler_class())
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path="/"):
        return self.base + path

    # Routes -------------------------------------------------------------

    def page(self, path, html, *, status=200, headers=None, content_type="text/html; charset=utf-8", **kw):
        body = html.encode() if isinstance(html, str) else html
        self.routes[path] = Route(status, body, {"Content-Type": content_type, **(headers or {})}, **kw)

    def redirect(self, path, location, status=302):
        self.routes[path] = Route(status, b"", {"Location": location})

    def gone(self, path):
        self.page(path, "<p>This post was deleted.</p>", status=410)

    def webmention_endpoint(self, path, *, status=202, body="Accepted"):
        def handle(request):
            form = parse_qs(request.body.decode())
            self.webmentions.append(
                {"path": request.path, "source": form.get("source", [""])[0], "target": form.get("target", [""])[0]}
            )
            return status, {"Content-Type": "text/plain"}, body.encode()

        self.routes[urlsplit(path).path] = Route(handler=handle)

    def pingback_server(self, path, answer=lambda source, target: "Pingback registered."):
        """``answer`` returns the value to send back, or an xmlrpc.client.Fault."""

        def handle(request):
            (source, target), method = xmlrpc.client.loads(request.body)
            assert method == "pingback.ping"
            self.pingbacks.append((source, target))
            result = answer(source, target)
            if isinstance(result, xmlrpc.client.Fault):
                payload = xmlrpc.client.dumps(result, methodresponse=True)
            else:
                payload = xmlrpc.client.dumps((result,), methodresponse=True)
            return 200, {"Content-Type": "text/xml"}, payload.encode()

        self.routes[path] = Route(handler=handle)

    def hits(self, path):
        return [request for request in self.requests if urlsplit(request.path).path == path]

    # Serving -------------------------------------------------------------

    def _handler_class(self):
        blog = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                self._serve()

            def do_POST(self):
                self._serve()

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = Received(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
                with blog._lock:
                    blog.requests.append(request)
                route = blog.routes.get(urlsplit(self.path).path) or blog.routes.get(self.path)
                if route is None:
                    route = Route(404, b"<p>Not found</p>", {"Content-Type": "text/html"})
                if route.delay:
                    time.sleep(route.delay)
                status, headers, body = route.status, route.headers, route.body
                if route.handler:
                    status, headers, body = route.handler(request)
                self.send_response(status)
                for name, value in headers.items():
                    for item in value if isinstance(value, list) else [value]:
                        self.send_header(name, item)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if route.drip:
                        for index in range(len(body)):
                            self.wfile.write(body[index:index + 1])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on a slow peer

            def log_message(self, *args):
                pass

        return Handler
