"""One HTTP request within fixed bounds: the building block of :mod:`mlchoose.verify.fetch`.

The body is read only for a success, only up to a size cap (what lies beyond is never
downloaded); compressed bodies are inflated here, within the cap. The whole request (connect,
the status line and headers, the body) ends by one deadline, however slowly a server sends:
every read waits at most ``timeout`` and never past the deadline (:mod:`mlchoose.verify.network`).
Every failure becomes a :class:`Failure` in mlchoose's own words, never the server's.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import mlchoose

if TYPE_CHECKING:
    import httpx

from mlchoose.verify.outcome import PAGE_STATUSES, Failure, PageStatus, printable

__all__ = ["PAGE_STATUSES", "Failure", "PageStatus", "Raw", "Settings", "get", "printable"]
MB: Final = 1024 * 1024
_LATE: Final = "the page took too long to download"


def user_agent() -> str:
    """Names mlchoose, its version and why it calls, so site owners know who reads their pages."""
    return f"mlchoose/{mlchoose.__version__} (+https://github.com/mlchoose; catalog fact check)"


@dataclass(frozen=True)
class Settings:
    """The bounds of a fetch; tests shrink the times to keep the suite fast."""

    workers: int = 8
    per_host: int = 2
    #: Seconds for each network wait (connecting, each read).
    timeout: float = 10.0
    #: Seconds for a whole request, from connecting to the body's last byte: a server trickling
    #: its headers or its body cannot stall us.
    deadline: float = 30.0
    max_bytes: int = 5 * MB
    max_redirects: int = 5
    #: Extra tries after a timeout, a network error, a 5xx or a 429.
    retries: int = 2
    #: Seconds before the first retry, doubled for each next one.
    backoff: float = 0.5
    #: The longest Retry-After honoured; a server asking for more is reported ``blocked``.
    max_retry_after: float = 30.0
    #: Seconds after which a page is given up whatever happens (retries and waits included).
    page_budget: float = 150.0
    robots: bool = True
    user_agent: str = field(default_factory=user_agent)
    #: Loopback, private, link-local and unspecified addresses are refused unless this is set
    #: (``verify --allow-private``, to test against a local server).
    allow_private: bool = False

    def within(self, timeout: float) -> Settings:
        """These settings scaled to ``verify --timeout``: each network wait ``timeout``, a
        request 3 times it (30 s at the default 10 s), a page with its retries 12 times it."""
        from dataclasses import replace

        return replace(self, timeout=timeout, deadline=3 * timeout, page_budget=15 * timeout)


@dataclass(frozen=True)
class Raw:
    """One HTTP response: the headers verify uses and the body, read up to the size cap."""

    url: str
    status: int
    location: str
    content_type: str
    retry_after: str
    body: bytes
    truncated: bool


def new_client(settings: Settings) -> httpx.Client:
    """A client whose every connection goes through :class:`~mlchoose.verify.network.Guard`:
    addresses checked after resolution, at most ``per_host`` connections per address, reads
    bounded by the request's deadline. No keep-alive (each request connects, so each is
    checked and counted) and no proxy from the environment (a proxy would resolve names
    itself, out of the guard's sight)."""
    import httpx

    from mlchoose.verify.network import transport

    return httpx.Client(
        transport=transport(settings.workers, settings.per_host, settings.allow_private),
        trust_env=False,
        headers={
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",  # inflated here, within the size cap
        },
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,  # followed by hand: loops, robots and the count are ours
    )


def get(client: httpx.Client, url: str, settings: Settings, max_bytes: int) -> Raw:
    """One GET without redirects; the body is read (up to ``max_bytes``) only for a 2xx."""
    import httpx

    from mlchoose.verify.network import begin

    deadline = time.monotonic() + settings.deadline
    begin(deadline)
    try:
        with client.stream("GET", url) as response:
            body, truncated = b"", False
            if 200 <= response.status_code < 300:
                body, truncated = _read(response, max_bytes, deadline)
            headers = response.headers
            return Raw(
                url=str(response.url),
                status=response.status_code,
                location=headers.get("location", ""),
                content_type=printable(headers.get("content-type", ""), 200),
                retry_after=headers.get("retry-after", "")[:100],
                body=body,
                truncated=truncated,
            )
    except httpx.TimeoutException as error:
        if time.monotonic() >= deadline:
            raise Failure("unreachable", _LATE) from error
        raise Failure(
            "unreachable", f"timed out after {settings.timeout:g} s", transient=True
        ) from error
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise Failure("unreachable", "not a valid web address") from error
    except httpx.ConnectError as error:
        raise Failure("unreachable", _connect_detail(error), transient=True) from error
    except httpx.HTTPError as error:
        detail = f"network error ({type(error).__name__})"
        raise Failure("unreachable", detail, transient=True) from error


def _connect_detail(error: Exception) -> str:
    import ssl

    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return "TLS handshake or certificate failed"
        cause = cause.__cause__ or cause.__context__
    return "could not connect (DNS, refused or no network)"


def _read(response: httpx.Response, limit: int, deadline: float) -> tuple[bytes, bool]:
    """Up to ``limit`` bytes of the decoded body: what lies beyond is never downloaded.

    gzip and deflate are inflated here with an output bound, so a small compressed body that
    inflates to gigabytes costs no more memory than an honest page.
    """
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        raise Failure("unreachable", "the server used a compression mlchoose does not read")
    inflater = zlib.decompressobj(47) if encoding not in ("", "identity") else None
    data = bytearray()
    try:
        for chunk in response.iter_raw():  # as they arrive, so the deadline is checked often
            if time.monotonic() > deadline:
                raise Failure("unreachable", _LATE)
            data += inflater.decompress(chunk, limit + 1 - len(data)) if inflater else chunk
            if len(data) > limit:
                return bytes(data[:limit]), True
    except zlib.error as error:
        raise Failure("unreachable", "the compressed page is damaged") from error
    return bytes(data), False
