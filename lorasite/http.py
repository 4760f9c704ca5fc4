"""Request helpers every app may import (the one module of ``lorasite`` besides ``lorasite.jobs``):
the client's address behind the trusted proxy, rate-limit keys, and CSV cells a spreadsheet will not
run as formulas."""

import hashlib
import ipaddress

from django.conf import settings

# Cells a spreadsheet reads as a formula (or that hide one behind a tab or carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def client_ip(request):
    """The address of whoever sent ``request``.

    With ``TRUSTED_PROXY_COUNT`` = n (proxies we run in front of gunicorn, each appending to
    X-Forwarded-For), the client is the n-th address from the right; anything further left was
    written by the client and proves nothing. Without trusted proxies, or with a malformed header,
    it is the socket's peer (REMOTE_ADDR).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return ""


def rate_limit_key(request, scope):
    """A cache key that counts ``scope`` actions per client: per address for IPv4, per /64 network
    for IPv6 (one subscriber's whole allocation). The address itself is hashed, never stored."""
    address = client_ip(request) or "unknown"
    if ":" in address:
        address = str(ipaddress.ip_network(f"{address}/64", strict=False))
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"ratelimit:{scope}:{digest}"


def csv_cell(value):
    """``value`` safe to open in a spreadsheet: text beginning with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a leading apostrophe, so it shows as text instead of running as a
    formula (CSV injection). Numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_row(values):
    return [csv_cell(value) for value in values]
