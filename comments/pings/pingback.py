"""Receiving pingbacks: the XML-RPC endpoint of Pingback 1.0
(hixie.ch/specs/pingback/pingback), with ``pingback.ping``,
``pingback.extensions.getPingbacks`` and ``system.listMethods``.

Pingback answers synchronously, so the source is fetched while the sender
waits, within comments.pings.fetch's caps. Every failure is an XML-RPC fault
carrying the spec's code; nothing here answers 500 or waits unbounded."""

import logging

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from bluedomes.clientip import client_ip

from .. import pipeline
from ..models import Comment
from . import fetch, limits, sourcepage, xmlrpc
from .targets import (
    MAX_URL_LENGTH,
    TargetError,
    accepting_article,
    comparable_url,
    same_url,
    too_long,
)
from .xmlrpc import Fault

logger = logging.getLogger(__name__)

# Pingback 1.0 §3, "Error codes".
GENERIC = 0x0000
SOURCE_NOT_FOUND = 0x0010
NO_LINK = 0x0011
TARGET_NOT_FOUND = 0x0020
TARGET_CLOSED = 0x0021
ALREADY_REGISTERED = 0x0030
ACCESS_DENIED = 0x0031
UPSTREAM_ERROR = 0x0032


@csrf_exempt
def xmlrpc_endpoint(request):
    if request.method != "POST":
        response = HttpResponseNotAllowed(["POST"], _("This XML-RPC server accepts POST requests only."))
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    try:
        method, params = xmlrpc.loads_call(_read_body(request))
        payload = xmlrpc.dumps_response(_dispatch(request, method, params))
    except Fault as fault:
        payload = xmlrpc.dumps_fault(fault)
    return HttpResponse(payload, content_type="text/xml; charset=utf-8")


def _read_body(request):
    """At most MAX_BODY bytes; a larger declared or actual body is refused unread."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > xmlrpc.MAX_BODY:
        raise Fault(xmlrpc.INVALID_REQUEST, f"The request is larger than {xmlrpc.MAX_BODY // 1024} KB.")
    return request.read(xmlrpc.MAX_BODY + 1)


def _dispatch(request, method, params):
    handlers = {
        "pingback.ping": (ping, 2),
        "pingback.extensions.getPingbacks": (get_pingbacks, 1),
        "system.listMethods": (list_methods, 0),
    }
    if method not in handlers:
        raise Fault(xmlrpc.METHOD_NOT_FOUND, f"Method {method!r} does not exist.")
    handler, arity = handlers[method]
    if len(params) != arity or not all(isinstance(param, str) for param in params):
        raise Fault(xmlrpc.INVALID_PARAMS, f"{method} takes {arity} string parameter(s).")
    if any(too_long(param) for param in params):
        raise Fault(xmlrpc.INVALID_PARAMS, f"URLs must be at most {MAX_URL_LENGTH} characters long.")
    try:
        return handler(request, *params)
    except Fault:
        raise
    except Exception:
        # The spec wants a fault for every failure; a bug or a database
        # outage must not turn into a 500 page for an XML-RPC client.
        logger.exception("pingback: %s failed", method)
        raise Fault(GENERIC, "The server could not handle this request.") from None


def list_methods(request):
    return ["pingback.ping", "pingback.extensions.getPingbacks", "system.listMethods"]


def get_pingbacks(request, url):
    """The sources of the approved pings of the article at ``url``
    (Pingback extension "getPingbacks", with the same faults 32 and 33)."""
    article = _target(url)
    pings = Comment.objects.for_article(article).approved().pings().exclude(source_url="")
    return list(pings.order_by("submit_date").values_list("source_url", flat=True))


def ping(request, source, target):
    """pingback.ping: check the target, then fetch the source and store the
    pingback through the comment pipeline. Returns a short confirmation."""

    source, target = source.strip(), target.strip()
    ip_address = client_ip(request)
    if not limits.allow_client(ip_address):
        raise Fault(ACCESS_DENIED, "Too many pingbacks from your address; try again later.")
    article = _target(target)
    if same_url(source, target):
        raise Fault(GENERIC, "The source and the target are the same page.")
    if comparable_url(source) is None:
        raise Fault(SOURCE_NOT_FOUND, "The source URL is not an http or https URL.")
    if Comment.objects.filter(ping_key=pipeline.ping_key(article, source)).exists():
        raise Fault(ALREADY_REGISTERED, "This pingback has already been registered.")
    if not limits.allow_source_host(source):
        raise Fault(ACCESS_DENIED, "Too many pingbacks from that site; try again later.")
    if not limits.acquire_verification(source, target):
        raise Fault(GENERIC, "This pingback is already being checked; try again later.")
    try:
        page = verify(source, target)
        pipeline.receive_ping(
            article,
            type=Comment.Type.PINGBACK,
            source_url=source,
            source_title=page.title,
            source_site_name=page.site_name,
            excerpt=page.excerpt,
            ip_address=ip_address,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except pipeline.DuplicatePing:
        raise Fault(ALREADY_REGISTERED, "This pingback has already been registered.") from None
    finally:
        limits.release_verification(source, target)
    return f"Pingback from {source} to {target} registered. Thanks for linking."


def verify(source, target):
    """Fetch the source and find the link (Pingback 1.0 §3, faults 16, 17, 50).

    A refused address answers like an unreachable one, so the endpoint tells
    a prober nothing about which internal addresses exist."""
    try:
        result = fetch.fetch(source)
    except (fetch.FetchTimeout, fetch.UpstreamError) as error:
        raise Fault(UPSTREAM_ERROR, f"The source could not be fetched: {error.reason}.") from None
    except fetch.FetchError:
        raise Fault(SOURCE_NOT_FOUND, "The source URL cannot be fetched.") from None
    if result.status >= 500:
        raise Fault(UPSTREAM_ERROR, f"The source's server answered {result.status}.")
    if not result.ok:
        raise Fault(SOURCE_NOT_FOUND, f"The source URL answered {result.status}.")
    if not result.is_html:
        raise Fault(SOURCE_NOT_FOUND, "The source is not an HTML page.")
    page = sourcepage.parse(result, target)
    if not page.links_to_target:
        raise Fault(NO_LINK, "The source does not link to the target.")
    return page


def _target(url):
    try:
        return accepting_article(url)
    except TargetError as error:
        raise Fault(error.code, error.message) from None
