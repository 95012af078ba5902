"""The client's IP address, honouring the trusted proxy's header.

xtd and django_comments take ``REMOTE_ADDR``, which behind a reverse proxy is
the proxy's own address: every reader would share one rate limit and one
Akismet reputation. ``BLUEDOMES_CLIENT_IP_HEADER`` names the header the
proxy sets (e.g. ``X-Forwarded-For`` or ``X-Real-IP``); leave it empty when
nothing trusted sits in front, since clients can send any header they like."""

import ipaddress

from django.conf import settings


def _valid(candidate):
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def client_ip(request):
    header = settings.BLUEDOMES_CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        # A proxy appends the address it saw to X-Forwarded-For; entries to
        # its left came from the client and may be forged, so only the last
        # one is trusted.
        entries = [entry for entry in value.split(",") if entry.strip()]
        if entries:
            address = _valid(entries[-1])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", "")) or "127.0.0.1"


def network_key(address):
    """The unit a per-address limit counts: an IPv4 address itself, or the
    /64 an IPv6 address belongs to, since one subscriber line is routinely
    handed a whole /64 and could otherwise pose as 2^64 readers."""
    try:
        parsed = ipaddress.ip_address(str(address).strip())
    except ValueError:
        return str(address)
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def client_network(request):
    """``network_key`` of the request's client address."""
    return network_key(client_ip(request))
