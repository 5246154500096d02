"""A local web site for the fetch tests: standard-library HTTP server in a thread, port 0.

Nothing in these tests reaches the internet: every URL points at 127.0.0.1 (or ``localhost``
and other spellings of it, the same server under other names, to test the per-address limit),
and a second server may listen on 127.0.0.2. Fetching them needs ``allow_private``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Handler = BaseHTTPRequestHandler
Route = Callable[[Handler], None]


@dataclass
class Site:
    """Routes by path; records every request (path, Host header, User-Agent)."""

    port: int = 0
    address: str = "127.0.0.1"
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    active: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)
    peak_all: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, host: str = "") -> str:
        return f"http://{host or self.address}:{self.port}{path}"

    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def route(handler: Handler) -> None:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)

        self.routes[path] = route

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        self.page(path, b"", status=status, headers={"Location": location})

    def count(self, path: str) -> int:
        return sum(1 for seen, _, _ in self.requests if seen == path)

    def sleep(self, seconds: float) -> None:
        """Wait in small steps, so that the server's shutdown is never held up."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self.stop.is_set():
            time.sleep(0.01)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Serve(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            host = self.headers.get("Host", "").rsplit(":", 1)[0]
            with site.lock:
                site.requests.append((self.path, host, self.headers.get("User-Agent", "")))
                site.active[host] += 1
                site.peak[host] = max(site.peak[host], site.active[host])
                site.peak_all = max(site.peak_all, sum(site.active.values()))
            try:
                route = site.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            finally:
                with site.lock:
                    site.active[host] -= 1

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Serve


@contextlib.contextmanager
def serve(address: str) -> Iterator[Site]:
    state = Site(address=address)
    server = ThreadingHTTPServer((address, 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve("127.0.0.1") as state:
        yield state


@pytest.fixture
def other_site() -> Iterator[Site]:
    """A second server on another loopback address (Linux routes all of 127.0.0.0/8 to lo)."""
    try:
        serving = serve("127.0.0.2")
        state = serving.__enter__()
    except OSError:
        pytest.skip("127.0.0.2 is not a loopback address here")
    try:
        yield state
    finally:
        serving.__exit__(None, None, None)
