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
