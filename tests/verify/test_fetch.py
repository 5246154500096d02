"""Fetching against a local server: statuses, redirects, retries, robots, bounds."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
from collections import Counter
from dataclasses import replace

import pytest

from mlchoose.verify.fetch import Page, fetch_pages, same_place
from mlchoose.verify.request import Settings, user_agent
from tests.verify.conftest import Handler, Route, Site, serve
from tests.verify.samples import tiny_pdf

FAST = Settings(
    timeout=1.0, deadline=3.0, retries=2, backoff=0.0, max_retry_after=1.0, allow_private=True
)
QUOTE_PAGE = "<html><body><p>Tuition is <b>$30,200</b> per year.</p></body></html>"


def fetch(*urls: str, settings: Settings = FAST) -> dict[str, Page]:
    return {page.url: page for page in fetch_pages(urls, settings)}


def one(url: str, settings: Settings = FAST) -> Page:
    return fetch(url, settings=settings)[url]


def test_a_page_is_read_with_mlchooses_user_agent(site: Site) -> None:
    site.page("/ok", QUOTE_PAGE)
    page = one(site.url("/ok"))
    assert (page.status, page.http_status, page.detail) == ("ok", 200, "")
    assert "Tuition is $30,200 per year." in page.text
    assert page.content_type == "text/html; charset=utf-8"
    agents = {agent for path, _, agent in site.requests if path == "/ok"}
    assert agents == {user_agent()}
    assert user_agent().startswith("mlchoose/") and "catalog fact check" in user_agent()


def test_a_redirect_to_another_path_is_moved_and_still_read(site: Site) -> None:
    site.redirect("/old", "/new")
    site.page("/new", QUOTE_PAGE)
    page = one(site.url("/old"))
    assert page.status == "moved"
    assert page.final_url == site.url("/new")
    assert page.detail == f"moved to {site.url('/new')}"
    assert "$30,200" in page.text


def test_a_redirect_that_only_adds_a_slash_is_not_a_move(site: Site) -> None:
    site.redirect("/dir", "/dir/", status=302)
    site.page("/dir/", QUOTE_PAGE)
    assert one(site.url("/dir")).status == "ok"


def test_same_place() -> None:
    assert same_place("http://www.a.edu/x", "https://a.edu/x/?utm=1")
    assert not same_place("https://a.edu/x", "https://a.edu/y")
    assert not same_place("https://a.edu/x", "https://b.edu/x")


def test_a_redirect_loop_is_an_error(site: Site) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", site.url("/a"))
    page = one(site.url("/a"))
    assert (page.status, page.detail) == ("unreachable", "redirect loop")


def test_five_redirects_are_followed_and_six_are_too_many(site: Site) -> None:
    for hop in range(6):
        site.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    site.page("/hop6", QUOTE_PAGE)
    assert one(site.url("/hop1")).status == "moved"
    page = one(site.url("/hop0"))
    assert (page.status, page.detail) == ("unreachable", "more than 5 redirects")


def test_a_redirect_to_another_scheme_or_nowhere_is_not_followed(site: Site) -> None:
    site.redirect("/file", "file:///etc/passwd")
    site.redirect("/bad", "http://[::1")
    site.page("/no-location", "", status=302)
    assert one(site.url("/file")).detail == "redirected to an address that is not a web page"
    assert one(site.url("/bad")).status == "unreachable"  # httpx itself rejects the Location
    assert one(site.url("/no-location")).detail == "HTTP 302 redirect without a Location"


@pytest.mark.parametrize(
    ("status", "word"),
    [(404, "gone"), (410, "gone"), (401, "blocked"), (403, "blocked"), (400, "unreachable")],
)
def test_error_statuses(site: Site, status: int, word: str) -> None:
    site.page("/x", "<p>no</p>", status=status)
    page = one(site.url("/x"))
    assert (page.status, page.http_status, page.detail, page.text) == (
        word,
        status,
        f"HTTP {status}",
        "",
    )


def test_429_with_retry_after_is_honoured(site: Site) -> None:
    site.page("/busy", "", status=429, headers={"Retry-After": "0"})
    site.page("/later", "<p>fine</p>")

    def busy_once(handler: Handler) -> None:
        site.routes["/busy-once"] = site.routes["/later"]
        site.routes["/busy"](handler)

    site.routes["/busy-once"] = busy_once
    assert one(site.url("/busy-once")).status == "ok"
    page = one(site.url("/busy"))
    assert (page.status, page.detail) == ("blocked", "HTTP 429 after 3 tries")
    assert site.count("/busy") == 3


def test_429_asking_for_a_long_wait_is_blocked_at_once(site: Site) -> None:
    site.page("/slow-down", "", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    page = one(site.url("/slow-down"))
    # Hang guards, not speed goals: each bound is far below what a hang would take.
    assert time.monotonic() - started < 30
    assert (page.status, page.detail) == ("blocked", "HTTP 429: asked to wait 3600 s")
    assert site.count("/slow-down") == 1


def test_server_errors_are_retried_then_unreachable(site: Site) -> None:
    site.page("/down", "", status=503)
    site.page("/up", "<p>fine</p>")

    def flaky(handler: Handler) -> None:
        site.routes["/flaky"] = site.routes["/up"]
        site.routes["/down"](handler)

    site.routes["/flaky"] = flaky
    assert one(site.url("/flaky")).status == "ok"
    page = one(site.url("/down"), replace(FAST, retries=1))
    assert (page.status, page.detail) == ("unreachable", "HTTP 503 after 2 tries")
    assert site.count("/down") == 2


def test_a_slow_server_times_out(site: Site) -> None:
    def slow(handler: Handler) -> None:
        site.sleep(10)
        site.routes["/ok"](handler)

    site.page("/ok", QUOTE_PAGE)
    site.routes["/slow"] = slow
    started = time.monotonic()
    page = one(site.url("/slow"), replace(FAST, timeout=0.2, retries=1))
    assert time.monotonic() - started < 10  # a hang guard: both tries would take 20 s
    assert (page.status, page.detail) == ("unreachable", "timed out after 0.2 s")
    assert site.count("/slow") == 2


def test_a_trickling_server_hits_the_deadline(site: Site) -> None:
    def trickle(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(1000):
            handler.wfile.write(b"x" * 100)
            handler.wfile.flush()
            site.sleep(0.05)

    site.routes["/trickle"] = trickle
    started = time.monotonic()
    page = one(site.url("/trickle"), replace(FAST, deadline=0.3, retries=0))
    assert time.monotonic() - started < 20  # the whole trickle takes 50 s
    assert (page.status, page.detail) == ("unreachable", "the page took too long to download")


def test_nothing_listening_is_unreachable_quickly() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page = one(f"http://127.0.0.1:{port}/", replace(FAST, retries=1))
    assert page.status == "unreachable"
    assert page.detail == "could not connect (DNS, refused or no network)"


def test_not_a_web_address() -> None:
    for url in ("ftp://example.org/x", "nonsense", "http://"):
        assert one(url).status == "unreachable"


def test_a_50_mb_page_is_cut_at_the_cap_with_bounded_memory(site: Site) -> None:
    sent = [0]

    def huge(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(50 * 1024 * 1024))
        handler.end_headers()
        chunk = b"tuition " * 8192
        while sent[0] < 50 * 1024 * 1024:
            handler.wfile.write(chunk)
            sent[0] += len(chunk)

    site.routes["/huge"] = huge
    tracemalloc.start()
    try:
        page = one(site.url("/huge"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert page.status == "ok" and page.truncated
    assert len(page.text) == 5 * 1024 * 1024
    assert page.detail == "only the first 5 MB read"
    assert peak < 40 * 1024 * 1024
    assert sent[0] < 30 * 1024 * 1024  # the server was cut off, not read to the end


def test_a_compressed_bomb_is_inflated_only_up_to_the_cap(site: Site) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    site.page("/bomb", bomb, content_type="text/plain", headers={"Content-Encoding": "gzip"})
    site.page(
        "/small",
        gzip.compress(b"Tuition $30,200"),
        "text/plain",
        headers={"Content-Encoding": "gzip"},
    )
    small = one(site.url("/small"))
    assert small.text == "Tuition $30,200"
    page = one(site.url("/bomb"), replace(FAST, max_bytes=1024 * 1024))
    assert page.truncated and len(page.text) == 1024 * 1024


def test_robots_txt_is_read_once_and_obeyed(site: Site) -> None:
    site.page("/robots.txt", "User-agent: mlchoose\nDisallow: /private\n", "text/plain")
    for name in ("a", "b", "c"):
        site.page(f"/public/{name}", "<p>fine</p>")
    site.page("/private/x", "<p>secret</p>")
    urls = [site.url(f"/public/{name}") for name in "abc"] + [site.url("/private/x")]
    pages = fetch(*urls)
    assert [pages[url].status for url in urls] == ["ok", "ok", "ok", "blocked"]
    assert pages[urls[-1]].detail == f"robots.txt disallows {urls[-1]}"
    assert site.count("/robots.txt") == 1
    assert site.count("/private/x") == 0


def test_robots_txt_that_fails_allows(site: Site) -> None:
    site.page("/robots.txt", "", status=500)
    site.page("/p", "<p>fine</p>")
    assert one(site.url("/p"), replace(FAST, retries=0)).status == "ok"


def _slowish(site: Site, paths: list[str]) -> Counter[str]:
    """Routes that take 0.15 s; the counter's ``peak`` is how many were inside at once,
    counted before the answer is sent (so a client that has it cannot be counted twice)."""
    inside: Counter[str] = Counter()

    def slowish(handler: Handler) -> None:
        with site.lock:
            inside["now"] += 1
            inside["peak"] = max(inside["peak"], inside["now"])
        site.sleep(0.15)
        with site.lock:
            inside["now"] -= 1
        site.routes["/ok"](handler)

    site.page("/ok", "<p>fine</p>")
    for path in paths:
        site.routes[path] = slowish
    return inside


def test_at_most_two_requests_per_address_at_a_time_whatever_its_name(site: Site) -> None:
    """Seven spellings of one server share its two places (issue 28, point 5)."""
    names = ["127.0.0.1", "localhost", "2130706433", "127.1", "0x7f000001", "[::ffff:127.0.0.1]"]
    paths = [f"/s{number}" for number in range(2)]
    inside = _slowish(site, paths)
    urls = [site.url(path, host=name) for path in paths for name in names]
    if not _has_ipv6_mapped():
        urls = [url for url in urls if "::ffff" not in url]
    pages = fetch(*urls)
    assert {page.status for page in pages.values()} == {"ok"}
    assert inside["peak"] <= 2  # six names, one address: never more than two at once


def _has_ipv6_mapped() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.settimeout(0.2)
            return probe.connect_ex(("::ffff:127.0.0.1", 9)) in (0, 111)
    except OSError:
        return False


def test_two_addresses_are_fetched_side_by_side(site: Site, other_site: Site) -> None:
    paths = [f"/s{number}" for number in range(4)]
    here, there = _slowish(site, paths), _slowish(other_site, paths)
    pages = fetch(*[s.url(path) for path in paths for s in (site, other_site)])
    assert {page.status for page in pages.values()} == {"ok"}
    assert here["peak"] <= 2 and there["peak"] <= 2
    assert max(here["peak"], there["peak"]) == 2


def test_each_url_is_fetched_once(site: Site) -> None:
    site.page("/ok", "<p>fine</p>")
    assert len(fetch(site.url("/ok"), site.url("/ok"))) == 1
    assert site.count("/ok") == 1


def test_a_pdf_is_read(site: Site) -> None:
    site.page("/fees.pdf", tiny_pdf("Tuition 2025-26: $30,200"), "application/pdf")
    page = one(site.url("/fees.pdf"))
    assert "$30,200" in page.text and page.content_type == "application/pdf"


def test_non_utf8_text_is_decoded(site: Site) -> None:
    site.page("/latin", "<p>Caf\xe9 “fees”</p>".encode("cp1252"), "text/html; charset=windows-1252")
    site.page("/undeclared", "<p>Caf\xe9 “fees”</p>".encode("cp1252"), "text/html")
    for path in ("/latin", "/undeclared"):
        assert "Café “fees”" in one(site.url(path)).text


def test_escape_sequences_never_reach_text_or_detail(site: Site) -> None:
    hostile = "<p>\x1b[2J\x1b]0;owned\x07Tuition \x1b[31m$30,200</p>"
    site.page("/escape", hostile.encode())
    site.redirect("/to-escape", "/escape")
    page = one(site.url("/to-escape"))
    for text in (page.text, page.detail, page.final_url, page.content_type):
        assert "\x1b" not in text and "\x07" not in text
    assert page.detail.isprintable()


def test_fetching_nothing_returns_nothing() -> None:
    assert list(fetch_pages([], FAST)) == []


def test_retry_after_as_a_date_or_junk(site: Site) -> None:
    site.page("/future", "", status=429, headers={"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"})
    site.page("/junk", "", status=429, headers={"Retry-After": "\u00b2"})
    assert "asked to wait" in one(site.url("/future")).detail
    assert one(site.url("/junk")).detail == "HTTP 429 after 3 tries"


def test_leaving_early_does_not_wait_for_slow_servers(site: Site) -> None:
    def slow(handler: Handler) -> None:
        site.sleep(20)
        site.routes["/ok"](handler)

    site.page("/ok", "<p>fine</p>")
    site.routes["/slow"] = slow
    started = time.monotonic()
    pages = fetch_pages([site.url("/ok"), site.url("/slow", host="localhost")], FAST)
    first = next(iter(pages))
    pages.close()
    assert first.status == "ok"
    assert time.monotonic() - started < 10  # a hang guard: waiting would take 20 s


def test_a_page_past_its_budget_is_given_up(site: Site) -> None:
    """Whatever hangs (a DNS lookup beyond httpx's timeouts), verify does not."""

    def hang(handler: Handler) -> None:
        site.sleep(20)

    site.routes["/hang"] = hang
    site.page("/ok", "<p>fine</p>")
    started = time.monotonic()
    pages = fetch(
        site.url("/hang"), site.url("/ok"), settings=replace(FAST, timeout=30, page_budget=0.3)
    )
    assert time.monotonic() - started < 10  # a hang guard: the server answers after 20 s
    assert pages[site.url("/hang")].detail == "no answer within 0.3 s"
    assert pages[site.url("/ok")].status == "ok"


def _trickle_headers(site: Site) -> Route:
    def trickle(handler: Handler) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + b"X-Pad: " + b"a" * 1000
        for byte in head:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            site.sleep(0.05)

    return trickle


def test_headers_sent_a_byte_at_a_time_hit_the_deadline(site: Site) -> None:
    """Each byte comes well within the timeout; only the request's deadline ends it."""
    site.routes["/slow-head"] = _trickle_headers(site)
    started = time.monotonic()
    page = one(site.url("/slow-head"), replace(FAST, timeout=0.5, deadline=0.6, retries=2))
    assert time.monotonic() - started < 1.2  # one request, not retried: the whole trickle is 50 s
    assert (page.status, page.detail) == ("unreachable", "the page took too long to download")
    assert site.count("/slow-head") == 1


def test_a_trickling_robots_txt_holds_its_site_only_until_the_deadline(site: Site) -> None:
    site.routes["/robots.txt"] = _trickle_headers(site)
    site.page("/a", "<p>fine</p>")
    site.page("/b", "<p>fine</p>")
    started = time.monotonic()
    pages = fetch(site.url("/a"), site.url("/b"), settings=replace(FAST, deadline=0.4))
    assert time.monotonic() - started < 1.2
    assert {page.status for page in pages.values()} == {"ok"}  # an unreadable robots.txt allows


def test_a_redirect_to_another_port_is_another_page(site: Site) -> None:
    """Another port is another server: the page moved (issue 28, point 8)."""
    with serve("127.0.0.1") as other:
        other.page("/p", QUOTE_PAGE)
        site.redirect("/p", other.url("/p"))
        page = one(site.url("/p"))
    assert (page.status, page.final_url) == ("moved", other.url("/p"))
    assert not same_place("http://a.edu:8080/x", "http://a.edu:9090/x")
    assert not same_place("http://a.edu:8080/x", "https://a.edu:8443/x")
    assert same_place("http://a.edu/x", "https://a.edu:443/x")
    assert same_place("http://a.edu:80/x", "https://a.edu/x")


def test_a_hostile_page_is_read_and_checked_in_bounded_time(site: Site) -> None:
    """The pages that held verify for minutes (issue 28, point 3) take milliseconds."""
    site.page("/comments", "<p>Tuition is $30,200</p>" + "<!--" * 170_000)
    site.page("/tags", "<p>Tuition is $30,200</p>" + "<a" * 500_000)
    started = time.monotonic()
    pages = fetch(site.url("/comments"), site.url("/tags"))
    assert time.monotonic() - started < 1.0
    for page in pages.values():
        assert page.status == "ok" and "Tuition is $30,200" in page.text


def test_a_page_too_slow_to_read_is_unreachable_not_a_partial_text() -> None:
    """Issue 28: parsing within --timeout; a page stopped part-way is not read as changed."""
    from mlchoose.verify.fetch import _page
    from mlchoose.verify.request import Raw

    body = ("&a" * 2_500_000).encode()
    raw = Raw("https://example.edu/x", 200, "", "text/html", "", body, False)
    page = _page("https://example.edu/x", raw, replace(FAST, timeout=0.01))
    assert (page.status, page.text) == ("unreachable", "")
    assert "took longer than" in page.detail
