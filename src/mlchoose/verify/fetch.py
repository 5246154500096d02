"""Fetching the catalog's cited pages politely, concurrently and within fixed bounds.

Only ``verify`` needs the network, so httpx is imported inside the functions: no other command
pays for it at start-up. Every bound is a setting (:class:`Settings`): a pool of workers, at most
two requests at a time per host name here and per resolved address in
:mod:`mlchoose.verify.network` (which also refuses private addresses without consent), a
timeout for each network wait and a deadline for each request, headers included, at most 5
redirects, 5 MB read per page (the rest is never downloaded, so a 50 MB page costs 5 MB of
memory), a few retries with exponential backoff for server errors and timeouts, and a bounded
wait when a server answers 429 with Retry-After. robots.txt is read once per host; a page it
disallows is ``blocked`` and never requested.

A :class:`Page` carries only text mlchoose wrote or sanitised: a page's own words end up in
``text`` (without control characters, see :mod:`mlchoose.verify.pagetext`), never in ``detail``.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urljoin, urlsplit

from mlchoose.verify.pagetext import TooSlow, page_text
from mlchoose.verify.request import (
    MB,
    Failure,
    PageStatus,
    Raw,
    Settings,
    get,
    new_client,
    printable,
)
from mlchoose.verify.robots import Robots

if TYPE_CHECKING:
    from concurrent.futures import Future

    import httpx


@dataclass(frozen=True)
class Page:
    """What became of one URL: a status word, the page's text when it was read, and why."""

    url: str
    final_url: str
    status: PageStatus
    http_status: int | None
    content_type: str
    text: str
    detail: str
    truncated: bool = False


def fetch_pages(
    urls: Iterable[str], settings: Settings | None = None
) -> Generator[Page, None, None]:
    """Fetch each distinct URL once, yielding pages as they complete.

    A host never has more than ``per_host`` requests running, and workers never wait for a
    busy host: a URL is only handed to the pool when its host has room. Closing the generator
    (or Ctrl-C) drops what is left without waiting for requests under way.
    """
    settings = settings or Settings()
    queues: dict[str, deque[str]] = {}
    for url in dict.fromkeys(urls):
        queues.setdefault(_host(url), deque()).append(url)
    client, pool = new_client(settings), _Pool(settings.workers)
    robots = Robots(lambda url: get(client, url, settings, 512 * 1024), settings.user_agent)
    running: dict[Future[Page], _Task] = {}
    busy: Counter[str] = Counter()
    try:
        while queues or running:
            for host in list(queues):
                while queues[host] and busy[host] < max(1, settings.per_host):
                    task = _Task(host, queues[host].popleft())
                    running[pool.submit(partial(task.run, client, settings, robots))] = task
                    busy[host] += 1
                if not queues[host]:
                    del queues[host]
            yield from _finished(running, busy, settings.page_budget)
    finally:
        # On Ctrl-C or an early stop, queued URLs are dropped and closing the client ends the
        # requests under way, so leaving never waits for a slow server.
        pool.shutdown()
        client.close()


@dataclass
class _Task:
    """One URL in the pool; ``started`` is set by the worker thread that takes it."""

    host: str
    url: str
    started: float = 0.0

    def run(self, client: httpx.Client, settings: Settings, robots: Robots) -> Page:
        self.started = time.monotonic()
        return fetch_page(client, self.url, settings, robots)


def _finished(
    running: dict[Future[Page], _Task], busy: Counter[str], budget: float
) -> Iterator[Page]:
    """Pages done, and pages given up on: a worker stuck past the budget (a DNS lookup that
    hangs is beyond httpx's timeouts) is left behind, and its URL reported unreachable."""
    from concurrent.futures import FIRST_COMPLETED, wait

    done, _ = wait(running, timeout=min(1.0, budget), return_when=FIRST_COMPLETED)
    now = time.monotonic()
    for future, task in list(running.items()):
        late = 0 < task.started < now - budget
        if future in done or late:
            del running[future]
            busy[task.host] -= 1
            yield future.result() if future in done else _late(task.url, budget)


def _late(url: str, budget: float) -> Page:
    return Page(url, url, "unreachable", None, "", "", f"no answer within {budget:g} s")


class _Pool:
    """Worker threads that never hold up leaving: daemon threads, so an interrupted run ends
    at once instead of waiting (as a ThreadPoolExecutor's exit does) for a worker stuck in a
    DNS lookup. Every wait of a worker is bounded anyway (see :mod:`mlchoose.verify.network`)."""

    def __init__(self, workers: int) -> None:
        self._size = max(1, workers)
        self._jobs: queue.SimpleQueue[tuple[Future[Page], Callable[[], Page]] | None]
        self._jobs = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []

    def submit(self, call: Callable[[], Page]) -> Future[Page]:
        from concurrent.futures import Future

        future: Future[Page] = Future()
        self._jobs.put((future, call))
        if len(self._threads) < self._size:
            worker = threading.Thread(target=self._work, name="mlchoose-fetch", daemon=True)
            self._threads.append(worker)
            worker.start()
        return future

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, call = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as error:  # handed to the thread waiting for the page
                future.set_exception(error)

    def shutdown(self) -> None:
        """Cancel what is queued and let the workers end after their current page."""
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[0].cancel()
        for _ in self._threads:
            self._jobs.put(None)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""


def fetch_page(client: httpx.Client, url: str, settings: Settings, robots: Robots) -> Page:
    """Fetch one URL, following redirects; never raises."""
    try:
        raw = _follow(client, url, settings, robots)
    except Failure as failure:
        return Page(url, url, failure.status, None, "", "", failure.detail)
    except Exception as error:  # a bug or a library surprise: one page, not the whole run
        name = type(error).__name__
        return Page(url, url, "unreachable", None, "", "", f"unexpected error ({name})")
    return _page(url, raw, settings)


def _follow(client: httpx.Client, url: str, settings: Settings, robots: Robots) -> Raw:
    """The final response after at most ``max_redirects`` redirects, each hop allowed by robots."""
    seen = {url}
    current = url
    for _hop in range(settings.max_redirects + 1):
        if settings.robots and not robots.allowed(current):
            raise Failure("blocked", f"robots.txt disallows {printable(current)}")
        raw = _with_retries(client, current, settings)
        if raw.status not in (301, 302, 303, 307, 308):
            return raw
        if not raw.location:
            raise Failure("unreachable", f"HTTP {raw.status} redirect without a Location")
        current = _next(current, raw.location)
        if urlsplit(current).scheme not in ("http", "https"):
            raise Failure("unreachable", "redirected to an address that is not a web page")
        if current in seen:
            raise Failure("unreachable", "redirect loop")
        seen.add(current)
    raise Failure("unreachable", f"more than {settings.max_redirects} redirects")


def _next(current: str, location: str) -> str:
    """The absolute address a Location header points to, without its fragment."""
    try:
        return urljoin(current, location).partition("#")[0]
    except ValueError as error:  # e.g. a malformed IPv6 host
        raise Failure("unreachable", "redirected to an invalid address") from error


def _with_retries(client: httpx.Client, url: str, settings: Settings) -> Raw:
    """One request, retried with exponential backoff after 5xx, 429, timeouts and network errors."""
    for attempt in range(settings.retries + 1):
        last = attempt == settings.retries
        try:
            raw = get(client, url, settings, settings.max_bytes)
        except Failure as failure:
            if last or not failure.transient:
                raise
            _sleep(settings.backoff * 2**attempt)
            continue
        if raw.status == 429:
            wait = _retry_after(raw.retry_after, settings.backoff * 2**attempt)
            if wait > settings.max_retry_after:
                raise Failure("blocked", f"HTTP 429: asked to wait {wait:.0f} s")
            if last:
                raise Failure("blocked", f"HTTP 429 after {attempt + 1} tries")
            _sleep(wait)
        elif raw.status >= 500 and not last:
            _sleep(settings.backoff * 2**attempt)
        else:
            return raw
    raise AssertionError("unreachable: the last attempt returns or raises")


def _sleep(seconds: float) -> None:
    if seconds > 0:
        time.sleep(seconds)


def _retry_after(value: str, default: float) -> float:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    value = value.strip()
    if not value:
        return default
    if value.isascii() and value.isdigit():
        return float(min(int(value[:9]), 10**8))
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return default


def _page(url: str, raw: Raw, settings: Settings) -> Page:
    """The page-level verdict for a final (non-redirect) response."""
    final = printable(raw.url, 2000)
    status = raw.status
    if 200 <= status < 300:
        moved = not same_place(url, raw.url)
        try:
            text = page_text(raw.body, raw.content_type, budget=settings.timeout)
        except TooSlow as slow:
            return Page(url, final, "unreachable", status, raw.content_type, "", str(slow))
        notes = [f"moved to {final}"] if moved else []
        if raw.truncated:
            notes.append(f"only the first {settings.max_bytes // MB} MB read")
        if not text.strip():
            notes.append("no text could be extracted")
        word: PageStatus = "moved" if moved else "ok"
        return Page(
            url, final, word, status, raw.content_type, text, "; ".join(notes), raw.truncated
        )
    tries = f" after {settings.retries + 1} tries" if status >= 500 and settings.retries else ""
    detail = f"HTTP {status}{tries}"
    return Page(url, final, _status_word(status), status, raw.content_type, "", detail)


def _status_word(status: int) -> PageStatus:
    if status in (404, 410):
        return "gone"
    if status in (401, 403, 429, 451):
        return "blocked"
    return "unreachable"


def same_place(original: str, final: str) -> bool:
    """Whether a redirect kept the page where the catalog says it is.

    Host, port and path count: http to https (each on its default port), a ``www.`` prefix, a
    trailing slash or the query do not make a page ``moved``; another port does (it is
    another server).
    """
    a, b = urlsplit(original), urlsplit(final)
    return (
        _bare_host(a.hostname) == _bare_host(b.hostname)
        and _path(a.path) == _path(b.path)
        and _same_port(a, b)
    )


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _same_port(a: SplitResult, b: SplitResult) -> bool:
    ports = []
    for parts in (a, b):
        try:
            port = parts.port
        except ValueError:
            return False
        default = _DEFAULT_PORTS.get(parts.scheme)
        ports.append(None if port is None or port == default else port)
    return ports[0] == ports[1]


def _bare_host(host: str | None) -> str:
    host = (host or "").casefold()
    return host.removeprefix("www.")


def _path(path: str) -> str:
    from urllib.parse import unquote

    return unquote(path).rstrip("/") or "/"
