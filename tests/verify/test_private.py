"""Private networks need consent (issue 28, point 5): loopback, private, link-local and
unspecified addresses, in every spelling, after resolution and after each redirect, are refused
before any connection; ``allow_private`` lets a user test against a local server.

Every refusal here is proved to happen before a socket connects: ``connect`` is replaced by a
recorder that refuses anything but the one local test server a test allows, and the resolver
is a stub wherever a name would otherwise be looked up. No test contacts a private, link-local
or public address.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from mlchoose.verify import network
from mlchoose.verify.fetch import Page, fetch_pages
from mlchoose.verify.network import refusal, same_address
from mlchoose.verify.request import Settings
from tests.verify.conftest import Site

STRICT = Settings(timeout=1.0, deadline=2.0, retries=0, backoff=0.0)
SPELLINGS = (
    "127.0.0.1",
    "localhost",
    "[::ffff:127.0.0.1]",
    "0.0.0.0",
    "2130706433",
    "127.1",
    "0x7f000001",
    "017700000001",
    "[::1]",
    "[::]",
)


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every address a socket tried to connect to; only ``allowed`` ones really connect."""
    tried: list[Any] = []
    allowed: set[str] = set()
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        tried.append(address)
        if address[0] not in allowed:
            raise AssertionError(f"a connection to {address!r} was attempted")
        real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    tried.append(allowed)  # tests add the local server's address to the set at index 0
    yield tried


def pages(*urls: str, settings: Settings = STRICT) -> dict[str, Page]:
    return {page.url: page for page in fetch_pages(urls, settings)}


def test_every_spelling_of_a_local_address_is_blocked_before_connecting(
    site: Site, connects: list[Any]
) -> None:
    site.page("/admin/delete", "<p>secret</p>")
    urls = [site.url("/admin/delete?all=1", host=name) for name in SPELLINGS]
    found = pages(*urls)
    for url in urls:
        page = found[url]
        assert page.status == "blocked", url
        assert "not fetched without --allow-private" in page.detail, page.detail
    assert "a loopback address" in found[urls[0]].detail
    assert "an unspecified address" in found[urls[3]].detail
    assert site.requests == []
    assert connects[1:] == []  # not one connection, not even to robots.txt


def test_names_are_checked_after_resolution(
    monkeypatch: pytest.MonkeyPatch, connects: list[Any]
) -> None:
    answers = {
        "intranet.example": ["10.1.2.3"],
        "metadata.example": ["169.254.169.254"],
        "router.example": ["fe80::1"],
        "mixed.example": ["93.184.216.34", "192.168.0.1"],  # one private answer is enough
        "cgnat.example": ["100.64.0.1"],
    }
    monkeypatch.setattr(network, "resolve", lambda host, port: answers[host])
    urls = [f"http://{name}/page" for name in answers]
    found = pages(*urls)
    details = {url: found[url].detail for url in urls}
    assert {found[url].status for url in urls} == {"blocked"}
    assert "a private address" in details["http://intranet.example/page"]
    assert "(169.254.169.254) is a link-local address" in details["http://metadata.example/page"]
    assert "a link-local address" in details["http://router.example/page"]
    assert "(192.168.0.1) is a private address" in details["http://mixed.example/page"]
    assert connects[1:] == []


def test_a_redirect_to_a_private_address_is_not_followed(
    site: Site, monkeypatch: pytest.MonkeyPatch, connects: list[Any]
) -> None:
    """The first hop is let through (the test server stands in for a public one); the
    redirects to local and private addresses are refused before connecting."""
    real = network.refusal
    monkeypatch.setattr(network, "refusal", lambda a: "" if a == "127.0.0.1" else real(a))
    connects[0].add("127.0.0.1")
    targets = {
        "/to-loopback": f"http://[::1]:{site.port}/admin",
        "/to-private": "http://10.0.0.1/admin",
        "/to-spelled": f"http://0x7f000002:{site.port}/admin",
        "/to-unspecified": f"http://0.0.0.0:{site.port}/admin",
    }
    for path, target in targets.items():
        site.redirect(path, target, status=302)
    found = pages(*(site.url(path) for path in targets))
    for path in targets:
        page = found[site.url(path)]
        assert page.status == "blocked" and "--allow-private" in page.detail, page
    assert {address[0] for address in connects[1:]} == {"127.0.0.1"}
    assert sorted(path for path, _, _ in site.requests if path != "/robots.txt") == sorted(targets)


def test_allow_private_lets_a_local_server_be_checked(site: Site) -> None:
    site.page("/ok", "<p>fine</p>")
    page = pages(site.url("/ok"), settings=replace(STRICT, allow_private=True))[site.url("/ok")]
    assert page.status == "ok"


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.255.0.9", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("64:ff9b::7f00:1", "a loopback address"),
        ("2002:7f00:1::", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("10.0.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fc00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("100.64.0.1", "a reserved address"),
        ("93.184.216.34", ""),
        ("2606:2800:220:1:248:1893:25c8:1946", ""),
        ("nonsense", "not an address"),
    ],
)
def test_refusal(address: str, kind: str) -> None:
    assert refusal(address) == kind


def test_one_spelling_per_address() -> None:
    assert same_address("::ffff:127.0.0.1") == "127.0.0.1"
    assert same_address("0:0:0:0:0:0:0:1") == "::1"
    assert same_address("not-an-ip") == "not-an-ip"


def test_a_hung_address_lookup_is_cut_off_at_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 28: connect (the DNS lookup included) within --timeout."""
    import threading

    import httpcore

    release = threading.Event()

    def hang(host: str, port: int) -> list[str]:
        release.wait(5)
        return ["192.0.2.1"]

    monkeypatch.setattr(network, "resolve", hang)
    try:
        with pytest.raises(httpcore.ConnectTimeout, match="address lookup"):
            network.resolve_within("slow.example", 443, 0.05)
    finally:
        release.set()
