"""THE one outbound HTTP function: every fetch of a URL a stranger gave us
(pingback and webmention verification, endpoint discovery, sending) goes
through ``fetch()``.

Why each rule is here:
- Only http/https, and only public addresses on the standard ports, so the
  pingback and webmention endpoints cannot be used to probe our own network
  or a cloud metadata service (169.254.169.254).
- The host is resolved once, every address checked, and the connection made
  to the checked address while the request keeps the original Host header
  and TLS server name: a DNS answer that changes between the check and the
  connection (DNS rebinding) cannot smuggle in a private address.
- Every redirect hop is checked the same way; at most three are followed.
- A connect timeout, one deadline for the whole fetch (enforced on every read
  and write, so a server dripping one byte a second cannot hold us), and a
  size cap applied after decompression, so a gzip bomb stops at the cap.

``settings.BLUEDOMES_ALLOW_PRIVATE_URLS`` lifts the address and port checks
for tests and staging; nothing else changes."""

import ipaddress
import os
import socket
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode, urljoin

import httpcore
import httpx
from django.conf import settings

CONNECT_TIMEOUT = 3.0
DEADLINE = 10.0
MAX_BYTES = 1024 * 1024
MAX_REDIRECTS = 3
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
STANDARD_PORTS = {"http": 80, "https": 443}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"



class FetchError(Exception):
    """The URL could not be fetched. ``transient`` says whether trying again
    later may succeed (timeouts, refused connections) or not (a refused address)."""

    transient = False

    def __init__(self, reason, *, transient=None):
        super().__init__(reason)
        self.reason = reason
        if transient is not None:
            self.transient = transient


class BlockedURL(FetchError):
    """Refused before connecting: scheme, credentials, address or port."""


class Unreachable(FetchError):
    """The name did not resolve or the server refused the connection."""


class FetchTimeout(FetchError):
    """The connect timeout or the whole-fetch deadline ran out."""

    transient = True


class UpstreamError(FetchError):
    """The server answered with something that is not valid HTTP, or broke off."""

    transient = True


class TooManyRedirects(FetchError):
    """More than MAX_REDIRECTS redirects."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes
    truncated: bool  # True when reading stopped at the size cap

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self):
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def is_html(self):
        return self.content_type in HTML_TYPES

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def text(self):
        try:
            return self.content.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def user_agent():
    return f"{settings.SITE_NAME} (bluedomes; +{settings.SITE_URL}/)"


def resolve(host, port):
    """The addresses ``host`` resolves to, in the resolver's order. Tests
    replace this to play a public host name without a real DNS."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def is_allowed_endpoint(address, port):
    """May we connect to ``address``:``port``? Only public unicast addresses on
    the standard ports, unless BLUEDOMES_ALLOW_PRIVATE_URLS."""
    if settings.BLUEDOMES_ALLOW_PRIVATE_URLS:
        return True
    if port not in STANDARD_PORTS.values():
        return False
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour or ip.teredo):
        # An IPv6 spelling of an IPv4 address: refused outright rather than
        # trusting every stack to route it as the IPv4 address it hides.
        return False
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def fetch(url, *, method="GET", data=None, content=None, headers=None, max_bytes=MAX_BYTES, deadline=None):
    """Fetch ``url`` within the safety rules above and return a FetchResult.

    ``data`` (a dict) is sent form-encoded, ``content`` as is. GET requests
    follow redirects; POSTs do not, since a redirected POST would resend our
    payload to a place its sender did not choose. Raises FetchError."""
    method = method.upper()
    request_headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"}
    if method == "GET":
        request_headers["Accept"] = ACCEPT_HTML
    if data is not None:
        content = urlencode(data).encode()
        request_headers["Content-Type"] = "application/x-www-form-urlencoded"
    request_headers.update(headers or {})

    expires = time.monotonic() + (deadline or DEADLINE)
    backend = _PinnedBackend(expires)
    current = url
    with httpcore.ConnectionPool(ssl_context=_ssl_context(), network_backend=backend, retries=0) as pool:
        for _hop in range(MAX_REDIRECTS + 1):
            target = _check(current, backend, expires)
            with _mapped_errors():
                with pool.stream(
                    method,
                    httpcore.URL(scheme=target.raw_scheme, host=target.raw_host, port=target.port,
                                 target=target.raw_path),
                    headers=list(request_headers.items()),
                    content=content,
                    extensions={"timeout": _timeouts(expires)},
                ) as response:
                    response_headers = httpx.Headers(response.headers)
                    location = response_headers.get("location")
                    if method == "GET" and response.status in REDIRECT_STATUSES and location:
                        current = urljoin(str(target), location.strip())
                        continue
                    body, truncated = _read(response, response_headers, max_bytes)
                    return FetchResult(str(target), response.status, response_headers, body, truncated)
    raise TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")


def _check(url, backend, expires):
    """Parse ``url``, resolve its host and pin the connection to a checked address."""
    try:
        target = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise BlockedURL("not a valid URL") from None
    if target.scheme not in STANDARD_PORTS:
        raise BlockedURL("only http and https URLs are fetched")
    if target.userinfo:
        raise BlockedURL("URLs with credentials are not fetched")
    host = target.raw_host.decode("ascii").lower()
    if not host:
        raise BlockedURL("the URL has no host")
    port = target.port or STANDARD_PORTS[target.scheme]
    addresses = _resolve_within(host, port, expires)
    if not all(is_allowed_endpoint(address, port) for address in addresses):
        raise BlockedURL(f"{host}:{port} is not a public address on a standard port")
    backend.pins[(host, port)] = addresses[0]
    return target


def _resolve_within(host, port, expires):
    future = _resolver_pool(os.getpid()).submit(resolve, host, port)
    try:
        addresses = future.result(timeout=max(0.0, expires - time.monotonic()))
    except FutureTimeout:
        raise FetchTimeout(f"resolving {host} took too long") from None
    except (OSError, UnicodeError):
        raise Unreachable(f"{host} does not resolve") from None
    if not addresses:
        raise Unreachable(f"{host} does not resolve")
    return addresses


def _timeouts(expires):
    remaining = max(0.001, expires - time.monotonic())
    return {"connect": min(CONNECT_TIMEOUT, remaining), "read": remaining, "write": remaining, "pool": remaining}


def _read(response, headers, max_bytes):
    """Read at most ``max_bytes`` of the decoded body."""
    decoder = _decoder(headers.get("content-encoding", "").strip().lower())
    chunks, size = [], 0
    for raw in response.iter_stream():
        piece = decoder(raw, max_bytes - size + 1)
        chunks.append(piece)
        size += len(piece)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], True
    return b"".join(chunks), False


def _decoder(encoding):
    if encoding in ("", "identity"):
        return lambda raw, _limit: raw
    if encoding in ("gzip", "x-gzip", "deflate"):
        # wbits 47 accepts gzip and zlib headers alike; servers disagree on
        # what "deflate" means, and raw deflate is rare enough to ignore.
        inflater = zlib.decompressobj(47)

        def inflate(raw, limit):
            try:
                return inflater.decompress(inflater.unconsumed_tail + raw, max(1, limit))
            except zlib.error:
                raise UpstreamError("the body does not decompress") from None

        return inflate
    raise UpstreamError(f"unsupported content encoding {encoding!r}")


class _mapped_errors:
    """httpcore's exceptions as FetchErrors with the right ``transient`` flag."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or issubclass(exc_type, FetchError):
            return False
        if issubclass(exc_type, httpcore.TimeoutException):
            raise FetchTimeout("timed out") from exc
        if issubclass(exc_type, httpcore.ConnectError):
            raise Unreachable(f"could not connect: {exc}", transient=True) from exc
        if issubclass(exc_type, (httpcore.NetworkError, httpcore.ProtocolError)):
            raise UpstreamError(f"broken response: {exc}") from exc
        if issubclass(exc_type, httpcore.UnsupportedProtocol):
            raise BlockedURL(str(exc)) from exc
        return False


@cache
def _resolver_pool(pid):
    """Name resolution has no timeout of its own; running it on a small pool
    lets the deadline apply to it too. One pool per process: a pool inherited
    through fork (gunicorn's preload) has no threads left to run anything."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix=f"bluedomes-dns-{pid}")


@cache
def _ssl_context():
    return httpx.create_ssl_context()


class _PinnedBackend(httpcore.SyncBackend):
    """Connects only to addresses ``_check`` approved, keyed by (host, port);
    TLS still verifies the certificate against the host name."""

    def __init__(self, expires):
        self.pins = {}
        self.expires = expires

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        address = self.pins.get((host.lower(), port))
        if address is None:
            raise httpcore.ConnectError(f"{host}:{port} was not checked")
        remaining = self.expires - time.monotonic()
        if remaining <= 0:
            raise httpcore.ConnectTimeout("deadline reached")
        budget = min(timeout or CONNECT_TIMEOUT, remaining)
        stream = super().connect_tcp(address, port, budget, local_address, socket_options)
        return _DeadlineStream(stream, self.expires)


class _DeadlineStream(httpcore.NetworkStream):
    """Caps every socket operation by the time left until the fetch deadline."""

    def __init__(self, stream, expires):
        self._stream = stream
        self._expires = expires

    def _budget(self, timeout):
        remaining = self._expires - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("deadline reached")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes, timeout=None):
        return self._stream.read(max_bytes, self._budget(timeout))

    def write(self, buffer, timeout=None):
        self._stream.write(buffer, self._budget(timeout))

    def close(self):
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        stream = self._stream.start_tls(ssl_context, server_hostname, self._budget(timeout))
        return _DeadlineStream(stream, self._expires)

    def get_extra_info(self, info):
        return self._stream.get_extra_info(info)
