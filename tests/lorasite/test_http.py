"""The shared request helpers: client address behind the proxy, rate-limit keys, safe CSV cells."""

import csv
import io

import pytest
from django.test import RequestFactory

from lorasite.http import client_ip, csv_cell, csv_row, rate_limit_key


def request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="198.51.100.7")) == "203.0.113.9"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # the first entry was written by the client itself: a spoofed address proves nothing
    assert client_ip(request(remote="10.0.0.2", forwarded="1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(remote="10.0.0.2", forwarded="1.2.3.4, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "999.1.1.1"])
def test_a_malformed_forwarded_header_falls_back_or_gives_nothing(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(remote="10.0.0.2", forwarded=forwarded)) in ("10.0.0.2", "")


def test_rate_limit_keys_group_ipv6_by_network_and_never_hold_the_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    a = rate_limit_key(request("2001:db8:1:2::1"), "signup")
    b = rate_limit_key(request("2001:db8:1:2:ffff::9"), "signup")
    c = rate_limit_key(request("2001:db8:1:3::1"), "signup")
    assert a == b != c
    assert rate_limit_key(request("203.0.113.9"), "signup") != rate_limit_key(request("203.0.113.10"), "signup")
    assert rate_limit_key(request(), "signup") != rate_limit_key(request(), "login")
    assert "203.0.113.9" not in rate_limit_key(request(), "signup")


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"])
def test_formula_cells_are_written_as_text(value):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(["ok", value, 7]))
    written = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert written == ["ok", "'" + value, "7"]


def test_plain_values_pass_unchanged():
    assert csv_cell("LoRA rank") == "LoRA rank" and csv_cell(-3) == -3 and csv_cell(None) is None
